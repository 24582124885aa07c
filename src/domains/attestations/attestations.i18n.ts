import type { Message } from '../../lib/i18n.ts';

export const attestationsFr = {
  'attestations.new.title': 'Attestation de contributions',
  'attestations.new.lead':
    'Une attestation à remettre à votre direction, à votre inspection ou à un employeur : les heures confirmées par type et par lieu, qui les a confirmées, vos badges, et un code QR qui mène à sa page de vérification. Un PDF accessible, en français.',
  'attestations.field.start': 'Du',
  'attestations.field.end': 'Au',
  'attestations.new.submit': 'Créer l’attestation',
  'attestations.new.link': 'Attestation (PDF)',
  'attestations.mine': 'Mes attestations',
  'attestations.mineItem': 'Du {start} au {end}, délivrée le {date}',
  'attestations.page.title': 'Attestation de contributions de {name}',
  'attestations.page.lead': '{network} atteste que {name} a contribué à la vie du réseau du {start} au {end}.',
  'attestations.page.delivered': 'Délivrée le {date}. Cette page liste exactement ce que l’attestation atteste.',
  'attestations.page.total': {
    zero: 'Aucune contribution confirmée sur cette période.',
    one: '1 contribution confirmée, {hours}.',
    other: '{count} contributions confirmées, {hours} en tout.',
  },
  'attestations.page.byKind': 'Heures par type de contribution',
  'attestations.page.byPlace': 'Lieux',
  'attestations.page.contributions': 'Contributions confirmées',
  'attestations.page.confirmedBy': 'confirmée par {name}',
  'attestations.page.recorded': 'enregistrée par Tisserin',
  'attestations.page.badges': 'Badges obtenus',
  'attestations.page.download': 'Télécharger le PDF',
  'attestations.page.how':
    'Chaque contribution a été confirmée par une autre personne que son auteur : l’équipe du lieu, un co-auteur du projet ou un modérateur du réseau.',
  'attestations.v.tooLong': 'Une attestation couvre dix ans au plus.',
} satisfies Record<string, Message>;

export const attestationsEn: Record<keyof typeof attestationsFr, Message> = {
  'attestations.new.title': 'Attestation of contributions',
  'attestations.new.lead':
    'An attestation to hand to your principal, your inspector or an employer: confirmed hours by kind and place, who confirmed them, your badges, and a QR code to its verification page. An accessible PDF, in French.',
  'attestations.field.start': 'From',
  'attestations.field.end': 'To',
  'attestations.new.submit': 'Create the attestation',
  'attestations.new.link': 'Attestation (PDF)',
  'attestations.mine': 'My attestations',
  'attestations.mineItem': 'From {start} to {end}, delivered on {date}',
  'attestations.page.title': 'Attestation of contributions of {name}',
  'attestations.page.lead': '{network} attests that {name} contributed to the network from {start} to {end}.',
  'attestations.page.delivered': 'Delivered on {date}. This page lists exactly what the attestation attests.',
  'attestations.page.total': {
    zero: 'No confirmed contribution in this period.',
    one: '1 confirmed contribution, {hours}.',
    other: '{count} confirmed contributions, {hours} in all.',
  },
  'attestations.page.byKind': 'Hours by kind of contribution',
  'attestations.page.byPlace': 'Places',
  'attestations.page.contributions': 'Confirmed contributions',
  'attestations.page.confirmedBy': 'confirmed by {name}',
  'attestations.page.recorded': 'recorded by Tisserin',
  'attestations.page.badges': 'Badges earned',
  'attestations.page.download': 'Download the PDF',
  'attestations.page.how':
    'Each contribution was confirmed by someone other than its author: the place’s team, a co-author of the project or a moderator.',
  'attestations.v.tooLong': 'An attestation covers ten years at most.',
};
