import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { randomToken, safeEqual } from './crypto.ts';
import { AppError } from './errors.ts';

export function csrfCookieName(secure: boolean): string {
  return secure ? '__Host-tisserin_csrf' : 'tisserin_csrf';
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
 * Double-submit CSRF defence for every state-changing request made with cookies: the token
 * in the form (or X-CSRF-Token header) must equal the HttpOnly cookie, and the request must
 * not come from another site. API requests without a session (token or anonymous) are exempt.
 */
export function csrfProtection(opts: {
  secure: boolean;
}): MiddlewareHandler<{ Variables: { csrfToken: string; sessionId: string | null } }> {
  const name = csrfCookieName(opts.secure);
  return async (c, next) => {
    const api = c.req.path.startsWith('/api/');
    // API reads carry no forms: no token to hand out.
    if (api && SAFE_METHODS.has(c.req.method)) {
      c.set('csrfToken', '');
      return next();
    }
    let token = getCookie(c, name);
    if (!token || token.length < 32) {
      token = randomToken();
      setCookie(c, name, token, { path: '/', httpOnly: true, secure: opts.secure, sameSite: 'Lax' });
    }
    c.set('csrfToken', token);
    if (SAFE_METHODS.has(c.req.method)) {
      return next();
    }
    // API calls that do not ride on the session cookie carry no ambient authority to abuse:
    // with a token, or with nothing at all (they get 401 from the route).
    if (api && (c.req.header('authorization')?.startsWith('Bearer ') || !c.get('sessionId'))) {
      return next();
    }
    const cookieToken = getCookie(c, name);
    const sent = isCrossSite(c) ? undefined : await submittedToken(c);
    if (!cookieToken || !sent || !safeEqual(sent, cookieToken)) {
      throw new AppError('CSRF_FAILED', { message: 'missing or wrong CSRF token', userMessage: 'errors.csrf' });
    }
    return next();
  };
}
