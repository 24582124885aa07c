/**
 * The network's own community page (the founding document, in ../shared/seeds), field for
 * field: what the demo network shows at /communautes/communaute-des-tiers-lieux-educatifs.
 */
export const SEED_COMMUNITY = {
  name: 'Communauté des tiers-lieux éducatifs',
  publishedOn: '2021-06-15',
  scale: 'france' as const,
  referent: 'Benjamin Gentils',
  expertises: ['co-construction', 'design', 'ecoute-usagers', 'innovation', 'mesure-impact', 'numerique', 'transverse'],
  oneLiner: 'Mise en réseau des porteurs et documentation des projets de tiers-lieux éducatifs',
  objectives: [
    'Faire communauté : mailler un écosystème de compétences, projets, espaces, au-delà des périmètres (territoriaux, disciplinaires, institutionnels, etc.).',
    'Faire émerger un patrimoine informationnel commun : mutualiser des outils libres et open source et des dispositifs de documentation est la seule garantie d’une non enclosure et d’une circulation des savoirs. C’est pourquoi ils sont plébiscités dans les tiers-lieux.',
    'Créer un cadre RH adapté qui permette la naissance, le développement et la valorisation des projets qui habitent les tiers-lieux : cela passe notamment par la reconnaissance du poste clé d’animateur de tiers-lieu/concierge/fabmanager/facilitateur et celle des contributions des enseignants qui les accompagnent en dehors de leur activité d’enseignement.',
  ].join('\n\n'),
  activities: [
    'Faire communauté : mailler un écosystème de compétences, projets, espaces, au-delà des périmètres (territoriaux, disciplinaires, institutionnels, etc).',
    'Faire émerger un patrimoine informationnel commun : mutualiser des outils libres et open source et des dispositifs de documentation est la seule garantie d’une non enclosure et d’une circulation des savoirs. C’est pourquoi ils sont plébiscités dans les tiers-lieux.',
    'Créer un cadre RH adapté qui permette la naissance, le développement et la valorisation des projets qui habitent les tiers-lieux : cela passe notamment par la reconnaissance du poste clé d’animateur de tiers-lieu/concierge/fabmanager/facilitateur et celle des contributions des enseignants qui les accompagnent en dehors de leur activité d’enseignement.',
    'Dépasser les effets de mode : si l’on ne peut que se réjouir d’une vraie appétence pour les tiers lieux sous toutes leurs formes, gare aux effets d’annonce qui peuvent par la suite s’avérer très déceptifs et donc contre-productifs. La convivialité d’un espace et des équipements technologiques sont loin d’être suffisants. Sans une animation et une offre de services dédiés, sans capacité à s’adapter en permanence aux besoins des usagers, sans un certain nombre de valeurs clairement affichées, il n‘y a pas de tiers-lieu.',
  ].join('\n\n'),
  links: [
    {
      label: 'Le réseau des tiers-lieux éducatifs se structure, le 110 bis y contribue',
      url: 'https://medium.com/@lab110bis/le-r%C3%A9seau-des-tiers-lieux-%C3%A9ducatifs-se-structure-le-110-bis-y-contribue-b39d73afee41',
    },
  ],
  domains: ['education-superieur-culture', 'emploi-formation', 'jeunesse-sports'],
};
