import fs from 'node:fs';
import { createRequire } from 'node:module';

export { academieOf } from './academies.ts';

/**
 * The French administrative divisions (communes with their INSEE code and postcodes,
 * departments, regions), from @etalab/decoupage-administratif, read offline.
 */
export interface Commune {
  code: string;
  name: string;
  departmentCode: string;
  regionCode: string;
  postcodes: string[];
  population: number;
}
export interface Territory {
  code: string;
  name: string;
}
export interface Department extends Territory {
  regionCode: string;
}

const require = createRequire(import.meta.url);

/** Data files sit in ./data next to this module, in src as in dist (scripts/build.mjs copies them). */
const dataFile = (name: string) => new URL(`./data/${name}`, import.meta.url);

const regions: Territory[] = (require('@etalab/decoupage-administratif/data/regions.json') as Array<{ code: string; nom: string }>)
  .map((r) => ({ code: r.code, name: r.nom }))
  .sort((a, b) => a.name.localeCompare(b.name, 'fr'));
const departments: Department[] = (
  require('@etalab/decoupage-administratif/data/departements.json') as Array<{ code: string; nom: string; region: string }>
).map((d) => ({ code: d.code, name: d.nom, regionCode: d.region }));
const regionByCode = new Map(regions.map((r) => [r.code, r]));
const departmentByCode = new Map(departments.map((d) => [d.code, d]));

/**
 * The ~35,000 communes, held compactly: one row of columns per commune (a number indexes them),
 * and the lookups as maps to those numbers. As one object per commune with its arrays and maps
 * of objects, the index took 19 MB of the server's memory; a `Commune` is now made when asked for.
 */
interface CommuneTable {
  codes: string[];
  names: string[];
  /** The name normalised (normalizeName). */
  keys: string[];
  departments: string[];
  regions: string[];
  /** Space-separated, as in the data file. */
  postcodes: string[];
  populations: Int32Array;
  byCode: Map<string, number>;
  byPostcode: Map<string, number[]>;
  /** Biggest first. */
  byName: Map<string, number[]>;
  /** Row numbers in the order of their keys, for prefix search. */
  byKey: Uint32Array;
}

let communeTable: CommuneTable | undefined;

/** Communes of at least this many people are also found without their article ("Mans", "Rochelle"). */
const ARTICLE_FREE_POPULATION = 20_000;

/** The same short string once in memory (department and region codes repeat 35,000 times). */
function interner() {
  const seen = new Map<string, string>();
  return (value: string) => {
    const known = seen.get(value);
    if (known !== undefined) {
      return known;
    }
    seen.set(value, value);
    return value;
  };
}

/**
 * Built on first use from data/communes.json (current communes only, compact rows written by
 * scripts/communes.mjs), read with fs so nothing stays in require's cache.
 */
function communes(): CommuneTable {
  if (!communeTable) {
    const rows = JSON.parse(fs.readFileSync(dataFile('communes.json'), 'utf8')) as Array<[string, string, string, string, string, number]>;
    const intern = interner();
    const t: CommuneTable = {
      codes: [],
      names: [],
      keys: [],
      departments: [],
      regions: [],
      postcodes: [],
      populations: new Int32Array(rows.length),
      byCode: new Map(),
      byPostcode: new Map(),
      byName: new Map(),
      byKey: new Uint32Array(rows.length),
    };
    const push = (map: Map<string, number[]>, key: string, i: number) => {
      const list = map.get(key);
      if (list) {
        list.push(i);
      } else {
        map.set(key, [i]);
      }
    };
    rows.forEach(([code, name, departmentCode, regionCode, postcodes, population], i) => {
      const key = normalizeName(name);
      t.codes.push(code);
      t.names.push(name);
      t.keys.push(key);
      t.departments.push(intern(departmentCode));
      t.regions.push(intern(regionCode));
      t.postcodes.push(postcodes);
      t.populations[i] = population;
      t.byCode.set(code, i);
      for (const pc of postcodes ? postcodes.split(' ') : []) {
        push(t.byPostcode, pc, i);
      }
      push(t.byName, key, i);
      const bare = /^(le|la|les|l) (.+)$/.exec(key)?.[2];
      if (bare && population >= ARTICLE_FREE_POPULATION) {
        push(t.byName, bare, i);
      }
      t.byKey[i] = i;
    });
    for (const list of t.byName.values()) {
      list.sort((a, b) => (t.populations[b] ?? 0) - (t.populations[a] ?? 0));
    }
    t.byKey.sort((a, b) => {
      const ka = t.keys[a] ?? '';
      const kb = t.keys[b] ?? '';
      return ka < kb ? -1 : ka > kb ? 1 : 0;
    });
    communeTable = t;
  }
  return communeTable;
}

/** Row `i` of the table as a Commune. */
function communeAt(t: CommuneTable, i: number): Commune {
  const postcodes = t.postcodes[i] ?? '';
  return {
    code: t.codes[i] ?? '',
    name: t.names[i] ?? '',
    departmentCode: t.departments[i] ?? '',
    regionCode: t.regions[i] ?? '',
    postcodes: postcodes ? postcodes.split(' ') : [],
    population: t.populations[i] ?? 0,
  };
}

const communesAt = (t: CommuneTable, rows: readonly number[] | undefined): Commune[] => (rows ?? []).map((i) => communeAt(t, i));

