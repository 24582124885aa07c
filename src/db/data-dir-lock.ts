import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * One process at a time holds the embedded database: PGlite takes no lock of its own and two
 * processes on one data directory silently corrupt it. The lock is a pid file created with
 * O_EXCL; a lock left by a dead process on this host is taken over.
 */
export class DataDirLockedError extends Error {
  constructor(
    public readonly holder: LockInfo,
    dataDir: string,
  ) {
    super(
      `Le dossier de données ${dataDir} est déjà utilisé par le processus ${holder.pid} (${holder.command}, depuis ${holder.since}). ` +
        'Arrêtez ce processus (ou utilisez une base PostgreSQL via DATABASE_URL) puis recommencez. ' +
        'Deux processus sur la même base embarquée la corrompraient.',
    );
  }
}

interface LockInfo {
  pid: number;
  host: string;
  command: string;
  since: string;
}

export interface DataDirLock {
  release(): void;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Take the exclusive lock on `dataDir`, or throw DataDirLockedError naming the holder. */
export function acquireDataDirLock(dataDir: string, command: string): DataDirLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'tisserin.lock');
  const info: LockInfo = { pid: process.pid, host: os.hostname(), command, since: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx', 0o600);
      fs.writeSync(fd, JSON.stringify(info));
      fs.closeSync(fd);
      let released = false;
      const release = () => {
        if (released) {
          return;
        }
        released = true;
        try {
          const current = JSON.parse(fs.readFileSync(file, 'utf8')) as LockInfo;
          if (current.pid === process.pid) {
            fs.unlinkSync(file);
          }
        } catch {
          // already gone
        }
      };
      process.once('exit', release);
      return { release };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw err;
      }
      let holder: LockInfo | undefined;
      try {
        holder = JSON.parse(fs.readFileSync(file, 'utf8')) as LockInfo;
      } catch {
        // A lock being written right now, or garbage: treat as stale after a short wait.
      }
      if (holder && holder.pid !== process.pid && (holder.host !== os.hostname() || isAlive(holder.pid))) {
        throw new DataDirLockedError(holder, dataDir);
      }
      // Stale lock (its process is gone): take it over.
      fs.rmSync(file, { force: true });
    }
  }
  throw new Error(`Impossible de prendre le verrou ${file}`);
}
