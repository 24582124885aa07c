/**
 * Curated lists a place picks from. Codes are stable (URLs, API, facets); labels are shown in
 * the reader's language. Add an entry at the end of a list; never rename a code.
 */
export type Vocabulary = Record<string, { fr: string; en: string }>;

export const PLACE_KINDS = {
  fablab: { fr: 'Fablab', en: 'Fab lab' },
  'learning-lab': { fr: 'Learning lab', en: 'Learning lab' },
  cdi: { fr: 'CDI / 3C', en: 'School library (CDI / 3C)' },
  mediatheque: { fr: 'Médiathèque', en: 'Public library' },
  'espace-jeunes': { fr: 'Espace jeunes', en: 'Youth space' },
  'tiers-lieu-scolaire': { fr: 'Tiers-lieu scolaire', en: 'School third place' },
  campus: { fr: 'Campus / université', en: 'Campus / university' },
  associatif: { fr: 'Tiers-lieu associatif', en: 'Community third place' },
  makerspace: { fr: 'Makerspace', en: 'Makerspace' },
  'espace-numerique': { fr: 'Espace public numérique', en: 'Public digital space' },
  'centre-social': { fr: 'Centre social', en: 'Community centre' },
  'living-lab': { fr: 'Living lab', en: 'Living lab' },
} satisfies Vocabulary;

export const EQUIPMENT = {
  'imprimante-3d': { fr: 'Imprimante 3D', en: '3D printer' },
  'decoupe-laser': { fr: 'Découpeuse laser', en: 'Laser cutter' },
  'decoupe-vinyle': { fr: 'Découpeuse vinyle', en: 'Vinyl cutter' },
  'fraiseuse-cnc': { fr: 'Fraiseuse numérique (CNC)', en: 'CNC milling machine' },
  brodeuse: { fr: 'Brodeuse numérique', en: 'Embroidery machine' },
  electronique: { fr: 'Atelier électronique', en: 'Electronics bench' },
  robotique: { fr: 'Kits de robotique', en: 'Robotics kits' },
  'realite-virtuelle': { fr: 'Casques de réalité virtuelle', en: 'VR headsets' },
  'studio-video': { fr: 'Studio vidéo / fond vert', en: 'Video studio / green screen' },
  'studio-son': { fr: 'Studio son / podcast', en: 'Sound / podcast studio' },
  ordinateurs: { fr: 'Postes informatiques', en: 'Computers' },
  tablettes: { fr: 'Tablettes', en: 'Tablets' },
  'machine-a-coudre': { fr: 'Machines à coudre', en: 'Sewing machines' },
  'outillage-bois': { fr: 'Outillage bois', en: 'Woodworking tools' },
  'scanner-3d': { fr: 'Scanner 3D', en: '3D scanner' },
  'presse-sublimation': { fr: 'Presse à chaud / sublimation', en: 'Heat press' },
} satisfies Vocabulary;

export const SERVICES = {
  'acces-libre': { fr: 'Accès libre (open lab)', en: 'Open access (open lab)' },
  ateliers: { fr: 'Ateliers encadrés', en: 'Guided workshops' },
  'accueil-classes': { fr: 'Accueil de classes', en: 'School classes welcome' },
  formations: { fr: 'Formations', en: 'Training' },
  'accompagnement-projets': { fr: 'Accompagnement de projets', en: 'Project support' },
  'pret-materiel': { fr: 'Prêt de matériel', en: 'Equipment lending' },
  'mediation-numerique': { fr: 'Médiation numérique', en: 'Digital inclusion support' },
  residences: { fr: 'Résidences', en: 'Residencies' },
  'repair-cafe': { fr: 'Repair café', en: 'Repair café' },
  coworking: { fr: 'Coworking', en: 'Coworking' },
  evenements: { fr: 'Événements et rencontres', en: 'Events and meet-ups' },
  'location-espace': { fr: 'Location d’espace', en: 'Space rental' },
} satisfies Vocabulary;

export const AUDIENCES = {
  maternelle: { fr: 'Maternelle', en: 'Nursery school' },
  elementaire: { fr: 'Élémentaire', en: 'Primary school' },
  college: { fr: 'Collège', en: 'Lower secondary' },
  lycee: { fr: 'Lycée', en: 'Upper secondary' },
  etudiants: { fr: 'Étudiants', en: 'Students' },
  enseignants: { fr: 'Enseignants', en: 'Teachers' },
  jeunes: { fr: 'Jeunes 16-25 ans', en: 'Young people 16-25' },
  familles: { fr: 'Familles', en: 'Families' },
  seniors: { fr: 'Seniors', en: 'Seniors' },
  professionnels: { fr: 'Professionnels', en: 'Professionals' },
  'tout-public': { fr: 'Tout public', en: 'Everyone' },
} satisfies Vocabulary;

export const ACCESSIBILITY = {
  pmr: { fr: 'Accessible en fauteuil roulant', en: 'Wheelchair accessible' },
  'boucle-magnetique': { fr: 'Boucle magnétique', en: 'Hearing loop' },
  falc: { fr: 'Documents en FALC', en: 'Easy-to-read documents' },
  lsf: { fr: 'Accueil en langue des signes', en: 'Sign language welcome' },
  'transports-communs': { fr: 'Desservi par les transports en commun', en: 'Served by public transport' },
  parking: { fr: 'Parking', en: 'Parking' },
} satisfies Vocabulary;

export type Kind = keyof typeof PLACE_KINDS;

export const codes = <V extends Vocabulary>(v: V) => Object.keys(v) as [keyof V & string, ...(keyof V & string)[]];

/** Label of a code in a locale; unknown codes (retired entries) show as themselves. */
export function label(v: Vocabulary, code: string, locale: 'fr' | 'en'): string {
  return v[code]?.[locale] ?? code;
}

/** A vocabulary as the options of a select or checkbox group, in the reader's language. */
export function optionsOf(v: Vocabulary, locale: 'fr' | 'en'): Array<{ value: string; label: string }> {
  return Object.entries(v).map(([value, l]) => ({ value, label: l[locale] }));
}

export const VOCABULARIES = {
  kind: PLACE_KINDS,
  equipment: EQUIPMENT,
  service: SERVICES,
  audience: AUDIENCES,
  accessibility: ACCESSIBILITY,
} as const;
