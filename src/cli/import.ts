import fs from 'node:fs';
import path from 'node:path';
import type { Deps } from '../deps.ts';
import { type Mapping, TARGET_FIELDS, type TargetField } from '../domains/imports/imports.mapping.ts';
import type { Decision } from '../domains/imports/imports.plan.ts';
import { ImportFileError, type ReadOptions } from '../domains/imports/imports.read.ts';
import * as imports from '../domains/imports/imports.service.ts';
import { PLACE_KINDS } from '../domains/places/places.vocabulary.ts';
import { translator } from '../i18n/index.ts';

const system = { system: true } as const;
const fr = translator('fr');

interface Options {
  source?: string;
  kind?: string;
  'dry-run'?: boolean;
  report?: string;
  encoding?: string;
  header?: string;
  separator?: string;
  map?: string[];
  duplicates?: string;
}

/** A progress bar on the terminal (standard error), redrawn in place. */
function progressBar(label: string) {
  const tty = process.stderr.isTTY;
  let last = -1;
  return (done: number, total: number) => {
    const share = total > 0 ? done / total : 1;
    const percent = Math.floor(share * 100);
    if (percent === last) {
      return;
    }
    last = percent;
    const width = 30;
    const bar = `${'█'.repeat(Math.round(share * width))}${'░'.repeat(width - Math.round(share * width))}`;
    process.stderr.write(`${tty ? '\r' : ''}${label} ${bar} ${String(percent).padStart(3)} % (${done}/${total})${tty ? '' : '\n'}`);
    if (tty && done >= total) {
      process.stderr.write('\n');
    }
  };
}

/** `--map name=Nom --map postcode=3`: a column by its name or its number (from 1). */
function mappingOverrides(list: string[], columns: string[]): Mapping | string {
  const mapping: Mapping = {};
  for (const item of list) {
    const [field, column] = item.split('=', 2) as [string, string | undefined];
    if (!(TARGET_FIELDS as readonly string[]).includes(field) || column === undefined) {
      return `--map ${item}: expected field=column, field one of ${TARGET_FIELDS.join(', ')}`;
    }
    const index = /^\d+$/.test(column) ? Number(column) - 1 : columns.indexOf(column);
    if (index < 0 || index >= columns.length) {
      return `--map ${item}: no such column (columns: ${columns.join(', ')})`;
    }
    mapping[field as TargetField] = index;
  }
  return mapping;
}

async function writeReport(deps: Deps, jobId: string, file: string) {
  fs.writeFileSync(file, await imports.importReportCsv(deps, system, jobId, fr));
}

export async function importCommand(deps: Deps, file: string | undefined, o: Options): Promise<number> {
  if (!file || !fs.existsSync(file)) {
    console.error('import needs the path of a CSV, JSON or GeoJSON file');
    return 2;
  }
  if (!o.source) {
    console.error('--source NAME is required (where the file comes from: its column mapping is kept under this name)');
    return 2;
  }
  if (o.kind && !(o.kind in PLACE_KINDS)) {
    console.error(`--kind must be one of: ${Object.keys(PLACE_KINDS).join(', ')}`);
    return 2;
  }
  if (!['skip', 'new', 'merge'].includes(o.duplicates ?? 'skip')) {
    console.error('--duplicates must be skip, new or merge');
    return 2;
  }
  const readOptions: ReadOptions = {
    encoding: (o.encoding ?? 'auto') as ReadOptions['encoding'],
    header: (o.header ?? 'auto') as ReadOptions['header'],
    separator: (o.separator === 'tab' ? '\t' : (o.separator ?? 'auto')) as ReadOptions['separator'],
  };
  let upload: Awaited<ReturnType<typeof imports.uploadImport>>;
  try {
    const bytes = new Uint8Array(fs.readFileSync(file));
    upload = await imports.uploadImport(deps, system, { sourceName: o.source, fileName: path.basename(file), bytes, readOptions });
  } catch (err) {
    if (err instanceof ImportFileError) {
      console.error(`${path.basename(file)}: ${fr(err.key, err.params)}`);
      return 1;
    }
    throw err;
  }
  const { jobId, table } = upload;
  const overrides = mappingOverrides(o.map ?? [], table.columns);
  if (typeof overrides === 'string') {
    console.error(overrides);
    return 2;
  }
  const mapping = { ...upload.mapping, ...overrides };
  console.log(
    `${table.rows.length} rows, ${table.columns.length} columns (${table.format}, ${table.encoding}${table.separator ? `, separator ${JSON.stringify(table.separator)}` : ''}, ${table.header ? 'header row' : 'no header row'}).`,
  );
  console.log(
    `Columns: ${TARGET_FIELDS.filter((f) => mapping[f] !== undefined)
      .map((f) => `${f} ← ${table.columns[mapping[f] ?? 0]}`)
      .join(', ')}`,
  );
  const started = Date.now();
  const plan = await imports.checkImport(deps, system, jobId, { mapping, defaultKind: o.kind ?? upload.defaultKind });
  const c = plan.counts;
  console.log(
    `Checked in ${((Date.now() - started) / 1000).toFixed(1)} s: ${c.ok} ok, ${c.fixed} fixed, ${c.attention} needing attention, ${c.rejected} rejected → ${c.create} to create, ${c.update} to update, ${c.merge} to merge, ${c.decide} possible duplicates (--duplicates ${o.duplicates ?? 'skip'}).`,
  );
  for (const n of plan.notices) {
    console.log(`Note: ${fr(n.key, n.params)}`);
  }
  if (o.report) {
    await writeReport(deps, jobId, o.report);
    console.log(`Report written: ${o.report}`);
  }
  if (o['dry-run']) {
    console.log('Dry run: nothing imported.');
    return 0;
  }
  const decision = (o.duplicates ?? 'skip') as Decision;
  if (decision !== 'skip') {
    await imports.decideImportRows(
      deps,
      system,
      jobId,
      plan.rows.filter((r) => r.action === 'decide').map((r) => ({ line: r.line, decision })),
    );
  }
  const importStart = Date.now();
  await imports.startImport(deps, system, jobId, { wait: true, onProgress: progressBar('Importing') });
  const done = await imports.getImportReport(deps, system, jobId, { limit: 0 });
  console.log(
    `Imported in ${((Date.now() - importStart) / 1000).toFixed(1)} s: ${Object.entries(done.outcomes)
      .map(([k, n]) => `${n} ${k}`)
      .join(', ')}.`,
  );
  if (o.report) {
    await writeReport(deps, jobId, o.report);
  }
  return 0;
}
