import type { Deps } from '../../deps.ts';
import { forbidden, nullIfNotFound } from '../../lib/errors.ts';
import { isModerator, type Viewer } from '../../lib/viewer.ts';
import { emptyContent } from '../documents/documents.content.ts';
import { createDocument, loadDocument } from '../documents/documents.service.ts';

/**
 * The network's description of the animator's role, kept as a guide: any confirmed member
 * improves it, as on a wiki, with its whole history. Tisserin starts it from this template; the
 * network makes it its own.
 */
export const ROLE_GUIDE_TITLE = 'Fiche de poste : animateur ou animatrice de tiers-lieu éducatif';
export const ROLE_GUIDE_SLUG = 'fiche-de-poste-animateur-ou-animatrice-de-tiers-lieu-educatif';

const step = (title: string, text: string) => ({ title, text, images: [] });

export function roleDescriptionContent() {
  return {
    ...emptyContent('guide'),
    title: ROLE_GUIDE_TITLE,
    summary:
      'Ce que fait une personne qui anime un tiers-lieu éducatif (concierge, fabmanager, facilitateur ou facilitatrice), les compétences que cela demande et la façon de le faire reconnaître. Un modèle à adapter à chaque lieu.',
    sections: {
      introduction:
        'Le tiers-lieu éducatif ne vit pas d’un espace et d’équipements seuls : sans animation et sans offre de services pensée avec ses usagers, il n’y a pas de tiers-lieu. L’animateur ou l’animatrice en est la cheville ouvrière.\n\n' +
        '**Intitulés courants** : concierge, fabmanager, facilitateur·rice, médiateur·rice numérique, animateur·rice de tiers-lieu.\n\n' +
        '**Rattachement** : une collectivité, un établissement scolaire, une association ou une médiathèque ; en lien avec l’équipe éducative et les partenaires du lieu.',
      prerequis:
        '- Accueillir des publics variés (élèves, enseignants, familles, habitants) et les mettre en confiance.\n' +
        '- Concevoir et animer des ateliers, seul·e ou avec des enseignants, en pédagogie active.\n' +
        '- Maîtriser les outils du lieu (fabrication numérique, audiovisuel, jardin…) et leurs règles de sécurité.\n' +
        '- Documenter : rendre les projets reproductibles par d’autres lieux, sous licence libre.\n' +
        '- Animer une communauté et un réseau de partenaires ; écouter les usagers et rendre compte de l’impact.',
      ressources:
        '- Les contributions confirmées d’un animateur ou d’une animatrice, ses badges et son attestation se trouvent sur sa page **Mes contributions** : elles rendent ce travail visible auprès de sa hiérarchie.\n' +
        '- À adapter : volume horaire, missions propres au lieu, encadrement, formation continue.',
    },
    steps: [
      step('Accueillir', 'Ouvrir le lieu, accueillir et orienter les publics, faire respecter la charte et les règles de sécurité.'),
      step('Animer', 'Concevoir, préparer et animer des ateliers et des événements, pendant et hors du temps scolaire.'),
      step('Accompagner', 'Accompagner les projets des élèves, des enseignants et des habitants, de l’idée à la réalisation.'),
      step(
        'Documenter et partager',
        'Documenter les projets et les méthodes pour qu’un autre lieu puisse les refaire ; contribuer aux communs du réseau.',
      ),
      step('Faire réseau', 'Tisser les partenariats (établissements, collectivités, associations), participer aux rencontres du réseau.'),
      step('Gérer le lieu', 'Entretenir les équipements, gérer les consommables et les réservations, suivre un budget.'),
      step('Écouter et mesurer', 'Recueillir l’avis des usagers, suivre la fréquentation et rendre compte de l’impact.'),
    ],
  };
}

/** The guide, if the network has it; null otherwise. */
export const findRoleGuide = (deps: Deps, viewer: Viewer | null) => nullIfNotFound(loadDocument(deps, viewer, 'guide', ROLE_GUIDE_SLUG));

/** Publish the template as a guide the network edits (moderators; once). */
export async function publishRoleGuide(deps: Deps, viewer: Viewer | null): Promise<string> {
  if (!isModerator(viewer)) {
    throw forbidden('moderators publish the network’s template');
  }
  const existing = await findRoleGuide(deps, viewer);
  if (existing) {
    return existing.doc.slug;
  }
  const doc = await createDocument(deps, viewer, 'guide', {
    content: roleDescriptionContent(),
    change: 'Modèle proposé par Tisserin',
    publish: true,
  });
  return doc.slug;
}
