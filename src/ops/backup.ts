import fs from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { type SQL, sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../db/client.ts';
import type { Deps } from '../deps.ts';

/**
 * Logical backups: gzip'd JSON lines holding every table's rows and every uploaded file.
 * The same file restores into PGlite or PostgreSQL — it is also the way to move from the
 * embedded database to a server.
 */
export const BACKUP_FORMAT = 'tisserin-backup';

interface Header {
  format: typeof BACKUP_FORMAT;
  version: 1;
  createdAt: string;
  migrations: string[];
  tables: string[];
}

type Line =
  | Header
  | { table: string; rows: Record<string, unknown>[] }
  | { upload: string; base64: string }
  /** The Open Badges signing key: the credentials in the rows were signed with it. */
  | { issuerKey: string };

async function appliedMigrations(db: DbOrTx): Promise<string[]> {
  const rows = await queryRows<{ hash: string }>(db, sql`select hash from drizzle.__drizzle_migrations order by created_at`);
  return rows.map((r) => r.hash);
}

/**
 * Tables whose rows a backup does not carry: files travel as `upload` lines whatever the store,
 * never as rows of stored_files; what the search index has still to read (search_changes) is
 * not data — restoring the rows writes it anew.
 */
const NOT_AS_ROWS = new Set(['stored_files', 'search_changes']);

/** Tables of the public schema, parents before children (foreign keys). */
async function tablesInOrder(db: DbOrTx): Promise<string[]> {
  const tables = (
    await queryRows<{ name: string }>(
      db,
      sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
    )
  ).map((r) => r.name);
  const deps = await queryRows<{ child: string; parent: string }>(
    db,
    sql`select c.relname as child, p.relname as parent from pg_constraint k
        join pg_class c on c.oid = k.conrelid join pg_class p on p.oid = k.confrelid
        join pg_namespace n on n.oid = c.relnamespace
        where k.contype = 'f' and n.nspname = 'public' and c.relname <> p.relname`,
  );
  const ordered: string[] = [];
  const visit = (t: string, seen: Set<string>) => {
    if (ordered.includes(t) || seen.has(t)) {
      return;
    }
    seen.add(t);
    for (const d of deps.filter((x) => x.child === t)) {
      visit(d.parent, seen);
    }
    ordered.push(t);
  };
  for (const t of tables) {
    visit(t, new Set());
  }
  return ordered;
}

async function storedColumns(db: DbOrTx, table: string): Promise<string[]> {
  const rows = await queryRows<{ name: string }>(
    db,
    sql`select column_name as name from information_schema.columns
        where table_schema = 'public' and table_name = ${table} and is_generated = 'NEVER' order by ordinal_position`,
  );
  return rows.map((r) => r.name);
}

const ident = (name: string) => sql.raw(`"${name.replace(/"/g, '""')}"`);

/**
 * Columns that point to a row of their own table (a project adapted from another): rows are
 * written by id, so a row may come before the one it points to. They are restored empty, then
 * set once the whole table is in.
 */
async function selfReferences(db: DbOrTx): Promise<Map<string, string[]>> {
  const rows = await queryRows<{ t: string; c: string }>(
    db,
    sql`select cl.relname as t, a.attname as c from pg_constraint k
        join pg_class cl on cl.oid = k.conrelid join pg_namespace n on n.oid = cl.relnamespace
        join pg_attribute a on a.attrelid = k.conrelid and a.attnum = any(k.conkey)
        where k.contype = 'f' and k.conrelid = k.confrelid and n.nspname = 'public'`,
  );
  const byTable = new Map<string, string[]>();
  for (const r of rows) {
    byTable.set(r.t, [...(byTable.get(r.t) ?? []), r.c]);
  }
  return byTable;
}

/** Write a backup of the whole database and the uploads to `file` (gzip, JSON lines). */
export async function writeBackup(deps: Deps, file: string): Promise<{ tables: number; rows: number; uploads: number; bytes: number }> {
  const db = deps.db;
  const tables = await tablesInOrder(db);
  const migrations = await appliedMigrations(db);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.partial`;
  let rowCount = 0;
  const uploads = await deps.uploads.list();
  async function* lines(): AsyncGenerator<string> {
    const header: Header = { format: BACKUP_FORMAT, version: 1, createdAt: new Date().toISOString(), migrations, tables };
    yield `${JSON.stringify(header)}\n`;
    for (const table of tables.filter((t) => !NOT_AS_ROWS.has(t))) {
      const columns = await storedColumns(db, table);
      const cols = sql.join(columns.map(ident), sql`, `);
      const PAGE = 2000;
      for (let offset = 0; ; offset += PAGE) {
        const rows = await queryRows<{ r: Record<string, unknown> }>(
          db,
          sql`select to_jsonb(x) as r from (select ${cols} from ${ident(table)} order by 1 limit ${PAGE} offset ${offset}) x`,
        );
        if (rows.length === 0) {
          break;
        }
        rowCount += rows.length;
        yield `${JSON.stringify({ table, rows: rows.map((r) => r.r) })}\n`;
        if (rows.length < PAGE) {
          break;
        }
      }
    }
    if (fs.existsSync(deps.config.issuerKeyFile)) {
      yield `${JSON.stringify({ issuerKey: fs.readFileSync(deps.config.issuerKeyFile, 'utf8') })}\n`;
    }
    for (const key of uploads) {
      const bytes = await deps.uploads.read(key);
      if (bytes) {
        yield `${JSON.stringify({ upload: key, base64: bytes.toString('base64') })}\n`;
      }
    }
  }
  await pipeline(Readable.from(lines()), createGzip(), fs.createWriteStream(tmp));
  fs.renameSync(tmp, file);
  return { tables: tables.length, rows: rowCount, uploads: uploads.length, bytes: fs.statSync(file).size };
}

/**
 * Replace every row with those of a backup, in one transaction (all or nothing), then restore
 * the uploaded files. The backup must come from the same schema version.
 */
export async function restoreBackup(deps: Deps, file: string): Promise<{ rows: number; uploads: number }> {
  const input = createInterface({ input: fs.createReadStream(file).pipe(createGunzip()), crlfDelay: Number.POSITIVE_INFINITY });
  const iterator = input[Symbol.asyncIterator]();
  const first = await iterator.next();
  const header = first.done ? undefined : (JSON.parse(first.value) as Header);
  if (header?.format !== BACKUP_FORMAT) {
    throw new Error(`${file} is not a Tisserin backup`);
  }
  const current = await appliedMigrations(deps.db);
  if (JSON.stringify(current) !== JSON.stringify(header.migrations)) {
    throw new Error(
      `this backup was made with ${header.migrations.length} migrations and this database has ${current.length}: restore it with the version of Tisserin that made it`,
    );
  }
  const tables = await tablesInOrder(deps.db);
  const selfRefs = await selfReferences(deps.db);
  const uploads: Array<{ key: string; bytes: Buffer }> = [];
  let issuerKey: string | undefined;
  let rowCount = 0;
  await deps.db.transaction(async (tx) => {
    await tx.execute(sql`truncate ${sql.join(tables.map(ident), sql`, `)} restart identity cascade`);
    const columnsOf = new Map<string, string[]>();
    const pointers: SQL[] = [];
    for (let line = await iterator.next(); !line.done; line = await iterator.next()) {
      if (!line.value.trim()) {
        continue;
      }
      const entry = JSON.parse(line.value) as Line;
      if ('issuerKey' in entry) {
        issuerKey = entry.issuerKey;
        continue;
      }
      if ('upload' in entry) {
        uploads.push({ key: entry.upload, bytes: Buffer.from(entry.base64, 'base64') });
        continue;
      }
      if (!('table' in entry)) {
        continue;
      }
      if (!tables.includes(entry.table)) {
        throw new Error(`unknown table ${entry.table} in backup`);
      }
      let columns = columnsOf.get(entry.table);
      if (!columns) {
        columns = await storedColumns(tx, entry.table);
        columnsOf.set(entry.table, columns);
      }
      const cols = sql.join(columns.map(ident), sql`, `);
      const later = selfRefs.get(entry.table) ?? [];
      const values = sql.join(
        columns.map((c) => (later.includes(c) ? sql`null` : ident(c))),
        sql`, `,
      );
      await tx.execute(
        sql`insert into ${ident(entry.table)} (${cols}) select ${values} from jsonb_populate_recordset(null::${ident(entry.table)}, ${JSON.stringify(entry.rows)}::jsonb)`,
      );
      // Only the ids and the pointers are kept for later, not the rows.
      const pointing = entry.rows
        .filter((r) => later.some((c) => r[c] !== null && r[c] !== undefined))
        .map((r) => Object.fromEntries([['id', r.id], ...later.map((c) => [c, r[c]])]));
      for (const c of later.filter(() => pointing.length > 0)) {
        pointers.push(
          sql`update ${ident(entry.table)} t set ${ident(c)} = r.${ident(c)}
              from jsonb_populate_recordset(null::${ident(entry.table)}, ${JSON.stringify(pointing)}::jsonb) r
              where t.id = r.id and r.${ident(c)} is not null`,
        );
      }
      rowCount += entry.rows.length;
    }
    for (const update of pointers) {
      await tx.execute(update);
    }
    // Serial columns continue after the restored ids.
    const serials = await queryRows<{ t: string; c: string }>(
      tx,
      sql`select table_name as t, column_name as c from information_schema.columns where table_schema = 'public' and column_default like 'nextval(%'`,
    );
    for (const s of serials) {
      await tx.execute(
        sql`select setval(pg_get_serial_sequence(${s.t}, ${s.c}), coalesce((select max(${ident(s.c)}) from ${ident(s.t)}), 0) + 1, false)`,
      );
    }
  });
  for (const u of uploads) {
    await deps.uploads.remove(u.key);
    await deps.uploads.putAs(u.key, u.bytes);
  }
  if (issuerKey) {
    // The badges in the restored rows were signed with this key: it comes back with them.
    fs.mkdirSync(path.dirname(deps.config.issuerKeyFile), { recursive: true });
    fs.writeFileSync(deps.config.issuerKeyFile, issuerKey, { mode: 0o600 });
  }
  for (const topic of ['places', 'badges']) {
    await deps.changes.publish(topic);
  }
  return { rows: rowCount, uploads: uploads.length };
}
