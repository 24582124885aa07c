import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { DbOrTx } from '../../db/client.ts';
import type { AppEnv } from '../../http-env.ts';
import { randomToken, sha256 } from '../../lib/crypto.ts';
import type { Viewer } from '../../lib/viewer.ts';
import * as repo from './accounts.repo.ts';

export const SESSION_IDLE_SECONDS = 7 * 24 * 3600;
export const SESSION_ABSOLUTE_SECONDS = 30 * 24 * 3600;
/** last_seen_at is written at most this often, so reading pages does not mean writing. */
const TOUCH_EVERY_MS = 5 * 60_000;

export function sessionCookieName(secure: boolean): string {
  return secure ? '__Host-tisserin_session' : 'tisserin_session';
}

/** Open a session for a user; returns the cookie value (only its hash is stored). */
export async function createSession(db: DbOrTx, userId: string, userAgent?: string): Promise<string> {
  const value = randomToken();
  await repo.insertSession(db, {
    id: sha256(value),
    userId,
    expiresAt: new Date(Date.now() + SESSION_ABSOLUTE_SECONDS * 1000),
    userAgent: userAgent?.slice(0, 200),
  });
  return value;
}

export function setSessionCookie(c: Context<AppEnv>, value: string): void {
  const secure = c.get('deps').config.secureCookies;
  setCookie(c, sessionCookieName(secure), value, {
    path: '/',
    httpOnly: true,
    secure,
    sameSite: 'Lax',
    maxAge: SESSION_ABSOLUTE_SECONDS,
  });
}

export function clearSessionCookie(c: Context<AppEnv>): void {
  const secure = c.get('deps').config.secureCookies;
  deleteCookie(c, sessionCookieName(secure), { path: '/', secure });
}

function toViewer(row: {
  userId: string;
  displayName: string;
  role: Viewer['role'];
  emailVerifiedAt: Date | null;
  locale: 'fr' | 'en';
}): Viewer {
  return { id: row.userId, displayName: row.displayName, role: row.role, emailVerified: !!row.emailVerifiedAt, locale: row.locale };
}

/**
 * Who is asking: a session cookie (pages and same-site API calls) or a personal API token
 * (`Authorization: Bearer tis_…`). Sets `viewer` (null for visitors) and `sessionId`.
 */
export function loadViewer(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const { db, config } = c.get('deps');
    c.set('viewer', null);
    c.set('sessionId', null);
    const auth = c.req.header('authorization');
    if (auth?.startsWith('Bearer ') && c.req.path.startsWith('/api/')) {
      const tokenId = sha256(auth.slice(7).trim());
      const row = await repo.findApiTokenViewer(db, tokenId);
      if (row) {
        c.set('viewer', toViewer(row));
        if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > TOUCH_EVERY_MS) {
          await repo.touchApiToken(db, tokenId);
        }
      }
      return next();
    }
    const cookie = getCookie(c, sessionCookieName(config.secureCookies));
    if (cookie) {
      const sessionId = sha256(cookie);
      const row = await repo.findSessionViewer(db, sessionId, SESSION_IDLE_SECONDS);
      if (row) {
        c.set('viewer', toViewer(row));
        c.set('sessionId', sessionId);
        if (Date.now() - row.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
          await repo.touchSession(db, sessionId);
        }
      } else {
        clearSessionCookie(c);
      }
    }
    return next();
  };
}
