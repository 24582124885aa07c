/**
 * The relevance test set: queries the network's members type (places by town, skills near a
 * commune, projects by theme and level, typos), with what must come first, checked on the demo
 * network. Each case names what a person would check on the page — "the first result is a place
 * in Rennes", "the skill Impression 3D is in the top three" — not ids. Run by the integration
 * test (every case must pass) and by `npm run bench` (pass rate and mean reciprocal rank).
 */

export interface Hit {
  type: string;
  title: string;
  /** Commune line of a place ("35000 Rennes"), licence of a document, family of a skill. */
  meta: string;
  url: string;
}

export interface RelevanceCase {
  /** What the person types. */
  q: string;
  /** Where: the one search (/api/v1/search) or the places directory (/api/v1/places). */
  on: 'search' | 'places';
  /** Extra query string (a "près de" commune and distance, filters). */
  params?: string;
  /** What they are looking for. */
  want: string;
  /** A result that answers them. */
  match: (h: Hit) => boolean;
  /** It must be at most this far down (1: first). */
  within: number;
}

/** Towns within about 150 km of Rennes. */
const BRITTANY_AND_NEIGHBOURS = /Rennes|Vitré|Saint-Malo|Saint-Brieuc|Vannes|Lorient|Quimper|Brest|Laval|Nantes|Angers|Le Mans|Caen/;

const place =
  (town: RegExp, name: RegExp = /./) =>
  (h: Hit) =>
    h.type === 'place' && town.test(h.meta) && name.test(h.title);
const titled = (type: string, title: RegExp) => (h: Hit) => h.type === type && title.test(h.title);

