import type { MiddlewareHandler } from 'hono';

/** The origin(s) map tiles come from, for img-src: "https://{s}.tile.x.org/…" → "https://*.tile.x.org". */
export function tileOrigin(tileUrl: string): string {
  try {
    const u = new URL(tileUrl.replace('{s}', 'a'));
    return tileUrl.includes('{s}') ? `${u.protocol}//*.${u.host.split('.').slice(1).join('.')}` : u.origin;
  } catch {
    return '';
  }
}

/**
 * Headers on every response: a strict CSP (no inline script or style, no framing), nosniff,
 * referrer policy, HSTS over https, and no caching of pages that belong to a signed-in person.
 */
export function securityHeaders(opts: { tileUrl: string; https: boolean }): MiddlewareHandler {
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src 'self' data: ${tileOrigin(opts.tileUrl)}`.trim(),
    "connect-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(opts.https ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
  return async (c, next) => {
    await next();
    const h = c.res.headers;
    h.set('Content-Security-Policy', csp);
    h.set('X-Content-Type-Options', 'nosniff');
    h.set('Referrer-Policy', 'strict-origin-when-cross-origin');
    h.set('X-Frame-Options', 'DENY');
    h.set('Cross-Origin-Opener-Policy', 'same-origin');
    h.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=()');
    if (opts.https) {
      h.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    }
  };
}
