import { parse } from 'csv-parse/sync';

/**
 * Reading a file someone brings (a spreadsheet export, a JSON dump, a GeoJSON map) into one
 * shape: named columns and rows of text. Nothing here knows about places; every refusal is an
 * `ImportFileError` with an i18n key that says what is wrong with the file.
 */

export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;
export const MAX_COLUMNS = 500;
export const MAX_ROWS = 100_000;

export type Encoding = 'utf-8' | 'windows-1252';
export type Format = 'csv' | 'json' | 'geojson';

export interface ReadOptions {
  encoding?: Encoding | 'auto';
  /** Whether the first CSV line names the columns; `auto` reads it. */
  header?: 'auto' | 'yes' | 'no';
  separator?: 'auto' | ';' | ',' | '\t' | '|';
  /** The file's name, only to tell GeoJSON from JSON when the content alone cannot. */
  fileName?: string;
}

export interface SourceRow {
  /** Line of the file where the row starts (CSV), or its position (JSON, GeoJSON), from 1. */
  line: number;
  cells: string[];
}

export interface SourceTable {
  format: Format;
  encoding: Encoding;
  /** Lines decoded as Windows-1252 in a file otherwise UTF-8 (mixed encodings). */
  windows1252Lines: number;
  separator?: string;
  header: boolean;
  columns: string[];
  rows: SourceRow[];
}

export class ImportFileError extends Error {
  constructor(
    readonly key: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(key);
  }
}

/** Magic numbers of files people pick by mistake: ZIP (xlsx, odt), PDF, images, gzip, old Excel. */
const MAGIC: Array<[number[], string]> = [
  [[0x50, 0x4b, 0x03, 0x04], 'zip'],
  [[0x25, 0x50, 0x44, 0x46], 'pdf'],
  [[0x89, 0x50, 0x4e, 0x47], 'png'],
  [[0xff, 0xd8, 0xff], 'jpeg'],
  [[0x1f, 0x8b], 'gzip'],
  [[0xd0, 0xcf, 0x11, 0xe0], 'ole'],
];

/** A binary file (a spreadsheet not exported, an image…) rather than text: its kind, or null. */
export function binaryKind(bytes: Uint8Array): string | null {
  for (const [magic, kind] of MAGIC) {
    if (magic.every((b, i) => bytes[i] === b)) {
      return kind;
    }
  }
  const sample = bytes.subarray(0, 65_536);
  let control = 0;
  for (const b of sample) {
    if (b < 9 || (b > 13 && b < 32 && b !== 27)) {
      control++;
    }
  }
  // A stray NUL in one row is that row's problem; a file full of them is not text.
  return sample.length > 0 && control / sample.length > 0.01 ? 'binary' : null;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const cp1252 = new TextDecoder('windows-1252');

/**
 * Bytes → text. A byte-order mark or valid UTF-8 means UTF-8; otherwise each line is read as
 * UTF-8 when it is, and as Windows-1252 when it is not (files pasted together from two
 * spreadsheets mix both).
 */
export function decode(
  bytes: Uint8Array,
  encoding: Encoding | 'auto' = 'auto',
): { text: string; encoding: Encoding; windows1252Lines: number } {
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = bom ? bytes.subarray(3) : bytes;
  if (encoding === 'windows-1252') {
    return { text: cp1252.decode(body), encoding, windows1252Lines: 0 };
  }
  try {
    return { text: utf8.decode(body), encoding: 'utf-8', windows1252Lines: 0 };
  } catch {
    if (encoding === 'utf-8') {
      throw new ImportFileError('imports.file.notUtf8');
    }
  }
  const parts: string[] = [];
  let start = 0;
  let utf8Lines = 0;
  let otherLines = 0;
  for (let i = 0; i <= body.length; i++) {
    if (i === body.length || body[i] === 0x0a) {
      const line = body.subarray(start, Math.min(i + 1, body.length));
      try {
        parts.push(utf8.decode(line));
        if (line.some((b) => b >= 0x80)) {
          utf8Lines++;
        }
      } catch {
        parts.push(cp1252.decode(line));
        otherLines++;
      }
      start = i + 1;
    }
  }
  return utf8Lines > 0
    ? { text: parts.join(''), encoding: 'utf-8', windows1252Lines: otherLines }
    : { text: parts.join(''), encoding: 'windows-1252', windows1252Lines: 0 };
}

const SEPARATORS = [';', '\t', ',', '|'] as const;

/** Counts of each separator outside quotes in the first line (a quoted cell may span lines). */
function firstLineCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>(SEPARATORS.map((s) => [s, 0]));
  let quoted = false;
  for (let i = 0; i < text.length && i < 100_000; i++) {
    const ch = text[i] ?? '';
    if (ch === '"') {
      quoted = !quoted;
    } else if (!quoted && (ch === '\n' || ch === '\r')) {
      break;
    } else if (!quoted && counts.has(ch)) {
      counts.set(ch, (counts.get(ch) ?? 0) + 1);
    }
  }
  return counts;
}

