/** The expertise tags and domains of the network's community pages. */
export const EXPERTISES = {
  'co-construction': { fr: 'Co-construction', en: 'Co-construction' },
  design: { fr: 'Design', en: 'Design' },
  'ecoute-usagers': { fr: 'Écoute usagers', en: 'Listening to users' },
  innovation: { fr: 'Innovation', en: 'Innovation' },
  'mesure-impact': { fr: 'Mesure de l’impact', en: 'Impact measurement' },
  numerique: { fr: 'Numérique', en: 'Digital' },
  transverse: { fr: 'Transverse', en: 'Cross-cutting' },
} as const;

export const DOMAINS = {
  'education-superieur-culture': { fr: 'Éducation, Enseignement Supérieur, Culture', en: 'Education, Higher education, Culture' },
  'emploi-formation': { fr: 'Emploi, formation professionnelle', en: 'Employment, vocational training' },
  'jeunesse-sports': { fr: 'Jeunesse, Sports', en: 'Youth, Sports' },
  'solidarites-sante': { fr: 'Solidarités, Santé', en: 'Solidarity, Health' },
  'environnement-transition': { fr: 'Environnement, transition écologique', en: 'Environment, ecological transition' },
  'territoires-ruralite': { fr: 'Territoires, ruralité', en: 'Territories, rural areas' },
} as const;

/** Member counts are shown as ranges, like the network's community page ("Entre 100 et 500"). */
export function memberCountRange(n: number): { key: string; params?: Record<string, number> } {
  if (n < 10) {
    return { key: 'communities.count.under10' };
  }
  const bounds = [10, 50, 100, 500, 1000];
  for (let i = 0; i < bounds.length - 1; i++) {
    const low = bounds[i] ?? 0;
    const high = bounds[i + 1] ?? 0;
    if (n >= low && n < high) {
      return { key: 'communities.count.between', params: { low, high } };
    }
  }
  return { key: 'communities.count.over', params: { n: 1000 } };
}