export const RELEVANCE_CASES: RelevanceCase[] = [
  // Places by town, department or region (the one search and the directory).
  { q: 'Rennes', on: 'search', want: 'the place in Rennes', match: place(/Rennes/), within: 1 },
  { q: 'fablab Rennes', on: 'search', want: 'the fablab in Rennes', match: place(/Rennes/, /fablab/i), within: 1 },
  {
    q: 'médiathèque Lyon',
    on: 'search',
    want: 'the library next to Lyon (Villeurbanne)',
    match: place(/Villeurbanne|Lyon/, /Médiathèque/),
    within: 1,
  },
  { q: 'tiers-lieu Marseille', on: 'search', want: 'the place in Marseille', match: place(/Marseille/), within: 1 },
  { q: 'lieux à Toulouse', on: 'search', want: 'the place in Toulouse', match: place(/Toulouse/), within: 1 },
  { q: 'espace jeunes Nantes', on: 'search', want: 'the youth space in Nantes', match: place(/Nantes/), within: 1 },
  {
    q: 'fablab Bretagne',
    on: 'search',
    want: 'a fablab in Brittany',
    match: place(/Rennes|Vannes|Brest|Quimper|Lorient|Saint-Brieuc/, /fablab/i),
    within: 1,
  },
  { q: 'médiathèque Finistère', on: 'search', want: 'the library in Finistère', match: place(/^29/, /Médiathèque/), within: 1 },
  { q: 'CDI Avignon', on: 'search', want: 'the school library in Avignon', match: place(/Avignon/, /CDI|3C/), within: 1 },
  { q: 'learning lab Nice', on: 'search', want: 'the learning lab in Nice', match: place(/Nice/), within: 1 },
  { q: 'le mans', on: 'search', want: 'the place in Le Mans', match: place(/Le Mans/), within: 1 },
  { q: 'fablab 35000', on: 'search', want: 'the fablab of postcode 35000', match: place(/Rennes/, /fablab/i), within: 1 },
  { q: 'atelier près de Vitré', on: 'search', want: 'the nearest place to Vitré (Rennes)', match: place(/Rennes/), within: 1 },
  { q: 'Rennes', on: 'places', want: 'the place in Rennes', match: place(/Rennes/), within: 1 },
  { q: 'fablab Rennes', on: 'places', want: 'the fablab in Rennes', match: place(/Rennes/, /fablab/i), within: 1 },
  {
    q: 'fablab',
    on: 'places',
    params: 'pres=Vitr%C3%A9&km=50',
    want: 'the fablab within 50 km of Vitré',
    match: place(/Rennes/),
    within: 1,
  },
  {
    q: 'imprimante 3D Lyon',
    on: 'places',
    want: 'a place with a 3D printer in or next to Lyon',
    match: place(/Lyon|Villeurbanne/),
    within: 1,
  },
  {
    q: 'mediatheque montpelier',
    on: 'places',
    want: 'the library in Montpellier, despite the typo',
    match: place(/Montpellier/),
    within: 1,
  },
  { q: 'Ille-et-Vilaine', on: 'places', want: 'the places of Ille-et-Vilaine', match: place(/^35/), within: 1 },
  // Skills, by their name, a synonym, a typo.
  { q: 'impression 3D', on: 'search', want: 'the skill Impression 3D', match: titled('skill', /^Impression 3D$/), within: 1 },
  { q: 'laser', on: 'search', want: 'the skill Découpe laser', match: titled('skill', /^Découpe laser$/), within: 3 },
  {
    q: 'decoupe lazer',
    on: 'search',
    want: 'the skill Découpe laser, despite the typo',
    match: titled('skill', /^Découpe laser$/),
    within: 3,
  },
  { q: 'robotique collège', on: 'search', want: 'the skill Robotique', match: titled('skill', /^Robotique$/), within: 3 },
  {
    q: 'robotique collège',
    on: 'search',
    want: 'a robotics project at the collège level',
    match: titled('project', /robot.*(mercredi|5e)/i),
    within: 5,
  },
  { q: 'podcast', on: 'search', want: 'the skill Son et podcast', match: titled('skill', /podcast/i), within: 3 },
  { q: 'couture', on: 'search', want: 'the skill Couture', match: titled('skill', /^Couture$/), within: 3 },
  {
    q: 'programation',
    on: 'search',
    want: 'the skill Programmation, despite the typo',
    match: titled('skill', /^Programmation$/),
    within: 3,
  },
  { q: 'arduino', on: 'search', want: 'the skill Arduino', match: titled('skill', /Arduino/), within: 3 },
  { q: 'robotik', on: 'search', want: 'the skill Robotique, despite the typo', match: titled('skill', /^Robotique$/), within: 3 },
  {
    q: 'imprimante 3d',
    on: 'search',
    want: 'the skill Impression 3D from another word of its family',
    match: titled('skill', /^Impression 3D$/),
    within: 3,
  },
  // Projects by theme and level.
  { q: 'station météo', on: 'search', want: 'a weather station project', match: titled('project', /station météo/i), within: 1 },
  {
    q: 'station météo collège',
    on: 'search',
    want: 'the weather station made at collège',
    match: titled('project', /station météo.*(5e|mercredi)/i),
    within: 1,
  },
  { q: 'scratch CM2', on: 'search', want: 'the Scratch game with CM1-CM2', match: titled('project', /Scratch.*CM1-CM2/), within: 1 },
  { q: 'podcast lycée', on: 'search', want: 'the podcast made with lycéens', match: titled('project', /podcast.*lycéens/i), within: 3 },
  {
    q: 'robot maternelle',
    on: 'search',
    want: 'Thymio robots in nursery school',
    match: titled('project', /Thymio.*maternelle/),
    within: 3,
  },
  { q: 'imprimer échecs', on: 'search', want: 'the printed chess pieces', match: titled('project', /échecs/), within: 1 },
  { q: 'court métrage', on: 'search', want: 'an animated short film project', match: titled('project', /court métrage/), within: 1 },
  {
    q: 'repair café',
    on: 'search',
    want: 'a repair café project or guide (the skill Réparation may come first)',
    match: (h) => /repair café/i.test(h.title) && (h.type === 'project' || h.type === 'guide'),
    within: 2,
  },
  { q: 'îlots de chaleur', on: 'search', want: 'the heat-island map', match: titled('project', /îlots de chaleur/), within: 1 },
  { q: 'fanzine', on: 'search', want: 'the fanzine project', match: titled('project', /fanzine/), within: 1 },
  { q: 'badge lumineux', on: 'search', want: 'the light-up badge', match: titled('project', /badge lumineux/), within: 1 },
  { q: 'marque-pages laser', on: 'search', want: 'the laser-cut bookmarks', match: titled('project', /marque-pages/), within: 1 },
  { q: 'thymio', on: 'search', want: 'the Thymio robots (tool or project)', match: (h) => /Thymio/.test(h.title), within: 1 },
  // Guides and tools.
  {
    q: 'sécurité découpeuse laser',
    on: 'search',
    want: 'the laser safety guide',
    match: titled('guide', /sécurité à la découpeuse laser/),
    within: 1,
  },
  { q: 'financer tiers-lieu', on: 'search', want: 'the funding guide', match: titled('guide', /Financer/), within: 1 },
  {
    q: 'accueillir une classe',
    on: 'search',
    want: 'the guide to welcoming a class',
    match: titled('guide', /Accueillir une classe/),
    within: 1,
  },
  { q: 'licence libre documentation', on: 'search', want: 'the guide to licences', match: titled('guide', /licences/), within: 3 },
  { q: 'inkscape', on: 'search', want: 'the tool Inkscape', match: titled('tool', /^Inkscape$/), within: 1 },
  { q: 'dessin vectoriel', on: 'search', want: 'Inkscape, by what it does', match: titled('tool', /^Inkscape$/), within: 3 },
  { q: 'freecad', on: 'search', want: 'the tool FreeCAD', match: titled('tool', /^FreeCAD$/), within: 1 },
  // Communities and people.
  {
    q: 'fablabs scolaires bretagne',
    on: 'search',
    want: 'the Breton school fablabs community',
    match: titled('community', /Fablabs scolaires de Bretagne/),
    within: 3,
  },
  {
    q: 'communauté des tiers-lieux éducatifs',
    on: 'search',
    want: 'the network’s community',
    match: titled('community', /Communauté des tiers-lieux éducatifs/i),
    within: 1,
  },
  {
    q: 'fabmanager Rennes',
    on: 'search',
    want: 'a fabmanager near Rennes',
    match: (h) => h.type === 'member' && BRITTANY_AND_NEIGHBOURS.test(h.meta),
    within: 3,
  },
];

