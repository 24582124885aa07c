import type { Context, MiddlewareHandler } from 'hono';
import { html } from 'hono/html';
import { HTTPException } from 'hono/http-exception';
import { type AppEnv, requestIp } from '../../http-env.ts';
import { AppError } from '../../lib/errors.ts';
import type { Viewer } from '../../lib/viewer.ts';
import { addressKey, knownRefusal } from './throttle.service.ts';

/**
 * The signed-in viewer, or: a redirect to the sign-in page (pages), 401 (API).
 * The page asked for is where the person lands after signing in.
 */
export function requireViewer(c: Context<AppEnv>): Viewer {
  const viewer = c.get('viewer');
  if (viewer) {
    return viewer;
  }
  if (c.req.path.startsWith('/api/')) {
    throw new AppError('UNAUTHENTICATED', { message: 'sign in or send an API token', userMessage: 'errors.signInNeeded' });
  }
  const url = new URL(c.req.url);
  const next =
    c.req.method === 'GET' ? url.pathname + url.search : c.req.header('referer') ? new URL(c.req.header('referer') ?? '/').pathname : '/';
  throw new HTTPException(303, { res: c.redirect(`/connexion?next=${encodeURIComponent(next)}`, 303) });
}

/** The per-address limits a form answers to, by the form's address. */
const ADDRESS_LIMITS: Record<string, string> = { '/connexion': 'signin', '/inscription': 'signup' };

/**
 * An address already over its sign-in or sign-up limit is refused before anything else is done
 * (no session lookup, no form reading, no database, no layout): a flood of refused attempts
 * must cost the others almost nothing. A person who hits the limit by hand saw the form with
 * the message on the attempt that crossed it; this short page says the same.
 */
export function refuseKnownOffenders(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const scope = c.req.method === 'POST' ? ADDRESS_LIMITS[c.req.path] : undefined;
    const seconds = scope ? knownRefusal(c.get('deps').db, addressKey(scope, requestIp(c))) : null;
    if (seconds === null) {
      return next();
    }
    const t = c.get('t');
    const title = t('errors.title.RATE_LIMITED');
    c.header('Retry-After', String(seconds));
    c.header('Cache-Control', 'no-store');
    return c.html(
      html`<!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title} · Tisserin</title></head><body><main><h1>${title}</h1><p>${t('accounts.tooManyAttempts', { seconds })}</p><p><a href="/">Tisserin</a></p></main></body></html>`,
      429,
    );
  };
}
