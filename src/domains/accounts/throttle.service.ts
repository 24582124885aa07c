import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { queryRows } from '../../db/client.ts';
import { AppError } from '../../lib/errors.ts';
import { rateLimits } from './accounts.schema.ts';

/** A limit: at most `max` hits per `windowSeconds` (fixed window, shared by every process through the database). */
export interface Limit {
  max: number;
  windowSeconds: number;
  /** The window can be closed early (`reset`, e.g. after a password reset): never refused from memory. */
  liftable?: boolean;
}

// Figures follow what Mastodon and MediaWiki publish (see RELIABILITY.md).
export const LIMITS = {
  signInPerIp: { max: 25, windowSeconds: 300 },
  signInFailuresPerAccount: { max: 10, windowSeconds: 900, liftable: true },
  signUpPerIp: { max: 10, windowSeconds: 3600 },
  mailPerAccount: { max: 5, windowSeconds: 3600 },
  contactPerIp: { max: 5, windowSeconds: 3600 },
  geocodePerIp: { max: 60, windowSeconds: 60 },
} satisfies Record<string, Limit>;

export interface ThrottleState {
  count: number;
  retryAfterSeconds: number;
  /** Refused from memory: the database already said no in this window (not worth a log line). */
  known?: boolean;
}

/**
 * Keys known to be over their limit, with the end of their window, per database: once the
 * database has said no, the next refusals cost a map lookup instead of a write on one hot row
 * (64 connections of refused sign-ins otherwise queue up in front of everyone's reads).
 */
const knownOver = new WeakMap<object, Map<string, number>>();
const MAX_REMEMBERED = 10_000;

function overFor(db: DbOrTx): Map<string, number> {
  let map = knownOver.get(db);
  if (!map) {
    map = new Map();
    knownOver.set(db, map);
  }
  return map;
}

/** Seconds left when `key` is known to be over its limit in this window (no database), else null. */
export function knownRefusal(db: DbOrTx, key: string): number | null {
  const over = knownOver.get(db);
  const until = over?.get(key);
  if (until === undefined) {
    return null;
  }
  const left = until - Date.now();
  if (left <= 0) {
    over?.delete(key);
    return null;
  }
  return Math.ceil(left / 1000);
}

/** The key of a per-address limit ("signin", "signup"…): one spelling for the service and the early refusal. */
export function addressKey(scope: string, ip: string): string {
  return `${scope}:${ipKey(ip)}`;
}

/** Count one hit against `key`; returns the count in the current window. */
export async function hit(db: DbOrTx, key: string, limit: Limit): Promise<ThrottleState> {
  const known = limit.liftable ? null : knownRefusal(db, key);
  if (known !== null) {
    return { count: limit.max + 1, retryAfterSeconds: known, known: true };
  }
  const [row] = await queryRows<{ count: number; retry: number }>(
    db,
    sql`insert into rate_limits (key, count, window_ends_at)
        values (${key}, 1, now() + make_interval(secs => ${limit.windowSeconds}))
        on conflict (key) do update set
          count = case when rate_limits.window_ends_at <= now() then 1 else rate_limits.count + 1 end,
          window_ends_at = case when rate_limits.window_ends_at <= now() then excluded.window_ends_at else rate_limits.window_ends_at end
        returning count, ceil(extract(epoch from window_ends_at - now()))::int as retry`,
  );
  const state = { count: Number(row?.count ?? 1), retryAfterSeconds: Math.max(1, Number(row?.retry ?? limit.windowSeconds)) };
  if (!limit.liftable && state.count > limit.max) {
    const over = overFor(db);
    if (over.size >= MAX_REMEMBERED) {
      over.clear();
    }
    over.set(key, Date.now() + state.retryAfterSeconds * 1000);
  }
  return state;
}

export async function reset(db: DbOrTx, key: string): Promise<void> {
  knownOver.get(db)?.delete(key);
  await db.delete(rateLimits).where(eq(rateLimits.key, key));
}

export function rateLimited(retryAfterSeconds: number, userMessage = 'errors.rateLimited'): AppError {
  return new AppError('RATE_LIMITED', {
    message: `too many attempts, retry in ${retryAfterSeconds} s`,
    userMessage,
    retryAfter: retryAfterSeconds,
  });
}

/** Hit `key` and throw RATE_LIMITED once the limit is passed. */
export async function enforce(db: DbOrTx, key: string, limit: Limit, userMessage?: string): Promise<void> {
  const state = await hit(db, key, limit);
  if (state.count > limit.max) {
    throw rateLimited(state.retryAfterSeconds, userMessage);
  }
}

/** Group IPv6 addresses by /64 (one household or phone gets a whole /64). */
export function ipKey(ip: string): string {
  if (ip.includes(':') && !ip.startsWith('::ffff:')) {
    const [head = '', tail] = ip.split('::');
    const h = head ? head.split(':') : [];
    const t = tail ? tail.split(':') : [];
    const groups = tail === undefined ? h : [...h, ...Array(Math.max(0, 8 - h.length - t.length)).fill('0'), ...t];
    return `${groups
      .slice(0, 4)
      .map((g) => g.toLowerCase().replace(/^0+(?=.)/, ''))
      .join(':')}::/64`;
  }
  return ip.replace(/^::ffff:/, '');
}

/** Drop windows that ended (called from time to time). */
export async function purgeExpired(db: DbOrTx): Promise<void> {
  await db.execute(sql`delete from rate_limits where window_ends_at < now()`);
}
