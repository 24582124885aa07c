import fs from 'node:fs/promises';
import path from 'node:path';
import { randomToken } from './crypto.ts';

/** Stored files live under random names; a key never comes from what a person uploaded. */
export const UPLOAD_KEY = /^[A-Za-z0-9_-]{20,64}(?:-[a-z]+)?\.(?:webp|jpg|png|pdf)$/;

export interface UploadStore {
  /** Write bytes under a fresh random key with the given suffix (e.g. ".webp"); returns the key. */
  put(bytes: Buffer, suffix: string): Promise<string>;
  /** Write bytes under an exact key (derived files such as thumbnails). */
  putAs(key: string, bytes: Buffer): Promise<void>;
  read(key: string): Promise<Buffer | null>;
  remove(key: string): Promise<void>;
  /** Every stored key (backups). */
  list(): Promise<string[]>;
}

/** Throws unless `key` is one of ours (never a path, never a name someone typed). */
export function checkUploadKey(key: string): string {
  if (!UPLOAD_KEY.test(key)) {
    throw new Error('invalid upload key');
  }
  return key;
}

/** `put` for any store: a fresh random key with the suffix, written by `putAs`. */
export async function putUnderFreshKey(store: Pick<UploadStore, 'putAs'>, bytes: Buffer, suffix: string): Promise<string> {
  const key = `${randomToken(18)}${suffix}`;
  await store.putAs(key, bytes);
  return key;
}

export function createDiskUploadStore(dir: string): UploadStore {
  const fileFor = (key: string) => path.join(dir, checkUploadKey(key));
  return {
    put(bytes, suffix) {
      return putUnderFreshKey(this, bytes, suffix);
    },
    async putAs(key, bytes) {
      await fs.mkdir(dir, { recursive: true });
      await fs.writeFile(fileFor(key), bytes, { flag: 'wx' });
    },
    async read(key) {
      if (!UPLOAD_KEY.test(key)) {
        return null;
      }
      try {
        return await fs.readFile(fileFor(key));
      } catch {
        return null;
      }
    },
    async remove(key) {
      await fs.rm(fileFor(key), { force: true });
    },
    async list() {
      try {
        return (await fs.readdir(dir)).filter((k) => UPLOAD_KEY.test(k));
      } catch {
        return [];
      }
    },
  };
}
