import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import type { Deps } from './deps.ts';
import type { Locale, Translate } from './lib/i18n.ts';
import type { Viewer } from './lib/viewer.ts';

/** What every request carries through Hono's context. */
export interface AppEnv {
  Variables: {
    deps: Deps;
    requestId: string;
    viewer: Viewer | null;
    /** Set when the viewer came with a session cookie (not an API token). */
    sessionId: string | null;
    locale: Locale;
    t: Translate;
    csrfToken: string;
    /** i18n key of a one-time message carried across a redirect. */
    flash: string | null;
    /** Unread notifications of the signed-in person (the header's bell). */
    unread: number;
  };
}

/**
 * The address a trusted proxy saw, from X-Forwarded-For: each proxy appends the address it
 * was reached from, so with `hops` proxies of ours the client is the `hops`-th entry from the
 * right. Everything left of it was written by the client and proves nothing.
 */
export function forwardedClient(header: string | undefined, hops: number): string | undefined {
  if (!header || hops <= 0) {
    return undefined;
  }
  const entries = header
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  return entries.length >= hops ? entries[entries.length - hops] : entries[0];
}

/**
 * The client's address, for throttling: from X-Forwarded-For only when TRUST_PROXY says
 * proxies of ours set it. Computed on demand (only writes need it).
 */
export function requestIp(c: Context<AppEnv>): string {
  const forwarded = forwardedClient(c.req.header('x-forwarded-for'), c.get('deps').config.trustProxyHops);
  if (forwarded) {
    return forwarded;
  }
  try {
    return getConnInfo(c as unknown as Context).remote.address ?? 'unknown';
  } catch {
    return 'local'; // app.request() in tests has no socket
  }
}
