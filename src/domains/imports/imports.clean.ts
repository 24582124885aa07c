import { createHash } from 'node:crypto';
import { distanceKm, type LatLng, parseCoordinate } from '../../lib/coordinates.ts';
import { hasForbiddenChars } from '../../lib/validation.ts';
import {
  type Commune,
  communeCentre,
  findCommunesByPostcode,
  normalizeName,
  resolveCommune,
  searchCommunes,
  searchCommunesByName,
} from '../geo/territories.ts';
import type { PlaceData } from '../places/places.validation.ts';
import { PLACE_KINDS } from '../places/places.vocabulary.ts';
import type { Mapping, TargetField } from './imports.mapping.ts';
import type { SourceRow } from './imports.read.ts';

/**
 * One row of a file → what the place would be, and every change made on the way, so that a
 * person reviews it before anything is written. Pure: no database, no network (placing rows
 * without coordinates through the address API is `imports.geocode.ts`).
 */

export type RowStatus = 'ok' | 'fixed' | 'attention' | 'rejected';

/** A message for the report: an i18n key and its values. */
export interface Note {
  key: string;
  params?: Record<string, string | number>;
}

/** The fields of a place a file can give (the rest — equipment, hours, charter — its team adds). */
export type PlaceDraft = Pick<
  PlaceData,
  'name' | 'kinds' | 'description' | 'address' | 'postcode' | 'commune' | 'inseeCode' | 'latitude' | 'longitude' | 'website' | 'pivot'
>;

export interface CleanRow {
  line: number;
  status: RowStatus;
  /** What was changed (the row is still imported). */
  fixes: Note[];
  /** What a person should look at (imported, unless it is a duplicate to decide). */
  warnings: Note[];
  /** Why the row is not imported. */
  rejection?: Note;
  draft?: PlaceDraft;
  /** The source's id, or a hash of name and commune: re-importing the same row finds it again. */
  sourceKey?: string;
  /** No coordinates yet: placed after cleaning (address API or the commune's centre). */
  unplaced?: boolean;
}

export interface CleanOptions {
  /** The kind given to rows whose type column is empty or unknown. */
  defaultKind: string;
}

/** Words that mean "nothing here" in the files networks keep. */
const EMPTY_WORDS = new Set([
  'undefined',
  'null',
  'none',
  'nan',
  'tbd',
  'tbc',
  'n/a',
  'na',
  'nc',
  'n.c.',
  '-',
  '--',
  '?',
  '.',
  'inconnu',
  'a completer',
  'à compléter',
  'x',
  '@',
]);

const HTML_TAG = /<\s*\/?\s*[a-z!?][^>]*>/gi;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };

