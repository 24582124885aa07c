import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import pg from 'pg';
import { type Database, openDatabase } from '../src/db/client.ts';
import { MIGRATIONS_DIR, runMigrations } from '../src/db/migrate.ts';

/** Where the migrated PGlite template lives; its name changes when the migrations do. */
export function templatePath(): string {
  const hash = createHash('sha256');
  for (const f of fs.readdirSync(MIGRATIONS_DIR).sort()) {
    if (f.endsWith('.sql')) {
      hash.update(fs.readFileSync(path.join(MIGRATIONS_DIR, f)));
    }
  }
  return path.resolve('.tmp', `pglite-template-${hash.digest('hex').slice(0, 12)}.tar.gz`);
}

export const PG_TEMPLATE_DB = 'tisserin_test_template';

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function onServer(serverUrl: string, statement: string): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(statement);
  } finally {
    await admin.end();
  }
}

/**
 * A new database on the PostgreSQL server at `serverUrl` (a test's own: empty, or a copy of
 * `template`), and how to drop it.
 */
export async function scratchDatabase(serverUrl: string, name: string, template?: string): Promise<{ url: string; drop(): Promise<void> }> {
  await onServer(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await onServer(serverUrl, `CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
  return { url: withDatabase(serverUrl, name), drop: () => onServer(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/** Build the template once per test run (reused while the migrations do not change). */
export async function prepareTemplate(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const template = await scratchDatabase(url, PG_TEMPLATE_DB);
    const db = await openDatabase({ dataDir: '', databaseUrl: template.url, holder: 'test', poolSize: 1 });
    await runMigrations(db);
    await db.close();
    return;
  }
  const file = templatePath();
  if (fs.existsSync(file)) {
    return;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const client = await PGlite.create({ extensions: { pg_trgm, unaccent } });
  const { drizzle } = await import('drizzle-orm/pglite');
  const database = { db: drizzle(client), kind: 'pglite', pglite: client, close: () => client.close() } as unknown as Database;
  await runMigrations(database);
  const dump = await client.dumpDataDir('gzip');
  await client.close();
  fs.writeFileSync(`${file}.partial`, Buffer.from(await dump.arrayBuffer()));
  fs.renameSync(`${file}.partial`, file);
}

/** A fresh database for one test file: a PGlite clone of the template, or a PostgreSQL database made WITH TEMPLATE. */
export async function openTestDatabase(): Promise<{ database: Database; drop(): Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const name = `tisserin_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    const scratch = await scratchDatabase(url, name, PG_TEMPLATE_DB);
    const database = await openDatabase({ dataDir: '', databaseUrl: scratch.url, holder: 'test', poolSize: 4 });
    return {
      database,
      async drop() {
        await database.close();
        await scratch.drop();
      },
    };
  }
  const blob = new Blob([fs.readFileSync(templatePath())]);
  const database = await openDatabase({ dataDir: '', holder: 'test', loadDataDir: blob });
  return { database, drop: () => database.close() };
}
