import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from '../../http-env.ts';
import { AppError } from '../../lib/errors.ts';
import type { Viewer } from '../../lib/viewer.ts';

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
