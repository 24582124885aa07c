import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { randomToken, safeEqual, sha256 } from './crypto.ts';
import { AppError } from './errors.ts';

export function csrfCookieName(secure: boolean): string {
  return secure ? '__Host-tisserin_csrf' : 'tisserin_csrf';
}

/**
 * The token of a signed-in person's forms, derived from their session cookie (HttpOnly, never
 * stored: the database keeps only its hash): a token stolen or planted for one session is
 * worth nothing in another, and signing in gives new tokens.
 */
export function sessionCsrfToken(sessionCookie: string): string {
  return sha256(`csrf:${sessionCookie}`);
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** True when the browser says the request came from another site. */
function isCrossSite(c: Context): boolean {
  const fetchSite = c.req.header('sec-fetch-site');
  if (fetchSite && fetchSite !== 'same-origin' && fetchSite !== 'none') {
    return true;
  }
  const origin = c.req.header('origin');
  if (origin && origin !== 'null') {
    try {
      return new URL(origin).host !== (c.req.header('host') ?? new URL(c.req.url).host);
    } catch {
      return true;
    }
  }
  return origin === 'null';
}

async function submittedToken(c: Context): Promise<string | undefined> {
  const header = c.req.header('x-csrf-token');
  if (header) {
    return header;
  }
  const type = c.req.header('content-type') ?? '';
  if (type.startsWith('multipart/form-data')) {
    const form = await c.req.formData();
    const v = form.get('_csrf');
    return typeof v === 'string' ? v : undefined;
  }
  if (type.startsWith('application/x-www-form-urlencoded')) {
    // Read as bytes so the form reader can later check the same body for invalid UTF-8.
    const text = new TextDecoder().decode(await c.req.arrayBuffer());
    return new URLSearchParams(text).get('_csrf') ?? undefined;
  }
  return undefined;
}

/**
 * CSRF defence for every state-changing request made with cookies: the token in the form (or
 * X-CSRF-Token header) must be the session's own (see sessionCsrfToken) when signed in, or
 * equal the HttpOnly CSRF cookie (double submit) when not, and the request must not come from
 * another site. API requests without a session (token or anonymous) are exempt.
 */
export function csrfProtection(opts: {
  secure: boolean;
  sessionCookie: string;
}): MiddlewareHandler<{ Variables: { csrfToken: string; sessionId: string | null } }> {
  const name = csrfCookieName(opts.secure);
  return async (c, next) => {
    const api = c.req.path.startsWith('/api/');
    // API reads carry no forms: no token to hand out.
    if (api && SAFE_METHODS.has(c.req.method)) {
      c.set('csrfToken', '');
      return next();
    }
    // A valid session (checked by loadViewer) binds the token to it.
    const session = c.get('sessionId') ? getCookie(c, opts.sessionCookie) : undefined;
    let expected: string;
    if (session) {
      expected = sessionCsrfToken(session);
    } else {
      let cookie = getCookie(c, name);
      if (!cookie || cookie.length < 32) {
        cookie = randomToken();
        setCookie(c, name, cookie, { path: '/', httpOnly: true, secure: opts.secure, sameSite: 'Lax' });
      }
      expected = cookie;
    }
    c.set('csrfToken', expected);
    if (SAFE_METHODS.has(c.req.method)) {
      return next();
    }
    // API calls that do not ride on the session cookie carry no ambient authority to abuse:
    // with a token, or with nothing at all (they get 401 from the route).
    if (api && (c.req.header('authorization')?.startsWith('Bearer ') || !c.get('sessionId'))) {
      return next();
    }
    const sent = isCrossSite(c) ? undefined : await submittedToken(c);
    if (!sent || !safeEqual(sent, expected) || (!session && getCookie(c, name) !== expected)) {
      throw new AppError('CSRF_FAILED', { message: 'missing or wrong CSRF token', userMessage: 'errors.csrf' });
    }
    return next();
  };
}
