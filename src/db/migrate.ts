import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { projectRoot } from '../lib/project-root.ts';
import { type Database, queryRows } from './client.ts';

export const MIGRATIONS_DIR = path.join(projectRoot(), 'migrations');

/** Lock key for pg_advisory_lock: several app processes starting at once migrate one at a time. */
const MIGRATION_LOCK = 727_271_001;

/** How many migrations this code ships (read once: /readyz asks often). */
let shipped: number | undefined;

/** How many committed migrations the database has not applied yet (0 when up to date). */
export async function pendingMigrations(database: Database): Promise<number> {
  shipped ??= (JSON.parse(fs.readFileSync(path.join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] }).entries
    .length;
  const [row] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
  return Math.max(0, shipped - Number(row?.n ?? 0));
}

/**
 * Run `fn` while holding a PostgreSQL advisory lock, so that app processes starting at once do
 * it one after the other (the first-start data). `fn` works through the pool, so the pool needs
 * a second connection. PGlite: one process anyway.
 */
export async function withStartupLock<T>(database: Database, key: number, fn: () => Promise<T>): Promise<T> {
  const pool = database.pool;
  if (database.kind === 'pglite' || !pool) {
    return fn();
  }
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [key]);
    try {
      return await fn();
    } finally {
      await client.query('select pg_advisory_unlock($1)', [key]);
    }
  } finally {
    client.release();
  }
}

/** Lock key of the data a first start loads (demo network, skills reference, tools). */
export const FIRST_START_LOCK = 727_271_002;

/** Apply the committed SQL migrations; the same files for PGlite and PostgreSQL. */
export async function runMigrations(database: Database): Promise<void> {
  if (database.kind === 'pglite') {
    await migratePglite(database.db as unknown as PgliteDatabase, { migrationsFolder: MIGRATIONS_DIR });
    return;
  }
  const pool = database.pool;
  if (!pool) {
    throw new Error('PostgreSQL database without a pool');
  }
  const { drizzle: drizzlePg } = await import('drizzle-orm/node-postgres');
  const { migrate: migratePg } = await import('drizzle-orm/node-postgres/migrator');
  // The lock is taken on the connection that migrates (a pool of one connection suffices).
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await migratePg(drizzlePg(client), { migrationsFolder: MIGRATIONS_DIR });
    } finally {
      await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
}