/**
 * The separator, read from the first line: French spreadsheets use ";" because decimals take
 * the comma, so data lines ("45,76") would mislead; the header line rarely holds numbers.
 * On a tie the semicolon wins, then the tab.
 */
export function sniffSeparator(text: string): string {
  const counts = firstLineCounts(text);
  let best: string = ',';
  let bestCount = 0;
  for (const s of SEPARATORS) {
    const n = counts.get(s) ?? 0;
    if (n > bestCount) {
      best = s;
      bestCount = n;
    }
  }
  return best;
}

/** Does this cell look like data rather than a column's name? */
function looksLikeData(cell: string): boolean {
  const v = cell.trim();
  return (
    /^[-+]?\d+([.,]\d+)?$/.test(v) ||
    /@/.test(v) ||
    /^(https?:\/\/|www\.)/i.test(v) ||
    /\.(fr|com|org|net|eu|coop|io)(\/|$)/i.test(v) ||
    /^\+?\d[\d .-]{7,}$/.test(v) ||
    /\d+\s*(bis|ter)?\s*,?\s*(rue|avenue|av\.|bd|bld|boulevard|place|chemin|route|all[ée]e|cours|impasse|quai)\b/i.test(v) ||
    v.length > 60
  );
}

/** A first row is a header unless some of its cells look like data, or two of them are the same. */
export function looksLikeHeader(first: string[]): boolean {
  const named = first.map((c) => c.trim()).filter(Boolean);
  if (named.length === 0 || named.some(looksLikeData)) {
    return false;
  }
  return new Set(named.map((c) => c.toLowerCase())).size === named.length;
}

function checkShape(columns: number, rows: number) {
  if (columns > MAX_COLUMNS) {
    throw new ImportFileError('imports.file.tooManyColumns', { count: columns, max: MAX_COLUMNS });
  }
  if (rows > MAX_ROWS) {
    throw new ImportFileError('imports.file.tooManyRows', { count: rows, max: MAX_ROWS });
  }
}

function readCsv(text: string, options: ReadOptions): Omit<SourceTable, 'encoding' | 'windows1252Lines'> {
  const separator = !options.separator || options.separator === 'auto' ? sniffSeparator(text) : options.separator;
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, {
      delimiter: separator,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      bom: true,
      info: true,
      max_record_size: 1_000_000,
    }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  } catch (err) {
    const e = err as { code?: string; lines?: number };
    throw new ImportFileError('imports.file.csvBroken', { line: e.lines ?? 0 });
  }
  // Lines made only of separators (a spreadsheet's empty rows) are not rows.
  records = records.filter((r) => r.record.some((c) => c.trim() !== ''));
  if (records.length === 0) {
    throw new ImportFileError('imports.file.empty');
  }
  const width = records.reduce((n, r) => Math.max(n, r.record.length), 0);
  checkShape(width, records.length);
  const first = records[0]?.record ?? [];
  const header = options.header === 'yes' || (options.header !== 'no' && looksLikeHeader(first));
  const columns = Array.from({ length: width }, (_, i) => (header ? (first[i] ?? '').trim() : '') || `Colonne ${i + 1}`);
  // info.lines counts the lines read up to the end of the record: a record's first line is
  // the previous record's last line + 1.
  let previousEnd = 0;
  const rows: SourceRow[] = [];
  for (const r of records) {
    const line = previousEnd + 1;
    previousEnd = r.info.lines;
    if (header && r === records[0]) {
      continue;
    }
    rows.push({ line, cells: Array.from({ length: width }, (_, i) => r.record[i] ?? '') });
  }
  if (rows.length === 0) {
    throw new ImportFileError('imports.file.headerOnly');
  }
  return { format: 'csv', separator, header, columns, rows };
}

