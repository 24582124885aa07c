import { createHash } from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { stringify } from 'csv-stringify/sync';
import { type AsyncFlateStreamHandler, Zip, ZipDeflate, type ZipInputFile, ZipPassThrough } from 'fflate';
import type { Deps } from '../../deps.ts';
import { safeCell } from '../../lib/csv.ts';
import { type Cell, dumpResources, LICENCE_OUVERTE, type TableField, type TableResource } from './opendata.resources.ts';

/**
 * The network's open dump: every public resource in one ZIP with a `datapackage.json` (Data
 * Package v2, a Table Schema per CSV), written while the site keeps serving (rows are read a
 * page at a time, and the event loop is let go between pages). The archive is written aside and
 * renamed when whole: the last complete dump stays downloadable meanwhile.
 */

export interface DumpResourceInfo {
  name: string;
  title: string;
  path: string;
  format: string;
  bytes: number;
  rows?: number;
  licence: string;
}

export interface DumpInfo {
  createdAt: string;
  seconds: number;
  bytes: number;
  resources: DumpResourceInfo[];
}

export const dumpDir = (deps: Deps) => path.join(deps.config.dataDir, 'open-data');
export const DUMP_FILE = 'tisserin-donnees.zip';
const INFO_FILE = 'tisserin-donnees.json';

const yieldToRequests = () => new Promise((resolve) => setImmediate(resolve));

/**
 * A ZIP entry compressed by Node's zlib, on libuv's thread pool: the event loop only moves
 * bytes, so pages keep being served while hundreds of megabytes are deflated (fflate's own
 * ZipDeflate compresses on the calling thread). Writing waits when zlib is behind.
 */
class ThreadedDeflate implements ZipInputFile {
  compression = 8;
  flag = 0 as const;
  crc = 0;
  size = 0;
  ondata: AsyncFlateStreamHandler = () => {};
  private readonly stream = zlib.createDeflateRaw({ level: 6 });
  private readonly ended: Promise<unknown>;

  constructor(
    readonly filename: string,
    readonly mtime: Date,
  ) {
    this.stream.on('data', (chunk: Buffer) => this.ondata(null, chunk as unknown as Uint8Array<ArrayBuffer>, false));
    this.ended = once(this.stream, 'end').then(() => this.ondata(null, new Uint8Array(0), true));
  }

  terminate = () => {
    this.stream.destroy();
  };

  async write(chunk: Uint8Array): Promise<void> {
    if (chunk.length === 0) {
      // Node 20's zlib.crc32 of nothing returns 0, not the running value it was given.
      return;
    }
    this.crc = zlib.crc32(chunk, this.crc);
    this.size += chunk.length;
    if (!this.stream.write(chunk)) {
      await once(this.stream, 'drain');
    }
  }

  async end(): Promise<void> {
    this.stream.end();
    await this.ended;
  }
}

function cellText(value: Cell, field: TableField): string | number | boolean {
  if (value === null || value === undefined) {
    return '';
  }
  if (value instanceof Date) {
    // Table Schema's default datetime has no fraction of a second.
    return field.type === 'date' ? value.toISOString().slice(0, 10) : value.toISOString().replace(/\.\d{3}Z$/, 'Z');
  }
  if (typeof value === 'object') {
    return JSON.stringify(value);
  }
  if (typeof value === 'string') {
    // A cell a spreadsheet would run as a formula gets a quote in front (never in JSON cells,
    // which arrive as the database's JSON text).
    return field.type === 'string' ? (safeCell(value) as string) : value;
  }
  return value;
}

/** The Table Schema of a table resource (Data Package v2). */
export function tableSchema(r: TableResource): object | string {
  return (
    r.schema ?? {
      $schema: 'https://datapackage.org/profiles/2.0/tableschema.json',
      fields: r.fields.map((f) => ({
        name: f.name,
        type: f.type,
        ...(f.format ? { format: f.format } : {}),
        ...(f.description ? { description: f.description } : {}),
        ...(f.constraints ? { constraints: f.constraints } : {}),
      })),
      ...(r.primaryKey ? { primaryKey: r.primaryKey } : {}),
      missingValues: [''],
    }
  );
}

let running: Promise<DumpInfo> | null = null;

/** Write the dump (one at a time: a second call while one runs gets the same result). */
export function writeDump(deps: Deps): Promise<DumpInfo> {
  running ??= generate(deps).finally(() => {
    running = null;
  });
  return running;
}

export const dumpRunning = () => running !== null;