/** Lower-case, accents and punctuation removed: "Saint-Étienne" → "saint etienne". */
export function normalizeName(name: string): string {
  return (
    name
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      // Ligatures do not decompose: "Cœur", "Vœuil" are read as the texts are indexed (oe).
      .replace(/œ/g, 'oe')
      .replace(/æ/g, 'ae')
      .replace(/\b(st)\b/g, 'saint')
      .replace(/\b(ste)\b/g, 'sainte')
      .replace(/[^a-z0-9]+/g, ' ')
      .trim()
  );
}

export const listRegions = (): Territory[] => regions;
export const listDepartments = (): Department[] => departments;
export const getRegion = (code: string | null | undefined) => (code ? regionByCode.get(code) : undefined);
export const getDepartment = (code: string | null | undefined) => (code ? departmentByCode.get(code) : undefined);
export function getCommune(inseeCode: string): Commune | undefined {
  const t = communes();
  const i = t.byCode.get(inseeCode);
  return i === undefined ? undefined : communeAt(t, i);
}
export const findCommunesByPostcode = (postcode: string): Commune[] => communesAt(communes(), communes().byPostcode.get(postcode));

/** A French postcode, including the leading zero people and spreadsheets drop ("9500" → "09500"). */
export function normalizePostcode(raw: string): string | null {
  const digits = raw.replace(/\s+/g, '');
  if (/^\d{5}$/.test(digits)) {
    return digits;
  }
  if (/^\d{4}$/.test(digits)) {
    return `0${digits}`;
  }
  return null;
}

/**
 * Find the commune a place is in from what was typed: the INSEE code when given, else the
 * postcode and the commune's name (the only commune of a postcode needs no name).
 */
export function resolveCommune(input: {
  postcode?: string | null;
  commune?: string | null;
  inseeCode?: string | null;
}): Commune | undefined {
  if (input.inseeCode) {
    const byCode = getCommune(input.inseeCode);
    if (byCode) {
      return byCode;
    }
  }
  const postcode = input.postcode ? normalizePostcode(input.postcode) : null;
  const candidates = postcode ? findCommunesByPostcode(postcode) : [];
  const wanted = input.commune ? normalizeName(input.commune.replace(/\b\d+(e|er|ème)?\b.*$/i, '')) : '';
  if (wanted) {
    const exact = candidates.find((c) => normalizeName(c.name) === wanted);
    if (exact) {
      return exact;
    }
    // "Lyon 3e", "Paris 11e Arrondissement": the name starts with the commune's.
    return candidates.find((c) => normalizeName(c.name).startsWith(wanted) || wanted.startsWith(normalizeName(c.name)));
  }
  return candidates.length === 1 ? candidates[0] : undefined;
}

/** Each commune's centre, by its row in the commune table: latitude and longitude, and 1 when exact (NaN: none known). */
let centres: { coordinates: Float64Array; exact: Uint8Array } | undefined;

function centreTable() {
  if (!centres) {
    const t = communes();
    const byCode = JSON.parse(fs.readFileSync(dataFile('commune-centres.json'), 'utf8')) as Record<string, [number, number, number]>;
    const coordinates = new Float64Array(t.codes.length * 2).fill(Number.NaN);
    const exact = new Uint8Array(t.codes.length);
    t.codes.forEach((code, i) => {
      const c = byCode[code];
      if (c) {
        coordinates[2 * i] = c[0];
        coordinates[2 * i + 1] = c[1];
        exact[i] = c[2];
      }
    });
    centres = { coordinates, exact };
  }
  return centres;
}

/**
 * Where a commune is, for distances ("near me"): the town's position when GeoNames knows it,
 * else the mean of its intercommunality's (`exact: false`). Generated by
 * scripts/commune-centres.mjs; undefined for the few communes with no located neighbour.
 */
export function communeCentre(inseeCode: string | null | undefined): { lat: number; lng: number; exact: boolean } | undefined {
  const i = inseeCode ? communes().byCode.get(inseeCode) : undefined;
  if (i === undefined) {
    return undefined;
  }
  const { coordinates, exact } = centreTable();
  const lat = coordinates[2 * i] ?? Number.NaN;
  return Number.isNaN(lat) ? undefined : { lat, lng: coordinates[2 * i + 1] ?? Number.NaN, exact: exact[i] === 1 };
}

/** Communes named exactly this (accents, case and punctuation ignored; big ones also without their article), biggest first. */
export function searchCommunesByName(text: string): Commune[] {
  const t = communes();
  return communesAt(t, t.byName.get(normalizeName(text)));
}

/** Communes whose name starts with what was typed (accents ignored), biggest first: for pickers. */
export function searchCommunes(text: string, limit = 10): Commune[] {
  const wanted = normalizeName(text);
  if (wanted.length < 2) {
    return [];
  }
  const t = communes();
  // The first key not before `wanted`, then every key that starts with it.
  let lo = 0;
  let hi = t.byKey.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((t.keys[t.byKey[mid] ?? 0] ?? '') < wanted) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  const rows: number[] = [];
  for (let k = lo; k < t.byKey.length && (t.keys[t.byKey[k] ?? 0] ?? '').startsWith(wanted); k++) {
    rows.push(t.byKey[k] ?? 0);
  }
  return communesAt(t, rows.sort((a, b) => (t.populations[b] ?? 0) - (t.populations[a] ?? 0) || a - b).slice(0, limit));
}