/** Tags removed and the common entities decoded: what remains is text, never markup. */
function stripHtml(value: string): string {
  return value
    .replace(/<\s*(script|style)\b[\s\S]*?<\s*\/\s*\1\s*>/gi, ' ')
    .replace(/<\s*br\s*\/?>/gi, ' ')
    .replace(HTML_TAG, ' ')
    .replace(/&(amp|lt|gt|quot|apos|nbsp|#39);/g, (_, e: string) => ENTITIES[e] ?? '')
    .replace(/[<>]/g, ' ');
}

const oneLine = (v: string) => v.replace(/\s+/g, ' ').trim();

/** Metropolitan France (with Corsica) and the overseas departments and collectivities, as boxes. */
const FRANCE_BOXES: Array<[number, number, number, number]> = [
  [41.3, 51.15, -5.2, 9.6],
  [15.8, 16.55, -61.85, -60.95], // Guadeloupe
  [14.35, 14.9, -61.25, -60.78], // Martinique
  [2.1, 5.8, -54.65, -51.6], // Guyane
  [-21.4, -20.85, 55.2, 55.85], // La Réunion
  [-13.05, -12.6, 45.0, 45.35], // Mayotte
  [46.7, 47.15, -56.45, -56.1], // Saint-Pierre-et-Miquelon
  [17.85, 18.15, -63.2, -62.75], // Saint-Martin, Saint-Barthélemy
];

export function inFrance(p: LatLng): boolean {
  return FRANCE_BOXES.some(([s, n, w, e]) => p.lat >= s && p.lat <= n && p.lng >= w && p.lng <= e);
}

/** How far a point may be from its commune's centre before it is doubted (large rural communes, approximate centres). */
const NEAR_COMMUNE_KM = 40;

const KIND_WORDS: Array<[RegExp, string]> = [
  [/fab\s*-?\s*lab|fabrique|atelier de fabrication/i, 'fablab'],
  [/maker|hacker|hack\s*lab/i, 'makerspace'],
  [/living\s*-?\s*lab/i, 'living-lab'],
  [/learning\s*-?\s*lab/i, 'learning-lab'],
  [/m[ée]diath[èe]que|biblioth[èe]que/i, 'mediatheque'],
  [/\bcdi\b|centre de documentation/i, 'cdi'],
  [/espace public num[ée]rique|\bepn\b|m[ée]diation num[ée]rique|espace num[ée]rique/i, 'espace-numerique'],
  [/centre social|maison de quartier|\bmjc\b/i, 'centre-social'],
  [/espace jeunes|point jeunes|jeunesse/i, 'espace-jeunes'],
  [/universit|campus|[ée]cole sup/i, 'campus'],
  [/tiers[- ]lieu|coworking|association|t[ée]l[ée]centre/i, 'associatif'],
];

/** Kind codes read from a type cell ("Médiathèque / EPN", "fablab", a code as written). */
export function kindsOf(text: string): string[] {
  const found = new Set<string>();
  for (const part of text.split(/\s*[|/;,]\s*/)) {
    const code = normalizeName(part).replace(/ /g, '-');
    if (code in PLACE_KINDS) {
      found.add(code);
      continue;
    }
    for (const [re, kind] of KIND_WORDS) {
      if (re.test(part)) {
        found.add(kind);
        break;
      }
    }
  }
  return [...found];
}

/** "www.lab.fr" → "https://www.lab.fr"; null when it is not a web address. */
export function fixUrl(raw: string): string | null {
  const v = raw.trim().replace(/\s+/g, '');
  if (!v) {
    return null;
  }
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(v) ? v : `https://${v.replace(/^\/+/, '')}`;
  try {
    const u = new URL(withScheme);
    return (u.protocol === 'http:' || u.protocol === 'https:') && /\.[a-z]{2,}$/i.test(u.hostname) && withScheme.length <= 500
      ? withScheme
      : null;
  } catch {
    return null;
  }
}

/** "8 rue de la Boétie - 33000 Bordeaux": the postcode and what follows it, taken out of an address. */
function splitAddress(address: string): { street: string; postcode?: string; commune?: string } {
  const m = /^(.*?)[\s,–-]*\b(\d{5})\s+([^\d,]{2,60})$/.exec(address);
  if (m?.[1] !== undefined && m[2] && m[3]) {
    return { street: m[1].replace(/[\s,–-]+$/, '').trim(), postcode: m[2], commune: m[3].trim() };
  }
  return { street: address };
}

/** SIRET (14 digits), SIREN (9) or RNA (W and 9 characters), as the national schema writes them. */
export function normalisePivot(raw: string): string | null {
  const v = raw.replace(/[\s.-]/g, '').toUpperCase();
  return /^[A-Z0-9]{9,14}$/.test(v) && (/^\d{9}$|^\d{14}$/.test(v) || /^W[0-9A-Z]{9}$/.test(v)) ? v : null;
}

export function stableKey(name: string, where: string): string {
  return `h:${createHash('sha256')
    .update(`${normalizeName(name)}|${where}`)
    .digest('base64url')
    .slice(0, 22)}`;
}

/** Check a point against the commune: kept, swapped back, or set aside (null). */
function checkPoint(p: LatLng, commune: Commune | undefined, fixes: Note[], warnings: Note[]): LatLng | null {
  const centre = commune ? communeCentre(commune.code) : undefined;
  const fits = (q: LatLng) => inFrance(q) && (!centre || distanceKm(q, centre) <= NEAR_COMMUNE_KM);
  if (fits(p)) {
    return p;
  }
  const swapped = { lat: p.lng, lng: p.lat };
  if (Math.abs(swapped.lat) <= 90 && fits(swapped)) {
    fixes.push({ key: 'imports.fix.swapped' });
    return swapped;
  }
  if (centre) {
    warnings.push({ key: 'imports.warn.farFromCommune', params: { km: Math.round(distanceKm(p, centre)), commune: commune?.name ?? '' } });
  } else if (!inFrance(p)) {
    return null;
  }
  return centre ? null : p;
}

/** Communes a typed name may mean: as written, with its article ("Puy-en-Velay"), or a longer name it starts ("Romorantin"). */
function communesNamed(typed: string): Commune[] {
  const name = typed
    .replace(/\bcedex\b.*$/i, '')
    .replace(/\s+\d+\s*$/, '')
    .trim();
  if (!name) {
    return [];
  }
  const exact = searchCommunesByName(name);
  if (exact.length > 0) {
    return exact;
  }
  for (const article of ['le', 'la', 'les', 'l']) {
    const withArticle = searchCommunesByName(`${article} ${name}`);
    if (withArticle.length > 0) {
      return withArticle;
    }
  }
  return normalizeName(name).length >= 5 ? searchCommunes(name, 5) : [];
}

/** Of several communes, the one nearest the row's point, else the most populous. */
function nearestOrBiggest(list: Commune[], point: LatLng | null): Commune | undefined {
  if (point) {
    let best: Commune | undefined;
    let bestKm = Number.POSITIVE_INFINITY;
    for (const c of list) {
      const centre = communeCentre(c.code);
      const km = centre ? distanceKm(point, centre) : Number.POSITIVE_INFINITY;
      if (km < bestKm) {
        best = c;
        bestKm = km;
      }
    }
    if (best && bestKm <= NEAR_COMMUNE_KM) {
      return best;
    }
  }
  return [...list].sort((a, b) => b.population - a.population)[0];
}

function findCommune(
  fields: { postcode?: string; commune?: string; inseeCode?: string },
  point: LatLng | null,
  fixes: Note[],
  warnings: Note[],
): Commune | undefined {
  const exact = resolveCommune(fields);
  if (exact) {
    return exact;
  }
  const byPostcode = fields.postcode ? findCommunesByPostcode(fields.postcode) : [];
  const named = fields.commune ? communesNamed(fields.commune) : [];
  if (named.length > 0) {
    const departments = new Set(byPostcode.map((c) => c.departmentCode));
    const sameDepartment = named.filter((c) => departments.has(c.departmentCode));
    if (sameDepartment.length > 0) {
      const found = nearestOrBiggest(sameDepartment, point);
      fixes.push({ key: 'imports.fix.communeByName', params: { commune: found?.name ?? '' } });
      return found;
    }
    if (byPostcode.length === 0 || point) {
      const found = nearestOrBiggest(byPostcode.length === 0 ? named : [...named, ...byPostcode], point);
      if (found && byPostcode.includes(found)) {
        warnings.push({ key: 'imports.warn.communeDiffers', params: { typed: fields.commune ?? '', commune: found.name } });
      } else if (named.length > 1 && !point) {
        warnings.push({ key: 'imports.warn.communeAmbiguous', params: { commune: fields.commune ?? '', count: named.length } });
      } else if (found && normalizeName(found.name) !== normalizeName(fields.commune ?? '')) {
        fixes.push({ key: 'imports.fix.communeByName', params: { commune: found.name } });
      }
      return found;
    }
  }
  if (byPostcode.length > 0) {
    const found = nearestOrBiggest(byPostcode, point);
    if (found && fields.commune) {
      warnings.push({ key: 'imports.warn.communeDiffers', params: { typed: fields.commune, commune: found.name } });
    }
    return found;
  }
  return undefined;
}

/** Clean one row with the confirmed mapping. */
export function cleanRow(row: SourceRow, mapping: Mapping, options: CleanOptions): CleanRow {
  const fixes: Note[] = [];
  const warnings: Note[] = [];
  const reject = (key: string, params?: Record<string, string | number>): CleanRow => ({
    line: row.line,
    status: 'rejected',
    fixes,
    warnings,
    rejection: { key, params },
  });
  if (row.cells.some((c) => c.includes('\u0000'))) {
    return reject('imports.reject.nul');
  }
  const raw = (field: TargetField): string => {
    const i = mapping[field];
    return i === undefined ? '' : (row.cells[i] ?? '');
  };
  let htmlRemoved = false;
  const text = (field: TargetField, multiline = false): string => {
    let v = raw(field);
    if (hasForbiddenChars(v)) {
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
      v = v.replace(/[\u0001-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFD]/g, ' ');
      fixes.push({ key: 'imports.fix.controlChars', params: { field } });
    }
    if (/[<>]/.test(v) && /<\s*\/?\s*[a-z!?]|&[a-z#0-9]+;/i.test(v)) {
      v = stripHtml(v);
      htmlRemoved = true;
    }
    // A formula a spreadsheet would run: the sign goes, the text stays.
    if (/^\s*[=+@]/.test(v) && /[(A-Z]/.test(v)) {
      v = v.replace(/^\s*[=+@]+/, '');
      fixes.push({ key: 'imports.fix.formula', params: { field } });
    }
    v = multiline
      ? v
          .replace(/[ \t]+/g, ' ')
          .replace(/\s*\n\s*/g, '\n')
          .trim()
      : oneLine(v);
    return EMPTY_WORDS.has(v.toLowerCase()) ? '' : v;
  };

  const rawName = raw('name');
  const name = text('name');
  if (!name) {
    return reject(rawName.trim() ? 'imports.reject.nameJunk' : 'imports.reject.noName');
  }
  if (name !== rawName) {
    fixes.push({ key: 'imports.fix.nameTrimmed' });
  }
  if (name.length < 2 || name.length > 120) {
    return reject('imports.reject.nameLength', { length: name.length });
  }
  const country = normalizeName(text('country'));
  if (country && !['france', 'fr', 'fra', 'republique francaise'].includes(country)) {
    return reject('imports.reject.abroad', { country: text('country') });
  }

  let address = text('address');
  let postcodeText = text('postcode').replace(/\s+/g, '');
  let communeText = text('commune');
  const split = address ? splitAddress(address) : { street: '' };
  if (split.postcode) {
    address = split.street;
    fixes.push({ key: 'imports.fix.addressSplit' });
    if (!postcodeText) {
      postcodeText = split.postcode;
      fixes.push({ key: 'imports.fix.postcodeFromAddress', params: { postcode: split.postcode } });
    }
    communeText ||= split.commune ?? '';
  }
  if (!postcodeText && /^\d{5}\s+\S/.test(communeText)) {
    postcodeText = communeText.slice(0, 5);
    communeText = communeText.slice(5).trim();
    fixes.push({ key: 'imports.fix.postcodeFromAddress', params: { postcode: postcodeText } });
  }
  let postcode: string | undefined;
  if (postcodeText) {
    if (/^\d{5}$/.test(postcodeText)) {
      postcode = postcodeText;
    } else if (/^\d{4}$/.test(postcodeText)) {
      postcode = `0${postcodeText}`;
      fixes.push({ key: 'imports.fix.postcodeZero', params: { from: postcodeText, to: postcode } });
    } else if (/^\d{4,5}(\.0+)?$/.test(postcodeText)) {
      postcode = postcodeText.split('.')[0]?.padStart(5, '0');
      fixes.push({ key: 'imports.fix.postcodeZero', params: { from: postcodeText, to: postcode ?? '' } });
    } else {
      warnings.push({ key: 'imports.warn.postcodeUnreadable', params: { value: postcodeText.slice(0, 20) } });
    }
  }
  const inseeText = text('inseeCode');
  const inseeCode = /^(\d{5}|2[AB]\d{3})$/i.test(inseeText) ? inseeText.toUpperCase() : undefined;

  // Coordinates: decimal (point or comma), degrees-minutes-seconds, or junk.
  const latText = text('latitude');
  const lngText = text('longitude');
  let given: LatLng | null = null;
  if (latText || lngText) {
    const lat = parseCoordinate(latText, 'lat') ?? parseCoordinate(latText, 'lng');
    const lng = parseCoordinate(lngText, 'lng') ?? parseCoordinate(lngText, 'lat');
    if (lat === null || lng === null || (lat === 0 && lng === 0)) {
      warnings.push({ key: 'imports.warn.coordinatesUnreadable', params: { value: `${latText} ${lngText}`.trim().slice(0, 40) } });
    } else {
      given = { lat, lng };
    }
  }
  // Where the point says the place is (either way round), to choose between homonyms.
  const hint = !given
    ? null
    : inFrance(given)
      ? given
      : Math.abs(given.lng) <= 90 && inFrance({ lat: given.lng, lng: given.lat })
        ? { lat: given.lng, lng: given.lat }
        : null;
  if (given && !hint) {
    // Coordinates outside France either way round: the place is abroad, whatever its town's name.
    return reject('imports.reject.abroadPoint', { lat: given.lat, lng: given.lng });
  }
  const commune = findCommune({ postcode, commune: communeText || undefined, inseeCode }, hint, fixes, warnings);
  if (postcode && commune && !commune.postcodes.includes(postcode) && !inseeCode) {
    warnings.push({ key: 'imports.warn.postcodeUnknown', params: { postcode } });
  }
  if (
    communeText &&
    commune &&
    normalizeName(communeText) !== normalizeName(commune.name) &&
    !warnings.some((w) => w.key === 'imports.warn.communeDiffers') &&
    !fixes.some((f) => f.key === 'imports.fix.communeByName')
  ) {
    fixes.push({ key: 'imports.fix.communeName', params: { typed: communeText, commune: commune.name } });
  }
  let point: LatLng | null = null;
  if (given) {
    point = checkPoint(given, commune, fixes, warnings);
    if (!point && !commune) {
      return reject('imports.reject.abroadPoint', { lat: given.lat, lng: given.lng });
    }
  }
  if (communeText && !commune) {
    // A commune typed that France does not have: abroad, or misspelt beyond recognition.
    return reject('imports.reject.communeUnknown', { commune: communeText });
  }
  if (!commune && point) {
    warnings.push({ key: 'imports.warn.noCommune', params: { commune: communeText || postcode || '' } });
  }
  if (!commune && !point) {
    return reject(communeText || postcode ? 'imports.reject.communeUnknown' : 'imports.reject.noLocation', {
      commune: communeText || postcode || '',
    });
  }

  const websiteText = text('website');
  const website = websiteText ? fixUrl(websiteText) : null;
  if (websiteText && !website) {
    warnings.push({ key: 'imports.warn.urlDropped', params: { value: websiteText.slice(0, 60) } });
  } else if (website && website !== websiteText) {
    fixes.push({ key: 'imports.fix.urlScheme' });
  }
  const pivotText = text('pivot');
  const pivot = pivotText ? normalisePivot(pivotText) : null;
  if (pivotText && !pivot) {
    warnings.push({ key: 'imports.warn.pivotDropped', params: { value: pivotText.slice(0, 20) } });
  }
  const kindText = text('kinds');
  let kinds = kindText ? kindsOf(kindText) : [];
  if (kinds.length === 0) {
    kinds = [options.defaultKind];
    if (kindText) {
      fixes.push({ key: 'imports.fix.kindDefault', params: { value: kindText.slice(0, 40) } });
    }
  }
  const description = text('description', true).slice(0, 20_000);
  if (htmlRemoved) {
    fixes.push({ key: 'imports.fix.htmlRemoved' });
  }
  const draft: PlaceDraft = {
    name,
    kinds,
    description,
    ...(address ? { address: address.slice(0, 200) } : {}),
    ...(commune
      ? {
          postcode: postcode && commune.postcodes.includes(postcode) ? postcode : commune.postcodes[0],
          commune: commune.name,
          inseeCode: commune.code,
        }
      : {}),
    ...(point ? { latitude: point.lat, longitude: point.lng } : {}),
    ...(website ? { website } : {}),
    ...(pivot ? { pivot } : {}),
  };
  const sourceId = text('sourceId');
  const status: RowStatus = warnings.length > 0 ? 'attention' : fixes.length > 0 ? 'fixed' : 'ok';
  return {
    line: row.line,
    status,
    fixes,
    warnings,
    draft,
    sourceKey: sourceId
      ? `id:${sourceId.slice(0, 200)}`
      : stableKey(name, `${commune?.code ?? `${point?.lat},${point?.lng}`}|${normalizeName(address)}`),
    unplaced: !point,
  };
}

/** Rows still without a point go to their commune's centre: on the map, to be made precise. */
export function placeAtCommuneCentre(row: CleanRow): void {
  if (!row.unplaced || !row.draft) {
    return;
  }
  const centre = communeCentre(row.draft.inseeCode);
  if (centre) {
    row.draft.latitude = centre.lat;
    row.draft.longitude = centre.lng;
    row.fixes.push({ key: 'imports.fix.communeCentre', params: { commune: row.draft.commune ?? '' } });
    if (row.status === 'ok') {
      row.status = 'fixed';
    }
  } else {
    row.warnings.push({ key: 'imports.warn.notPlaced' });
    row.status = 'attention';
  }
  row.unplaced = false;
}
