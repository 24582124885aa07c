import {
  type Commune,
  communeCentre,
  findCommunesByPostcode,
  getDepartment,
  getRegion,
  listDepartments,
  listRegions,
  normalizeName,
  searchCommunesByName,
} from './territories.ts';

/**
 * Where a search is about, read from the words people type: "fablab Rennes", "robotique près
 * de Vitré", "médiathèques en Bretagne", "Ille-et-Vilaine", "35000". The location's words are
 * taken out of the query; what is left is searched as text, near that place.
 */
export interface Location {
  kind: 'commune' | 'department' | 'region';
  code: string;
  /** As people write it: "Rennes", "Ille-et-Vilaine", "Bretagne". */
  name: string;
  /** Department code of a commune, to tell homonyms apart ("Saint-Denis (974)"). */
  departmentCode?: string;
  regionCode?: string;
  /** A commune's centre, for distances. */
  lat?: number;
  lng?: number;
}

export interface LocatedQuery {
  location: Location | null;
  /** The other words, normalised (lower-case, no accents), in the order typed. */
  rest: string[];
}

/** Small words around a place name: "à Rennes", "près de Vitré", "dans le Finistère", "en Bretagne". */
const LINK_WORDS = new Set([
  'a',
  'au',
  'aux',
  'en',
  'de',
  'du',
  'des',
  'd',
  'pres',
  'proche',
  'autour',
  'vers',
  'sur',
  'dans',
  'le',
  'la',
  'les',
  'l',
  'cote',
  'region',
  'departement',
  'ville',
]);

/** Department names that are also everyday words: found only when nothing else is typed. */
const AMBIGUOUS = new Set(['nord', 'cher', 'lot', 'somme', 'manche', 'aube', 'landes', 'ain', 'orne', 'var', 'gard', 'loire', 'marne']);

/** Communes whose name is also an everyday word ("avion en papier", "les cinq sens"): found only alone. */
const COMMON_WORDS = new Set([
  'avion',
  'sens',
  'orange',
  'mer',
  'eu',
  'vire',
  'grasse',
  'lure',
  'plan',
  'pont',
  'bar',
  'port',
  'mur',
  'gap',
  'digne',
  'moulins',
  'vue',
  'noyal',
]);

/** Regions people name otherwise. */
const REGION_ALIASES: Record<string, string> = { paca: '93', idf: '11', reunion: '04' };

/** A single word must name a commune this big to locate a search that holds other words… */
const MIN_POPULATION_ONE_WORD = 5000;
const MIN_POPULATION_SEVERAL_WORDS = 1000;
/** …or this big when typed alone ("couture", a village, is first a word). */
const MIN_POPULATION_ALONE = 2000;
/** Below this, a one-word commune that the network's texts use as a word is read as a word. */
const MIN_POPULATION_OVER_WORDS = 10_000;

let territoryNames: Map<string, Location> | undefined;

function territories(): Map<string, Location> {
  if (!territoryNames) {
    territoryNames = new Map();
    for (const d of listDepartments()) {
      territoryNames.set(normalizeName(d.name), { kind: 'department', code: d.code, name: d.name, regionCode: d.regionCode });
    }
    // Regions after departments: "Guadeloupe" or "Corse" is a region first.
    for (const r of listRegions()) {
      territoryNames.set(normalizeName(r.name), { kind: 'region', code: r.code, name: r.name });
    }
    for (const [alias, code] of Object.entries(REGION_ALIASES)) {
      const r = getRegion(code);
      if (r) {
        territoryNames.set(alias, { kind: 'region', code, name: r.name });
      }
    }
  }
  return territoryNames;
}

function communeLocation(c: Commune): Location {
  const centre = communeCentre(c.code);
  return {
    kind: 'commune',
    code: c.code,
    name: c.name,
    departmentCode: c.departmentCode,
    regionCode: c.regionCode,
    ...(centre ? { lat: centre.lat, lng: centre.lng } : {}),
  };
}

/** The location a phrase names, if any: a territory, a commune (the most populous of that name), a postcode. */
function lookup(phrase: string, words: number, alone: boolean, isWord: (w: string) => boolean): Location | null {
  if (/^\d{5}$/.test(phrase)) {
    const best = findCommunesByPostcode(phrase).sort((a, b) => b.population - a.population)[0];
    return best ? communeLocation(best) : null;
  }
  const territory = territories().get(phrase);
  if (territory && (alone || !AMBIGUOUS.has(phrase))) {
    return territory;
  }
  const commune = searchCommunesByName(phrase)[0];
  if (!commune) {
    return null;
  }
  if (words === 1 && ((!alone && COMMON_WORDS.has(phrase)) || (commune.population < MIN_POPULATION_OVER_WORDS && isWord(phrase)))) {
    return null;
  }
  const min = words === 1 ? (alone ? MIN_POPULATION_ALONE : MIN_POPULATION_ONE_WORD) : alone ? 0 : MIN_POPULATION_SEVERAL_WORDS;
  return commune.population >= min ? communeLocation(commune) : null;
}

/**
 * Find the place a query names: the longest run of words that names a region, a department, a
 * commune (with or without its article: "Le Mans", "Mans") or a postcode. The link words just
 * before it ("près de", "à", "en") go with it. `isWord` tells which words the network's texts
 * use, so that a village named like a word ("Couture") does not swallow it.
 */
export function locateQuery(q: string, isWord: (word: string) => boolean = () => false): LocatedQuery {
  const words = normalizeName(q.replace(/[’']/g, ' ')).split(' ').filter(Boolean);
  if (words.length === 0) {
    return { location: null, rest: [] };
  }
  const meaningful = words.filter((w) => !LINK_WORDS.has(w));
  for (let n = Math.min(6, words.length); n >= 1; n--) {
    for (let i = 0; i + n <= words.length; i++) {
      const run = words.slice(i, i + n);
      if (LINK_WORDS.has(run[0] ?? '') && !/^(le|la|les|l)$/.test(run[0] ?? '')) {
        continue;
      }
      const alone = meaningful.length === run.filter((w) => !LINK_WORDS.has(w)).length;
      const location = lookup(run.join(' '), run.length, alone, isWord);
      if (!location) {
        continue;
      }
      let start = i;
      while (start > 0 && LINK_WORDS.has(words[start - 1] ?? '')) {
        start--;
      }
      return { location, rest: [...words.slice(0, start), ...words.slice(i + n)] };
    }
  }
  return { location: null, rest: words };
}

/** "Rennes (35)", "Ille-et-Vilaine", "Bretagne": how a location reads on a page. */
export function locationLabel(l: Omit<Location, 'kind'> & { kind: string }): string {
  if (l.kind === 'commune') {
    return l.departmentCode ? `${l.name} (${l.departmentCode})` : l.name;
  }
  if (l.kind === 'department') {
    const d = getDepartment(l.code);
    return d ? `${d.name} (${d.code})` : l.name;
  }
  return l.name;
}
