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

let communeIndex:
  | {
      byCode: Map<string, Commune>;
      byPostcode: Map<string, Commune[]>;
      normalized: Array<[string, Commune]>;
      byName: Map<string, Commune[]>;
    }
  | undefined;

/** Communes of at least this many people are also found without their article ("Mans", "Rochelle"). */
const ARTICLE_FREE_POPULATION = 20_000;

/**
 * Built on first use from data/communes.json (current communes only, compact rows written by
 * scripts/communes.mjs), read with fs so nothing stays in require's cache.
 */
function communes() {
  if (!communeIndex) {
    const rows = JSON.parse(fs.readFileSync(dataFile('communes.json'), 'utf8')) as Array<[string, string, string, string, string, number]>;
    const byCode = new Map<string, Commune>();
    const byPostcode = new Map<string, Commune[]>();
    for (const [code, name, departmentCode, regionCode, postcodes, population] of rows) {
      const commune: Commune = { code, name, departmentCode, regionCode, postcodes: postcodes ? postcodes.split(' ') : [], population };
      byCode.set(code, commune);
      for (const pc of commune.postcodes) {
        byPostcode.set(pc, [...(byPostcode.get(pc) ?? []), commune]);
      }
    }
    const normalized = [...byCode.values()].map((c): [string, Commune] => [normalizeName(c.name), c]);
    const byName = new Map<string, Commune[]>();
    const add = (name: string, c: Commune) => byName.set(name, [...(byName.get(name) ?? []), c]);
    for (const [name, c] of normalized) {
      add(name, c);
      const bare = /^(le|la|les|l) (.+)$/.exec(name)?.[2];
      if (bare && c.population >= ARTICLE_FREE_POPULATION) {
        add(bare, c);
      }
    }
    for (const list of byName.values()) {
      list.sort((a, b) => b.population - a.population);
    }
    communeIndex = { byCode, byPostcode, normalized, byName };
  }
  return communeIndex;
}

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
export const getCommune = (inseeCode: string) => communes().byCode.get(inseeCode);
export const findCommunesByPostcode = (postcode: string) => communes().byPostcode.get(postcode) ?? [];

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

let centres: Record<string, [number, number, number]> | undefined;

/**
 * Where a commune is, for distances ("near me"): the town's position when GeoNames knows it,
 * else the mean of its intercommunality's (`exact: false`). Generated by
 * scripts/commune-centres.mjs; undefined for the few communes with no located neighbour.
 */
export function communeCentre(inseeCode: string | null | undefined): { lat: number; lng: number; exact: boolean } | undefined {
  if (!inseeCode) {
    return undefined;
  }
  centres ??= JSON.parse(fs.readFileSync(dataFile('commune-centres.json'), 'utf8')) as Record<string, [number, number, number]>;
  const c = centres[inseeCode];
  return c ? { lat: c[0], lng: c[1], exact: c[2] === 1 } : undefined;
}

/** Communes named exactly this (accents, case and punctuation ignored; big ones also without their article), biggest first. */
export function searchCommunesByName(text: string): Commune[] {
  return communes().byName.get(normalizeName(text)) ?? [];
}

/** Communes whose name starts with what was typed (accents ignored), biggest first: for pickers. */
export function searchCommunes(text: string, limit = 10): Commune[] {
  const wanted = normalizeName(text);
  if (wanted.length < 2) {
    return [];
  }
  const out: Commune[] = [];
  for (const [name, c] of communes().normalized) {
    if (name.startsWith(wanted)) {
      out.push(c);
    }
  }
  return out.sort((a, b) => b.population - a.population).slice(0, limit);
}
