import fs from 'node:fs';
import path from 'node:path';
import type { Deps } from '../deps.ts';
import type { Logger } from '../lib/logger.ts';
import { writeBackup } from './backup.ts';
import type { Job } from './scheduler.ts';

/** Backups land here, named by date; the oldest beyond BACKUP_KEEP are removed. */
export function backupDir(deps: Deps): string {
  return path.join(deps.config.dataDir, 'backups');
}

async function runOnce(deps: Deps, logger: Logger): Promise<void> {
  const dir = backupDir(deps);
  const file = path.join(dir, `tisserin-${new Date().toISOString().replace(/[:.]/g, '-')}.jsonl.gz`);
  const started = Date.now();
  const result = await writeBackup(deps, file);
  logger.info({ file, ...result, ms: Date.now() - started }, 'scheduled backup written');
  const old = fs
    .readdirSync(dir)
    .filter((f) => /^tisserin-.*\.jsonl\.gz$/.test(f))
    .sort()
    .reverse()
    .slice(deps.config.backupKeep);
  for (const f of old) {
    fs.rmSync(path.join(dir, f), { force: true });
  }
}

/**
 * The embedded database is not safe against power loss (PGlite does not fsync), so the server
 * writes a backup every BACKUP_INTERVAL_HOURS. PostgreSQL has its own tools (pg_dump, PITR).
 */
export function backupJob(deps: Deps, logger: Logger): Job | null {
  if (deps.database.kind !== 'pglite' || deps.config.backupIntervalHours <= 0) {
    return null;
  }
  return { name: 'backup', everyMs: deps.config.backupIntervalHours * 3_600_000, run: () => runOnce(deps, logger) };
}
