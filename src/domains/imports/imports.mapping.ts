import { normalizeName } from '../geo/territories.ts';
import { GEOJSON_LAT, GEOJSON_LNG, type SourceTable } from './imports.read.ts';

/**
 * Which column of the file feeds which field of a place. Suggested from the columns' names
 * (the words networks use: nom, adresse, cp, ville, Coord. Y…) or, in a file without a header,
 * from what the cells hold; a person confirms or changes it before anything is written.
 */

export const TARGET_FIELDS = [
  'sourceId',
  'name',
  'address',
  'postcode',
  'commune',
  'inseeCode',
  'country',
  'latitude',
  'longitude',
  'website',
  'description',
  'kinds',
  'pivot',
] as const;
export type TargetField = (typeof TARGET_FIELDS)[number];

/** Column index per field; a field absent from the map is not read. */
export type Mapping = Partial<Record<TargetField, number>>;

/** Column names people give each field, normalised (lower case, no accents, punctuation as spaces). */
const SYNONYMS: Record<TargetField, string[]> = {
  sourceId: ['id', 'identifiant', 'uid', 'source id', 'id source'],
  name: [
    'nom',
    'name',
    'lieu',
    'nom du lieu',
    'nom lieu',
    'titre',
    'title',
    'titre initiative',
    'libelle',
    'libelle 1',
    'raison sociale',
    'structure',
    'nom structure',
    'denomination',
  ],
  address: ['adresse', 'address', 'adresse postale', 'rue', 'voie', 'street', 'adresse complete', 'adresse 1', 'adr'],
  postcode: ['cp', 'code postal', 'codepostal', 'postcode', 'postal code', 'zip', 'zipcode', 'code post'],
  commune: ['ville', 'commune', 'city', 'localite', 'town', 'nom commune'],
  inseeCode: ['code insee', 'insee', 'citycode', 'code commune', 'cog'],
  country: ['pays', 'country'],
  latitude: ['lat', 'latitude', 'y', 'coord y', 'coordonnee y', 'coordonnees y', 'geo lat', GEOJSON_LAT],
  longitude: ['lon', 'lng', 'long', 'longitude', 'x', 'coord x', 'coordonnee x', 'coordonnees x', 'geo lon', GEOJSON_LNG],
  website: ['site', 'url', 'site web', 'site internet', 'website', 'web', 'url initiative', 'site url', 'lien'],
  description: ['description', 'resume', 'presentation', 'resume initiative', 'presentation resume', 'presentation detail', 'descriptif'],
  kinds: ['type', 'types', 'typologie', 'type de lieu', 'categorie', 'category'],
  pivot: ['siret', 'siren', 'rna', 'pivot', 'numero siret'],
};

/** Columns recognised but never imported: they name or reach a person. */
const PERSONAL = [
  'email',
  'e mail',
  'mail',
  'courriel',
  'courriels',
  'contact',
  'contact mail',
  'contact tel',
  'tel',
  'telephone',
  'phone',
  'portable',
  'mobile',
  'responsable',
  'referent',
];

export const isPersonalColumn = (name: string) => {
  const n = normalizeName(name);
  return PERSONAL.some((p) => n === p || n.startsWith(`${p} `) || n.endsWith(` ${p}`));
};

/** A cell that reaches a person (an e-mail, a phone number): never shown, even in a preview. */
export const isPersonalCell = (cell: string) => /[^\s@]+@[^\s@]+\.[a-z]{2,}/i.test(cell) || /^\+?[\d .()-]{9,}$/.test(cell.trim());