export interface RelevanceOutcome {
  case: RelevanceCase;
  /** 1-based rank of the first result that answers, or null when none of the first 20 does. */
  rank: number | null;
  passed: boolean;
  top: string[];
}

/** Run every case through `fetchJson` (a GET of the API path), return each outcome, the pass rate and the MRR. */
export async function runRelevance(
  fetchJson: (path: string) => Promise<unknown>,
): Promise<{ outcomes: RelevanceOutcome[]; passRate: number; mrr: number }> {
  const outcomes: RelevanceOutcome[] = [];
  for (const c of RELEVANCE_CASES) {
    const qs = `q=${encodeURIComponent(c.q)}${c.params ? `&${c.params}` : ''}`;
    let hits: Hit[];
    if (c.on === 'search') {
      const body = (await fetchJson(`/api/v1/search?${qs}`)) as {
        items: Array<{ type: string; title: string; meta: string | null; url: string }>;
      };
      hits = body.items.map((i) => ({ type: i.type, title: i.title, meta: i.meta ?? '', url: i.url }));
    } else {
      const body = (await fetchJson(`/api/v1/places?${qs}`)) as {
        items: Array<{ name: string; commune: string | null; department: string | null; url: string }>;
      };
      hits = body.items.map((p) => ({ type: 'place', title: p.name, meta: `${p.department ?? ''} ${p.commune ?? ''}`.trim(), url: p.url }));
    }
    const index = hits.slice(0, 20).findIndex(c.match);
    const rank = index >= 0 ? index + 1 : null;
    outcomes.push({
      case: c,
      rank,
      passed: rank !== null && rank <= c.within,
      top: hits.slice(0, 3).map((h) => `${h.type}: ${h.title} (${h.meta})`),
    });
  }
  const passRate = outcomes.filter((o) => o.passed).length / outcomes.length;
  const mrr = outcomes.reduce((sum, o) => sum + (o.rank ? 1 / o.rank : 0), 0) / outcomes.length;
  return { outcomes, passRate, mrr };
}
