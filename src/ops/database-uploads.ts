import { eq } from 'drizzle-orm';
import type { Database, DbOrTx } from '../db/client.ts';
import { checkUploadKey, createDiskUploadStore, putUnderFreshKey, UPLOAD_KEY, type UploadStore } from '../lib/uploads.ts';
import { storedFiles } from './ops.schema.ts';

/**
 * Uploads kept in the database, for several app processes or machines on one PostgreSQL: what
 * one process stores, every other serves. Files stored on disk before the switch are still
 * read from there (`legacy`) until `npx tisserin uploads-to-database` has moved them in.
 */
export function createDatabaseUploadStore(db: DbOrTx, legacy?: UploadStore): UploadStore {
  return {
    put(bytes, suffix) {
      return putUnderFreshKey(this, bytes, suffix);
    },
    async putAs(key, bytes) {
      checkUploadKey(key);
      await db
        .insert(storedFiles)
        .values({ key, bytes, size: bytes.length })
        .onConflictDoUpdate({ target: storedFiles.key, set: { bytes, size: bytes.length } });
    },
    async read(key) {
      if (!UPLOAD_KEY.test(key)) {
        return null;
      }
      const [row] = await db.select({ bytes: storedFiles.bytes }).from(storedFiles).where(eq(storedFiles.key, key)).limit(1);
      return row?.bytes ?? (await legacy?.read(key)) ?? null;
    },
    async remove(key) {
      checkUploadKey(key);
      await db.delete(storedFiles).where(eq(storedFiles.key, key));
      await legacy?.remove(key);
    },
    async list() {
      const rows = await db.select({ key: storedFiles.key }).from(storedFiles).orderBy(storedFiles.key);
      const keys = new Set(rows.map((r) => r.key));
      for (const key of (await legacy?.list()) ?? []) {
        keys.add(key);
      }
      return [...keys];
    },
  };
}

/** Move files stored on disk into the database (once, after switching UPLOAD_STORE); returns how many. */
export async function moveUploadsToDatabase(db: DbOrTx, disk: UploadStore): Promise<{ moved: number; bytes: number }> {
  const store = createDatabaseUploadStore(db);
  let moved = 0;
  let bytes = 0;
  for (const key of await disk.list()) {
    const data = await disk.read(key);
    if (!data) {
      continue;
    }
    await store.putAs(key, data);
    // Only once the row is written is the file removed: an interrupted move can be run again.
    await disk.remove(key);
    moved++;
    bytes += data.length;
  }
  return { moved, bytes };
}

/**
 * Where uploads live: UPLOAD_STORE when set; else in the database on PostgreSQL (several
 * processes or machines may share it) and on disk with the embedded database (one process).
 */
export function createUploadStore(choice: 'disk' | 'database' | undefined, database: Database, diskDir: string): UploadStore {
  const disk = createDiskUploadStore(diskDir);
  const where = choice ?? (database.kind === 'postgres' ? 'database' : 'disk');
  return where === 'database' ? createDatabaseUploadStore(database.db, disk) : disk;
}
