import { createHmac } from 'node:crypto';
import { safeEqual, sha256 } from '../../lib/crypto.ts';

/**
 * When a visitor opened the answer form, signed so it cannot be made up: a form sent back sooner
 * than people can read and answer is a robot's. Nothing is stored: the proof travels with the
 * form. The key is derived from the instance's secret (its signing key, which every process of
 * the instance reads), with its own label so it signs nothing else.
 */
export const MIN_SECONDS = 3;
/** A form left open longer than this is shown again (kept as typed) with a fresh proof. */
export const MAX_HOURS = 12;

const keys = new Map<string, string>();
function keyFrom(secret: string): string {
  let key = keys.get(secret);
  if (!key) {
    key = sha256(`tisserin:answer-form-timing:${secret}`);
    keys.set(secret, key);
  }
  return key;
}

const mac = (key: string, questionnaireId: string, started: number) =>
  createHmac('sha256', key).update(`${questionnaireId}.${started}`).digest('base64url');

export function timingProof(secret: string, questionnaireId: string, now = Date.now()): string {
  return `${now}.${mac(keyFrom(secret), questionnaireId, now)}`;
}

export type TimingCheck = 'ok' | 'tooFast' | 'stale' | 'invalid';

export function checkTiming(secret: string, questionnaireId: string, proof: string, now = Date.now()): TimingCheck {
  const m = /^(\d{13})\.([A-Za-z0-9_-]{43})$/.exec(proof);
  if (!m) {
    return 'invalid';
  }
  const started = Number(m[1]);
  if (!safeEqual(m[2] as string, mac(keyFrom(secret), questionnaireId, started))) {
    return 'invalid';
  }
  const elapsed = now - started;
  if (elapsed < MIN_SECONDS * 1000) {
    return elapsed < -60_000 ? 'invalid' : 'tooFast';
  }
  return elapsed > MAX_HOURS * 3600_000 ? 'stale' : 'ok';
}
