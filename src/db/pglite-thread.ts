import { Worker } from 'node:worker_threads';

/**
 * PGlite in a worker thread, seen from the server's thread through the part of PGlite's interface
 * Drizzle's driver uses (query, exec, transaction). PGlite runs PostgreSQL compiled to
 * WebAssembly synchronously: in the server's own thread, each query stopped every other request
 * and the second core stayed idle. Here queries run beside the rendering (docs/ARCHITECTURE.md,
 * "Where the database runs").
 *
 * Transactions keep PGlite's semantics: the worker opens one, holds it while the server sends
 * its statements, then commits or rolls back as told; other queries wait for it inside PGlite.
 */

export interface QueryOptions {
  rowMode?: 'array' | 'object';
  /** Planner settings for this statement alone (set_config … local, in a transaction of its own). */
  settings?: Record<string, string>;
}

export interface PgliteResults {
  rows: unknown[];
  fields: { name: string; dataTypeID: number }[];
  affectedRows?: number;
}

/** What Drizzle's PGlite session calls, on the database and inside a transaction. */
export interface PgliteLike {
  query(sql: string, params?: unknown[], options?: QueryOptions): Promise<PgliteResults>;
  exec(sql: string): Promise<PgliteResults[]>;
}

type Request =
  | { op: 'query'; sql: string; params: unknown[]; rowMode?: 'array' | 'object'; settings?: Record<string, string>; tx?: number }
  | { op: 'exec'; sql: string; tx?: number }
  | { op: 'begin' }
  | { op: 'end'; tx: number; commit: boolean }
  | { op: 'close' };

interface Reply {
  id: number;
  ok: boolean;
  result?: unknown;
  error?: { message: string; name: string; fields: Record<string, unknown> };
}

export interface OpenThreadOptions {
  /** A PGlite data directory… */
  dataDir?: string;
  /** …or a dump to start from (tests clone a migrated template this way); neither: in memory. */
  loadDataDir?: Blob;
  postgresqlconf?: string[];
  /** Told once if the thread dies (not when closed): every query fails from then on. */
  onFailure?: (err: Error) => void;
}

const WORKER_URL = new URL('./pglite-worker.mjs', import.meta.url);

const JSON_TYPES = new Set([114, 3802]); // json, jsonb

/**
 * A statement that only reads: a SELECT, or a union of parenthesised ones (a search's titles and
 * snippets). Anything else, a WITH included (its parts may write), counts as a possible write.
 */
const PLAIN_SELECT = /^[\s(]*select\b/i;

/** JSON columns arrive as text (see the worker): parse them here, in place. */
function parseJson(result: unknown): unknown {
  for (const r of Array.isArray(result) ? result : [result]) {
    const { rows, fields } = (r ?? {}) as Partial<PgliteResults>;
    if (!rows || !fields || rows.length === 0) {
      continue;
    }
    fields.forEach((field, i) => {
      if (!JSON_TYPES.has(field.dataTypeID)) {
        return;
      }
      for (const row of rows as Array<Record<string | number, unknown>>) {
        const key = Array.isArray(row) ? i : field.name;
        const value = row[key];
        if (typeof value === 'string') {
          row[key] = JSON.parse(value);
        }
      }
    });
  }
  return result;
}

export class PgliteThread implements PgliteLike {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (err: Error) => void }>();
  private broken: Error | undefined;

  private closing = false;

  private constructor(
    private readonly worker: Worker,
    private readonly onFailure?: (err: Error) => void,
  ) {
    worker.on('message', (msg: Reply) => this.settle(msg));
    worker.on('error', (err) => this.fail(err));
    worker.on('exit', (code) => this.fail(new Error(`the database thread stopped (exit code ${code})`)));
    worker.unref();
  }

  static async open(opts: OpenThreadOptions): Promise<PgliteThread> {
    const loadDataDir = opts.loadDataDir ? await opts.loadDataDir.arrayBuffer() : undefined;
    const worker = new Worker(WORKER_URL, {
      workerData: { dataDir: opts.dataDir, loadDataDir, postgresqlconf: opts.postgresqlconf },
      transferList: loadDataDir ? [loadDataDir] : [],
    });
    await new Promise<void>((resolve, reject) => {
      const onMessage = (msg: { ready?: boolean }) => {
        if (msg.ready) {
          worker.off('error', onError);
          resolve();
        }
      };
      const onError = (err: Error) => {
        worker.off('message', onMessage);
        reject(err);
      };
      worker.once('message', onMessage);
      worker.once('error', onError);
    });
    return new PgliteThread(worker, opts.onFailure);
  }

  query(sql: string, params: unknown[] = [], options: QueryOptions = {}): Promise<PgliteResults> {
    return this.call({ op: 'query', sql, params, rowMode: options.rowMode, settings: options.settings }) as Promise<PgliteResults>;
  }

  exec(sql: string): Promise<PgliteResults[]> {
    return this.call({ op: 'exec', sql }) as Promise<PgliteResults[]>;
  }

  /** Like PGlite's: commits when `fn` resolves, rolls back (and rethrows) when it throws. */
  async transaction<T>(fn: (tx: PgliteLike) => Promise<T>): Promise<T> {
    const tx = (await this.call({ op: 'begin' })) as number;
    const handle: PgliteLike = {
      query: (sql, params = [], options = {}) =>
        this.call({ op: 'query', sql, params, rowMode: options.rowMode, tx }) as Promise<PgliteResults>,
      exec: (sql) => this.call({ op: 'exec', sql, tx }) as Promise<PgliteResults[]>,
    };
    let result: T;
    try {
      result = await fn(handle);
    } catch (err) {
      await this.call({ op: 'end', tx, commit: false });
      throw err;
    }
    await this.call({ op: 'end', tx, commit: true });
    return result;
  }

  async close(): Promise<void> {
    this.closing = true;
    if (!this.broken) {
      await this.call({ op: 'close' });
    }
    this.broken = new Error('the database is closed');
    await this.worker.terminate();
  }

  /**
   * A number that changes whenever something may have been written: a statement that is not a
   * plain SELECT was sent, or a transaction ended. The database runs what it is sent in order,
   * so a read sent after looking at this number sees every write it counts — except those of a
   * transaction still open, whose end counts again. Caches of this process's own data (the
   * search index) skip their check while it stays the same.
   */
  writeEpoch(): number {
    return this.writes;
  }

  private writes = 0;

  private call(request: Request): Promise<unknown> {
    if (this.broken) {
      return Promise.reject(this.broken);
    }
    if (request.op === 'end' || ((request.op === 'query' || request.op === 'exec') && !PLAIN_SELECT.test(request.sql))) {
      this.writes++;
    }
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (this.pending.size === 0) {
        // Awaiting the database keeps the process alive; an idle database thread does not.
        this.worker.ref();
      }
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, ...request });
    });
  }

  private settle(msg: Reply): void {
    const waiting = this.pending.get(msg.id);
    if (!waiting) {
      return;
    }
    this.pending.delete(msg.id);
    if (this.pending.size === 0) {
      this.worker.unref();
    }
    if (msg.ok) {
      waiting.resolve(parseJson(msg.result));
    } else {
      const error = new Error(msg.error?.message ?? 'database error');
      error.name = msg.error?.name ?? 'Error';
      waiting.reject(Object.assign(error, msg.error?.fields));
    }
  }

  private fail(err: Error): void {
    if (!this.broken && !this.closing) {
      this.onFailure?.(err);
    }
    this.broken ??= err;
    for (const waiting of this.pending.values()) {
      waiting.reject(err);
    }
    this.pending.clear();
  }
}