/** Suggestions from the columns' names: exact names first, then names holding the word. */
function byName(columns: string[]): Mapping {
  const mapping: Mapping = {};
  const used = new Set<number>();
  const normalised = columns.map((c) => normalizeName(c.replace(/_/g, ' ')));
  const take = (field: TargetField, test: (n: string, synonym: string) => boolean) => {
    if (mapping[field] !== undefined) {
      return;
    }
    for (const synonym of SYNONYMS[field]) {
      const i = normalised.findIndex((n, k) => !used.has(k) && test(n, synonym));
      if (i >= 0) {
        mapping[field] = i;
        used.add(i);
        return;
      }
    }
  };
  for (const field of TARGET_FIELDS) {
    take(field, (n, s) => n === s);
  }
  for (const field of TARGET_FIELDS) {
    // Word-wise containment, for long synonyms only ("code postal du lieu"; not "x" in "box").
    take(field, (n, s) => s.length >= 5 && ` ${n} `.includes(` ${s} `) && !n.startsWith('result '));
  }
  return mapping;
}

const share = (cells: string[], test: (v: string) => boolean) => {
  const filled = cells.filter((c) => c.trim() !== '');
  return filled.length === 0 ? 0 : filled.filter((c) => test(c.trim())).length / filled.length;
};

/** Suggestions from what the cells hold, for a file without a header row. */
function byContent(table: SourceTable): Mapping {
  const sample = table.rows.slice(0, 200);
  const column = (i: number) => sample.map((r) => r.cells[i] ?? '');
  const mapping: Mapping = {};
  const used = new Set<number>();
  const pick = (field: TargetField, test: (v: string) => boolean, min = 0.6) => {
    for (let i = 0; i < table.columns.length; i++) {
      if (!used.has(i) && share(column(i), test) >= min) {
        mapping[field] = i;
        used.add(i);
        return i;
      }
    }
    return undefined;
  };
  // Personal columns are set aside first so that a phone is not read as a postcode.
  for (let i = 0; i < table.columns.length; i++) {
    if (
      share(column(i), (v) => /@/.test(v)) >= 0.6 ||
      share(column(i), (v) => /^\+?[\d .()-]{9,}$/.test(v) && !/^\d{4,5}$/.test(v)) >= 0.6
    ) {
      used.add(i);
    }
  }
  const postcode = pick('postcode', (v) => /^\d{4,5}$/.test(v));
  pick('website', (v) => /^(https?:\/\/|www\.)|\.(fr|com|org|net|eu|coop|io)(\/|$)/i.test(v), 0.5);
  pick('latitude', (v) => /^-?\d{1,2}[.,]\d{3,}$/.test(v));
  pick('longitude', (v) => /^-?\d{1,3}[.,]\d{3,}$/.test(v));
  // The commune follows the postcode; the name is the first column of text; the address holds a number and a street word.
  if (postcode !== undefined && postcode + 1 < table.columns.length && !used.has(postcode + 1)) {
    mapping.commune = postcode + 1;
    used.add(postcode + 1);
  }
  pick(
    'address',
    (v) =>
      /\d/.test(v) &&
      /\b(rue|avenue|av|bd|bld|boulevard|place|chemin|route|routre|all[ée]e|cours|impasse|quai|zac|za|lieu[- ]dit)\b/i.test(v),
    0.4,
  );
  pick('name', (v) => /[a-z]/i.test(v), 0.9);
  return mapping;
}

/** The suggested mapping; a saved one for the same source wins when its columns still exist. */
export function suggestMapping(table: SourceTable, saved?: { columns: string[]; mapping: Mapping }): Mapping {
  if (saved && saved.columns.length === table.columns.length && saved.columns.every((c, i) => c === table.columns[i])) {
    return saved.mapping;
  }
  return table.header ? byName(table.columns) : byContent(table);
}

/** A mapping read from a form (`field=column index`), checked against the table's width. */
export function mappingFrom(values: Partial<Record<TargetField, string | number | undefined>>, width: number): Mapping {
  const mapping: Mapping = {};
  for (const field of TARGET_FIELDS) {
    const raw = values[field];
    const i = typeof raw === 'number' ? raw : raw === undefined || raw === '' ? Number.NaN : Number(raw);
    if (Number.isInteger(i) && i >= 0 && i < width) {
      mapping[field] = i;
    }
  }
  return mapping;
}
