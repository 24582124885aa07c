import fs from 'node:fs';
import { AppError } from './errors.ts';

/** Free bytes on the disk holding `dir` (statfs; cheap enough to ask before writes). */
export function freeBytes(dir: string): number {
  const s = fs.statfsSync(dir);
  return s.bavail * s.bsize;
}

/** Free bytes, or null when the disk cannot tell. */
export function freeBytesOrNull(dir: string): number | null {
  try {
    return freeBytes(dir);
  } catch {
    return null;
  }
}

/**
 * A guard that refuses writes when the disk is nearly full: PGlite hangs on a full disk
 * instead of failing, so we fail first, with a clear message. Checked at most once a second.
 */
export function createDiskGuard(dir: string, minFreeBytes: number): () => void {
  let checkedAt = 0;
  let ok = true;
  return () => {
    if (minFreeBytes <= 0) {
      return;
    }
    const now = Date.now();
    if (now - checkedAt > 1000) {
      checkedAt = now;
      // Cannot tell (e.g. directory not created yet): let the database answer.
      ok = (freeBytesOrNull(dir) ?? minFreeBytes) >= minFreeBytes;
    }
    if (!ok) {
      throw new AppError('INSUFFICIENT_STORAGE', { message: 'not enough free disk space for writes', userMessage: 'errors.diskFull' });
    }
  };
}

/**
 * Requests that may go on when the disk is nearly full: reading, signing in and out, choosing
 * a language, marking notifications read, and whatever removes data (deleting, leaving,
 * withdrawing, unsubscribing) or writes nothing (a Markdown preview). Only the writes that make the data grow are refused.
 */
const KEEPS_SIZE = /\/(preview|connexion|deconnexion|langue|lues|desabonnement|supprimer|retirer|quitter|mot-de-passe|reinitialiser)$/;

export function growsData(method: string, path: string): boolean {
  if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS' || method === 'DELETE') {
    return false;
  }
  return !KEEPS_SIZE.test(path);
}
