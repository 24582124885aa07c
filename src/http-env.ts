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
 * The client's address, for throttling: X-Forwarded-For only when TRUST_PROXY says a proxy of
 * ours sets it. Computed on demand (only writes need it).
 */
export function requestIp(c: Context<AppEnv>): string {
  if (c.get('deps').config.trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) {
      return forwarded;
    }
  }
  try {
    return getConnInfo(c as unknown as Context).remote.address ?? 'unknown';
  } catch {
    return 'local'; // app.request() in tests has no socket
  }
}