/** A JSON value as one cell: text as it is, numbers as written, anything else as JSON. */
function cellOf(value: unknown): string {
  if (value === null || value === undefined) {
    return '';
  }
  if (typeof value === 'string') {
    return value;
  }
  if (typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  return JSON.stringify(value);
}

function tableOfObjects(objects: Array<Record<string, unknown>>, format: Format, extra?: (o: number) => Record<string, string>) {
  const columns: string[] = [];
  const seen = new Set<string>();
  const add = (k: string) => {
    if (!seen.has(k)) {
      seen.add(k);
      columns.push(k);
    }
  };
  objects.forEach((o, i) => {
    for (const k of Object.keys(o)) {
      add(k);
    }
    for (const k of Object.keys(extra?.(i) ?? {})) {
      add(k);
    }
    if (columns.length > MAX_COLUMNS) {
      checkShape(columns.length, objects.length);
    }
  });
  checkShape(columns.length, objects.length);
  const rows = objects.map((o, i) => {
    const more = extra?.(i) ?? {};
    return { line: i + 1, cells: columns.map((k) => (k in more ? (more[k] ?? '') : cellOf(o[k]))) };
  });
  return { format, header: true, columns, rows };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** GeoJSON's points give two more columns; other geometries give none (the row is placed otherwise). */
export const GEOJSON_LAT = 'geometry latitude';
export const GEOJSON_LNG = 'geometry longitude';

function readJson(text: string, options: ReadOptions): Omit<SourceTable, 'encoding' | 'windows1252Lines'> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ImportFileError(/\.geojson$/i.test(options.fileName ?? '') ? 'imports.file.geojsonBroken' : 'imports.file.jsonBroken');
  }
  if (isObject(value) && (value.type === 'FeatureCollection' || /\.geojson$/i.test(options.fileName ?? ''))) {
    if (value.type !== 'FeatureCollection' || !Array.isArray(value.features)) {
      throw new ImportFileError('imports.file.geojsonNotCollection');
    }
    const features = value.features.filter(isObject);
    if (features.length === 0) {
      throw new ImportFileError('imports.file.empty');
    }
    const properties = features.map((f) => (isObject(f.properties) ? f.properties : {}));
    return tableOfObjects(properties, 'geojson', (i) => {
      const g = features[i]?.geometry;
      if (isObject(g) && g.type === 'Point' && Array.isArray(g.coordinates)) {
        const [lng, lat] = g.coordinates as unknown[];
        if (typeof lng === 'number' && typeof lat === 'number') {
          return { [GEOJSON_LAT]: String(lat), [GEOJSON_LNG]: String(lng) };
        }
      }
      return { [GEOJSON_LAT]: '', [GEOJSON_LNG]: '' };
    });
  }
  const list = Array.isArray(value) ? value : isObject(value) ? Object.values(value).find(Array.isArray) : undefined;
  if (!list || list.length === 0) {
    throw new ImportFileError(list ? 'imports.file.empty' : 'imports.file.jsonNotList');
  }
  if (!list.every(isObject)) {
    throw new ImportFileError('imports.file.jsonNotObjects');
  }
  return tableOfObjects(list as Array<Record<string, unknown>>, 'json');
}

/** Read a file into columns and rows, or say why it cannot be read. */
export function readTable(bytes: Uint8Array, options: ReadOptions = {}): SourceTable {
  if (bytes.length === 0) {
    throw new ImportFileError('imports.file.empty');
  }
  if (bytes.length > MAX_IMPORT_BYTES) {
    throw new ImportFileError('imports.file.tooBig', { size: Math.round(bytes.length / 1048576), max: MAX_IMPORT_BYTES / 1048576 });
  }
  const binary = binaryKind(bytes);
  if (binary) {
    throw new ImportFileError(binary === 'zip' || binary === 'ole' ? 'imports.file.spreadsheet' : 'imports.file.binary');
  }
  const { text, encoding, windows1252Lines } = decode(bytes, options.encoding);
  if (text.trim() === '') {
    throw new ImportFileError('imports.file.empty');
  }
  const start = text.trimStart()[0];
  const json = start === '[' || start === '{' || /\.(geo)?json$/i.test(options.fileName ?? '');
  const table = json ? readJson(text, options) : readCsv(text, options);
  return { ...table, encoding, windows1252Lines };
}
