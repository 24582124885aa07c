import { createRequire } from 'node:module';

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

interface RawCommune {
  code: string;
  nom: string;
  type: string;
  departement?: string;
  region?: string;
  codesPostaux?: string[];
  population?: number;
}

const require = createRequire(import.meta.url);

const regions: Territory[] = (require('@etalab/decoupage-administratif/data/regions.json') as Array<{ code: string; nom: string }>)
  .map((r) => ({ code: r.code, name: r.nom }))
  .sort((a, b) => a.name.localeCompare(b.name, 'fr'));
const departments: Department[] = (
  require('@etalab/decoupage-administratif/data/departements.json') as Array<{ code: string; nom: string; region: string }>
).map((d) => ({ code: d.code, name: d.nom, regionCode: d.region }));
const regionByCode = new Map(regions.map((r) => [r.code, r]));
const departmentByCode = new Map(departments.map((d) => [d.code, d]));

let communeIndex: { byCode: Map<string, Commune>; byPostcode: Map<string, Commune[]> } | undefined;

/** Built on first use (the raw file is 8 MB); keeps only current communes. */
function communes() {
  if (!communeIndex) {
    const raw = require('@etalab/decoupage-administratif/data/communes.json') as RawCommune[];
    const byCode = new Map<string, Commune>();
    const byPostcode = new Map<string, Commune[]>();
    for (const r of raw) {
      if (r.type !== 'commune-actuelle' || !r.departement || !r.region) {
        continue;
      }
      const commune: Commune = {
        code: r.code,
        name: r.nom,
        departmentCode: r.departement,
        regionCode: r.region,
        postcodes: r.codesPostaux ?? [],
        population: r.population ?? 0,
      };
      byCode.set(r.code, commune);
      for (const pc of commune.postcodes) {
        byPostcode.set(pc, [...(byPostcode.get(pc) ?? []), commune]);
      }
    }
    communeIndex = { byCode, byPostcode };
  }
  return communeIndex;
}

/** Lower-case, accents and punctuation removed: "Saint-Étienne" → "saint etienne". */
export function normalizeName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\b(st)\b/g, 'saint')
    .replace(/\b(ste)\b/g, 'sainte')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
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
