import type { DbOrTx } from '../db/client.ts';

/**
 * RGPD: every domain declares here what it holds about a person (for the export) and how to
 * remove what they contributed (when they ask for it on deleting their account). The account
 * pages only call these two functions, so a new domain cannot be forgotten silently.
 */
type Exporter = (db: DbOrTx, userId: string) => Promise<unknown>;
type Remover = (db: DbOrTx, userId: string) => Promise<void>;
type FileLister = (db: DbOrTx, userId: string) => Promise<string[]>;

const exporters = new Map<string, Exporter>();
const removers = new Map<string, Remover>();
const fileListers = new Map<string, FileLister>();

export function registerPersonalData(section: string, exporter: Exporter, removeContributions?: Remover): void {
  exporters.set(section, exporter);
  if (removeContributions) {
    removers.set(section, removeContributions);
  }
}

/** Everything held about a person, section by section (JSON-ready). */
export async function exportPersonalData(db: DbOrTx, userId: string): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const [section, exporter] of exporters) {
    out[section] = await exporter(db, userId);
  }
  return out;
}

/** Remove what a person contributed (calls, answers, publications, messages), in the caller's transaction. */
export async function removeContributions(db: DbOrTx, userId: string): Promise<void> {
  for (const remover of removers.values()) {
    await remover(db, userId);
  }
}

/** Stored files that belong to a person (a portrait…): removed with their account. */
export function registerPersonalFiles(section: string, lister: FileLister): void {
  fileListers.set(section, lister);
}

export async function personalFileKeys(db: DbOrTx, userId: string): Promise<string[]> {
  const keys: string[] = [];
  for (const lister of fileListers.values()) {
    keys.push(...(await lister(db, userId)));
  }
  return keys;
}

export const personalDataSections = () => [...exporters.keys()];
