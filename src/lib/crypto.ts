import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

// Random bytes drawn 4 KiB at a time: one system call serves 128 tokens (each getrandom call
// cost ~50 µs here, paid on every visitor's first page for the CSRF cookie).
const POOL_SIZE = 4096;
let pool = randomBytes(POOL_SIZE);
let offset = 0;

/** A random token with 256 bits of entropy (by default), URL-safe. */
export function randomToken(bytes = 32): string {
  if (bytes > POOL_SIZE) {
    return randomBytes(bytes).toString('base64url');
  }
  if (offset + bytes > POOL_SIZE) {
    pool = randomBytes(POOL_SIZE);
    offset = 0;
  }
  const token = pool.subarray(offset, offset + bytes).toString('base64url');
  pool.fill(0, offset, offset + bytes); // a token's bytes never stay in memory after use
  offset += bytes;
  return token;
}

/** SHA-256 hex: tokens are stored hashed so a database leak does not hand out sessions. */
export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** Constant-time string comparison. */
export function safeEqual(a: string, b: string): boolean {
  const ba = Buffer.from(a);
  const bb = Buffer.from(b);
  return ba.length === bb.length && timingSafeEqual(ba, bb);
}
