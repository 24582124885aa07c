/**
 * The words people use for the same thing, where the French stemmer does not join them
 * ("impression" / "imprimer", "collège" / "collégiens", "photo" / "photographie"). A query word of
 * a family also looks for the others. Words are written unaccented and lower-case, as queries
 * are normalised.
 */
export const WORD_FAMILIES: ReadonlyArray<readonly string[]> = [
  ['impression', 'imprimer', 'imprimante', 'imprime'],
  ['college', 'collegien', 'collegiens', 'collegienne'],
  ['lycee', 'lyceen', 'lyceens', 'lyceenne'],
  ['ecole', 'ecolier', 'ecoliers', 'primaire'],
  ['jeu', 'jeux'],
  ['couture', 'coudre', 'textile'],
  ['soudure', 'souder', 'soudage'],
  ['broderie', 'broder', 'brodeuse'],
  ['photo', 'photos', 'photographie'],
  ['video', 'videos', 'film', 'filmer', 'tournage'],
  ['mediatheque', 'bibliotheque'],
  ['code', 'coder', 'codage', 'programmation', 'programmer'],
  ['radio', 'webradio', 'podcast'],
  ['jardin', 'jardinage', 'potager'],
  ['reparation', 'reparer', 'repair'],
  ['enseignant', 'enseignante', 'professeur', 'professeure', 'prof'],
  ['fablab', 'fablabs', 'makerspace'],
];

/** Each word → the other words of its family. */
const FAMILY_OF = new Map<string, readonly string[]>(
  WORD_FAMILIES.flatMap((family) => family.map((w) => [w, family.filter((o) => o !== w)])),
);

/** The other words that mean the same as `word` (empty when it belongs to no family). */
export function familyOf(word: string): readonly string[] {
  return FAMILY_OF.get(word) ?? [];
}

/**
 * School levels people name in a query, as the documents' level codes: "robotique collège" is
 * about robotics for the collège level, and a project need not write "collège" to be one.
 */
export const LEVEL_WORDS: ReadonlyArray<readonly [phrase: string, level: string]> = [
  ['lycee professionnel', 'lycee-pro'],
  ['lycee pro', 'lycee-pro'],
  ['bac pro', 'lycee-pro'],
  ['maternelle', 'maternelle'],
  ['elementaire', 'elementaire'],
  ['primaire', 'elementaire'],
  ['ecole', 'elementaire'],
  ['cm1', 'elementaire'],
  ['cm2', 'elementaire'],
  ['college', 'college'],
  ['collegiens', 'college'],
  ['lycee', 'lycee'],
  ['lyceens', 'lycee'],
  ['seconde', 'lycee'],
  ['universite', 'superieur'],
  ['etudiants', 'superieur'],
  ['adultes', 'adultes'],
];
