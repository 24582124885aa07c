import fs from 'node:fs';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { type SQL, sql } from 'drizzle-orm';
import { type PgDatabase, PgDialect, type PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import type pg from 'pg';
import { UUID_PATTERN } from '../lib/validation.ts';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock.ts';
import { type PgliteLike, PgliteThread } from './pglite-thread.ts';
import * as schema from './schema.ts';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Anything queries can run on: the database or an open transaction. */
export type DbOrTx = Db | Tx;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** The embedded database (in its own thread), for what Drizzle does not say (VACUUM, readWithSettings); undefined on PostgreSQL. */
  pglite?: PgliteLike;
  pool?: pg.Pool;
  /** Statements sent since the start (for /metrics: how many queries a page costs). */
  queryCount(): number;
  /** Count a statement sent past Drizzle (readWithSettings on the embedded database). */
  countQuery(): void;
  /**
   * The embedded database: a number that changes whenever a write may have been committed (see
   * PgliteThread.writeEpoch); undefined on PostgreSQL, where other processes write too.
   */
  writeEpoch?(): number;
  close(): Promise<void>;
}

/** Counts the statements Drizzle sends (it tells its logger of each one). */
function queryCounter() {
  let count = 0;
  const countQuery = () => {
    count++;
  };
  return { logger: { logQuery: countQuery }, queryCount: () => count, countQuery };
}

/**
 * PGlite reserves 128 MB of shared buffers by default, and its WebAssembly memory never shrinks.
 * 8 MB of buffers (the operating system caches the files anyway), 2 MB per sort or hash and
 * 16 MB for VACUUM keep the whole server under 300 MB at 50,000 members (see README, Performance).
 */
const PGLITE_CONF = ['shared_buffers = 8MB', 'work_mem = 2MB', 'maintenance_work_mem = 16MB'];

/** Run raw SQL and return its rows, the same way on PGlite and node-postgres. */
const TIMESTAMP_TYPES = new Set([1114, 1184]); // timestamp, timestamptz

/**
 * Rows of a raw query, with timestamps as Dates on both drivers: Drizzle's PGlite driver leaves
 * them as text (it parses them per column in typed queries), node-postgres parses them itself.
 */
export async function queryRows<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  return rowsWithDates<T>((await db.execute(query)) as unknown as RawResult);
}

interface RawResult {
  rows: Record<string, unknown>[];
  fields?: { name: string; dataTypeID: number }[];
}

function rowsWithDates<T>(result: RawResult): T[] {
  const stamps = (result.fields ?? []).filter((f) => TIMESTAMP_TYPES.has(f.dataTypeID)).map((f) => f.name);
  return datesIn(result.rows, stamps) as T[];
}

/** These columns of the rows, when they hold text, as Dates (in place). */
function datesIn(rows: Record<string, unknown>[], columns: readonly string[]): Record<string, unknown>[] {
  for (const row of columns.length > 0 ? rows : []) {
    for (const name of columns) {
      const value = row[name];
      if (typeof value === 'string') {
        row[name] = new Date(value);
      }
    }
  }
  return rows;
}

const dialect = new PgDialect();

/**
 * A read planned with settings for it alone (`set_config(…, true)`: enable_seqscan off…), in a
 * transaction of its own. On the embedded database the settings and the read go to its thread
 * as one message: a transaction driven statement by statement from this thread would hold the
 * database, idle, between them.
 */
export async function readWithSettings<T>(database: Database, settings: Record<string, string>, query: SQL): Promise<T[]> {
  const { pglite } = database;
  if (pglite) {
    const { sql: text, params } = dialect.sqlToQuery(query);
    database.countQuery();
    return rowsWithDates<T>((await pglite.query(text, params, { settings })) as RawResult);
  }
  return database.db.transaction(async (tx) => {
    const names = Object.keys(settings);
    await tx.execute(
      sql`select ${sql.join(
        names.map((n) => sql`set_config(${n}, ${settings[n]}, true)`),
        sql`, `,
      )}`,
    );
    return queryRows<T>(tx, query);
  });
}

/**
 * A read whose best plan depends on its values, such as a range over a table that a bulk load
 * fills and a prune empties: on the embedded database, planned for them each time instead of
 * once for any values (a generic plan of `seq > $1` reads the whole table). A PostgreSQL server
 * plans an unnamed statement for its values already.
 */
export function readPlannedForValues<T>(database: Database, query: SQL): Promise<T[]> {
  return database.pglite
    ? readWithSettings<T>(database, { plan_cache_mode: 'force_custom_plan' }, query)
    : queryRows<T>(database.db, query);
}

/** One read of `readTogether`: a query, and which of its columns are dates (JSON carries them as text). */
export interface Part<T> {
  query: SQL;
  dates: readonly string[];
  /** Only here to carry the row type. */
  row?: T;
}