async function generate(deps: Deps): Promise<DumpInfo> {
  const started = performance.now();
  const dir = dumpDir(deps);
  fs.mkdirSync(dir, { recursive: true });
  const partial = path.join(dir, `${DUMP_FILE}.${process.pid}.partial`);
  const out = fs.createWriteStream(partial);
  const finished = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
  });
  /** The file is written as fast as the disk takes it: past 16 MB waiting, the dump waits. */
  const outputDrained = async () => {
    if (out.writableLength > 16 * 1024 * 1024) {
      await once(out, 'drain');
    }
  };
  let zipError: Error | null = null;
  const zip = new Zip((err, chunk, final) => {
    if (err) {
      zipError = err;
      return;
    }
    out.write(chunk);
    if (final) {
      out.end();
    }
  });
  const encoder = new TextEncoder();
  const infos: DumpResourceInfo[] = [];
  const packageResources: object[] = [];
  const createdAt = new Date();

  for (const resource of dumpResources()) {
    if (resource.kind === 'table') {
      const entry = new ThreadedDeflate(`${resource.name}.csv`, createdAt);
      zip.add(entry);
      const hash = createHash('sha256');
      let bytes = 0;
      let rows = 0;
      const push = async (text: string) => {
        const chunk = encoder.encode(text);
        bytes += chunk.length;
        hash.update(chunk);
        await entry.write(chunk);
        await outputDrained();
      };
      await push(stringify([resource.fields.map((f) => f.name)]));
      let batch: Array<Array<string | number | boolean>> = [];
      for await (const row of resource.rows(deps)) {
        batch.push(resource.fields.map((f, i) => cellText(row[i], f)));
        rows++;
        if (batch.length === 1000) {
          await push(stringify(batch));
          batch = [];
          await yieldToRequests();
        }
      }
      await push(stringify(batch));
      await entry.end();
      infos.push({
        name: resource.name,
        title: resource.title,
        path: `${resource.name}.csv`,
        format: 'csv',
        bytes,
        rows,
        licence: resource.licence.title,
      });
      packageResources.push({
        name: resource.name,
        type: 'table',
        path: `${resource.name}.csv`,
        title: resource.title,
        description: resource.description,
        format: 'csv',
        mediatype: 'text/csv',
        encoding: 'utf-8',
        bytes,
        hash: `sha256:${hash.digest('hex')}`,
        dialect: { $schema: 'https://datapackage.org/profiles/2.0/tabledialect.json', delimiter: ',', header: true },
        schema: tableSchema(resource),
        licenses: [resource.licence],
      });
    } else {
      let bytes = 0;
      let count = 0;
      for await (const file of resource.files(deps)) {
        const data = typeof file.bytes === 'string' ? encoder.encode(file.bytes) : file.bytes;
        const filePath = `${resource.name}/${file.path}`;
        if (file.mediatype.startsWith('image/')) {
          // Images are compressed already: stored as they are.
          const entry = new ZipPassThrough(filePath);
          entry.mtime = createdAt;
          zip.add(entry);
          entry.push(data, true);
        } else {
          // Small files (a document's Markdown) are deflated here at once: a trip to the thread
          // pool for each would cost several turns of a busy event loop.
          const entry = new ZipDeflate(filePath, { level: 6 });
          entry.mtime = createdAt;
          zip.add(entry);
          entry.push(data, true);
        }
        await outputDrained();
        bytes += data.length;
        count++;
        if (count % 500 === 0) {
          await yieldToRequests();
        }
      }
      infos.push({
        name: resource.name,
        title: resource.title,
        path: `${resource.name}/`,
        format: 'files',
        bytes,
        rows: count,
        licence: resource.licence.title,
      });
      packageResources.push({
        name: resource.name,
        path: `${resource.name}/`,
        title: resource.title,
        description: resource.description,
        format: 'directory',
        bytes,
        licenses: [resource.licence],
      });
    }
  }

  const datapackage = {
    $schema: 'https://datapackage.org/profiles/2.0/datapackage.json',
    name: 'tisserin-donnees',
    title: 'Données ouvertes du réseau',
    description:
      'Tout ce que le réseau publie : lieux, projets et guides avec tout leur historique, publications, outils, agenda. Les données personnelles n’y figurent pas ; un compte supprimé n’apparaît plus dans les exports générés ensuite.',
    homepage: `${deps.config.publicUrl}/donnees`,
    version: createdAt.toISOString().slice(0, 10),
    created: createdAt.toISOString(),
    licenses: [LICENCE_OUVERTE],
    sources: [{ title: 'Tisserin', path: deps.config.publicUrl }],
    resources: packageResources,
  };
  const manifest = new ZipDeflate('datapackage.json', { level: 6 });
  manifest.mtime = createdAt;
  zip.add(manifest);
  manifest.push(encoder.encode(`${JSON.stringify(datapackage, null, 2)}\n`), true);
  zip.end();
  await finished;
  if (zipError) {
    throw zipError;
  }
  fs.renameSync(partial, path.join(dir, DUMP_FILE));
  const info: DumpInfo = {
    createdAt: createdAt.toISOString(),
    seconds: Math.round((performance.now() - started) / 100) / 10,
    bytes: fs.statSync(path.join(dir, DUMP_FILE)).size,
    resources: infos,
  };
  fs.writeFileSync(path.join(dir, INFO_FILE), JSON.stringify(info));
  return info;
}

/** What the last complete dump holds, or null before the first one. */
export function latestDump(deps: Deps): DumpInfo | null {
  try {
    return JSON.parse(fs.readFileSync(path.join(dumpDir(deps), INFO_FILE), 'utf8')) as DumpInfo;
  } catch {
    return null;
  }
}