export const part = <T>(query: SQL, dates: readonly (keyof T & string)[] = []): Part<T> => ({ query, dates });

/**
 * Several independent reads in one statement, each part's rows as a JSON array: a page costs
 * one round trip to the database instead of one per list it shows (on the embedded database
 * each statement costs ~0.3 ms of fixed work, more than these small reads themselves). Rows
 * keep the order the part's query gives them (an aggregate over an ordered subquery keeps it).
 */
export async function readTogether<P extends Record<string, Part<object>>>(
  db: DbOrTx,
  parts: P,
): Promise<{ [K in keyof P]: P[K] extends Part<infer T> ? T[] : never }> {
  const names = Object.keys(parts);
  const [row] = await queryRows<Record<string, Array<Record<string, unknown>>>>(
    db,
    sql`select ${sql.join(
      names.map((name) => sql`coalesce((select json_agg(x) from (${parts[name]?.query}) x), '[]'::json) as ${sql.identifier(name)}`),
      sql`, `,
    )}`,
  );
  const result: Record<string, unknown[]> = {};
  for (const name of names) {
    result[name] = datesIn(row?.[name] ?? [], parts[name]?.dates ?? []);
  }
  return result as { [K in keyof P]: P[K] extends Part<infer T> ? T[] : never };
}

export interface OpenOptions {
  dataDir: string;
  databaseUrl?: string;
  /** What holds the lock ("server", "cli migrate"…), shown to a second process that is refused. */
  holder: string;
  /** Start from this dump (tests clone a migrated template this way); skips the lock. */
  loadDataDir?: Blob;
  /** In-memory PGlite (tests); skips the lock. */
  inMemory?: boolean;
  poolSize?: number;
}

/** Open PGlite in DATA_DIR/pglite (holding the data-dir lock) or a pool on DATABASE_URL. */
export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl) {
    // Loaded only when a server is used: the embedded setup never pays for the pg driver.
    const { default: pgModule } = await import('pg');
    const { drizzle: drizzlePg } = await import('drizzle-orm/node-postgres');
    const pool = new pgModule.Pool({ connectionString: opts.databaseUrl, max: opts.poolSize ?? 10 });
    pool.on('error', () => {
      // An idle client lost its connection; the pool replaces it on next use.
    });
    const counter = queryCounter();
    const db = drizzlePg(pool, { schema, logger: counter.logger }) as unknown as Db;
    return { db, kind: 'postgres', pool, queryCount: counter.queryCount, countQuery: counter.countQuery, close: () => pool.end() };
  }
  let lock: DataDirLock | undefined;
  let client: PgliteThread;
  if (opts.loadDataDir || opts.inMemory) {
    client = await PgliteThread.open({ loadDataDir: opts.loadDataDir });
  } else {
    lock = acquireDataDirLock(opts.dataDir, opts.holder);
    try {
      const dir = path.join(opts.dataDir, 'pglite');
      fs.mkdirSync(dir, { recursive: true });
      client = await PgliteThread.open({
        dataDir: dir,
        postgresqlconf: PGLITE_CONF,
        // Nothing works without the database: stop, so that the supervisor starts the process
        // again (systemd, Docker…), rather than answer 503 forever.
        onFailure: (err) => {
          console.error(`The embedded database stopped (${err.message}): exiting.`);
          process.exit(1);
        },
      });
    } catch (err) {
      lock.release();
      throw err;
    }
  }
  // Drizzle's driver needs only query, exec and transaction, which the thread's client provides.
  const counter = queryCounter();
  const db = drizzlePglite(client as unknown as PGlite, { schema, logger: counter.logger }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    pglite: client,
    writeEpoch: () => client.writeEpoch(),
    queryCount: counter.queryCount,
    countQuery: counter.countQuery,
    async close() {
      try {
        await client.close();
      } finally {
        lock?.release();
      }
    },
  };
}

/**
 * An array as one bound value, in PostgreSQL's array syntax: a statement's text is then the same
 * whatever the list's length, so the database thread's prepared statement (and its plan) serves
 * every page, instead of one statement per length.
 */
function arrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/[\\"]/g, '\\$&')}"`).join(',')}}`;
}

/**
 * The inside of `id in (…)` for a list of ids: values that are not UUIDs are dropped, never
 * cast (a cast of junk is an error, not "no match"); an empty list matches nothing.
 */
export function uuidList(ids: readonly string[]): SQL {
  return sql`select unnest(${arrayLiteral(ids.filter((id) => UUID_PATTERN.test(id)))}::uuid[])`;
}

/** A text[] of bound values, as one value ('{}' when empty). */
export function textArray(values: readonly string[]): SQL {
  return sql`${arrayLiteral(values)}::text[]`;
}
