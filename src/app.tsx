import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { getCookie } from 'hono/cookie';
import { HTTPException } from 'hono/http-exception';
import { pendingMigrations } from './db/migrate.ts';
import type { Deps } from './deps.ts';
import { mountAccountPages } from './domains/accounts/accounts.pages.tsx';
import { refuseKnownOffenders } from './domains/accounts/guards.ts';
import { loadViewer, sessionCookieName } from './domains/accounts/sessions.ts';
import { mountAdminPages } from './domains/admin/admin.pages.tsx';
import { mountApi } from './domains/api/api.routes.ts';
import { mountAttestationPages } from './domains/attestations/attestations.pages.tsx';
import { mountBadgePages } from './domains/badges/badges.pages.tsx';
import { mountCallPages } from './domains/calls/calls.pages.tsx';
import { mountCommunityPages } from './domains/communities/communities.pages.tsx';
import { mountCollectionPages } from './domains/documents/documents.collections.pages.tsx';
import { mountCommentPages } from './domains/documents/documents.comments.pages.tsx';
import { mountDocumentPages } from './domains/documents/documents.pages.tsx';
import { mountEventPages } from './domains/events/events.pages.tsx';
import { mountHomePages } from './domains/home/home.pages.tsx';
import { mountImpactPages } from './domains/impact/impact.pages.tsx';
import { mountImportPages } from './domains/imports/imports.pages.tsx';
import { MAX_IMPORT_BYTES } from './domains/imports/imports.read.ts';
import { mountListeningPages } from './domains/listening/listening.pages.tsx';
import { mountModerationPages } from './domains/moderation/moderation.pages.tsx';
import { mountOpenDataPages } from './domains/opendata/opendata.pages.tsx';
import { mountSitemap } from './domains/opendata/opendata.sitemap.ts';
import { mountPeoplePages } from './domains/people/people.pages.tsx';
import { mountPlacePages } from './domains/places/places.pages.tsx';
import { mountPublicationPages } from './domains/publications/publications.pages.tsx';
import { mountRecognitionPages } from './domains/recognition/recognition.pages.tsx';
import { mountSearchPages } from './domains/search/search.pages.tsx';
import { mountServicePages } from './domains/services/services.pages.tsx';
import { mountSkillPages } from './domains/skills/skills.pages.tsx';
import { mountSocialPages } from './domains/social/social.pages.tsx';
import { unreadCount } from './domains/social/social.service.ts';
import { mountToolPages } from './domains/tools/tools.pages.tsx';
import { type AppEnv, requestIp } from './http-env.ts';
import { hasMessage, translator } from './i18n/index.ts';
import { buildAssets } from './lib/assets.ts';
import { gzipResponses } from './lib/compress.ts';
import { randomToken } from './lib/crypto.ts';
import { csrfProtection } from './lib/csrf.ts';
import { growsData } from './lib/disk.ts';
import { AppError, isUniqueViolation } from './lib/errors.ts';
import { isLocale, LOCALE_COOKIE, type Locale } from './lib/i18n.ts';
import { createMetrics } from './lib/metrics.ts';
import { securityHeaders } from './lib/security-headers.ts';
import { UPLOAD_KEY } from './lib/uploads.ts';
import { hasForbiddenChars } from './lib/validation.ts';
import { ILLUSTRATION_SEED, illustrationSvg, isIconName } from './views/illustration.ts';
import { ErrorPage, FLASH_COOKIE_NAME, renderPage } from './views/render.tsx';

/** French unless the person chose English with the switch (cookie) or in their account. */
function pickLocale(cookie: string | undefined, saved: Locale | undefined): Locale {
  if (isLocale(cookie)) {
    return cookie;
  }
  return saved ?? 'fr';
}

const isApi = (path: string) => path.startsWith('/api/');
const isLoopback = (ip: string) => ip === '127.0.0.1' || ip === '::1' || ip === '::ffff:127.0.0.1';

/** Build the web application; all I/O goes through `deps`. */
export function createApp(deps: Deps) {
  const app = new Hono<AppEnv>();
  const { config, logger } = deps;
  const metrics = createMetrics(() => deps.database.queryCount());

  app.use(async (c, next) => {
    const started = performance.now();
    c.set('deps', deps);
    c.set(
      'requestId',
      c.req
        .header('x-request-id')
        ?.slice(0, 64)
        .replace(/[^\w-]/g, '') || randomToken(9),
    );
    c.set('viewer', null);
    c.set('sessionId', null);
    c.set('locale', 'fr');
    c.set('t', translator('fr'));
    c.set('csrfToken', '');
    c.set('flash', null);
    c.set('unread', 0);
    await next();
    // On the response's headers, not c.header(): after the handler, c.header() asks whether the
    // body was read, which turns the server's light response (a string written as it is) into a
    // web stream read back chunk by chunk, and copies the page on the way.
    c.res.headers.set('X-Request-Id', c.get('requestId'));
    const ms = performance.now() - started;
    if (c.res.status >= 500 || ms > 1000) {
      logger.warn(
        { reqId: c.get('requestId'), method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(ms) },
        'request',
      );
    } else {
      logger.debug(
        { reqId: c.get('requestId'), method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(ms) },
        'request',
      );
    }
  });
  app.use(metrics.middleware);
  app.use(securityHeaders({ tileUrl: config.tileUrl, https: config.secureCookies }));
  app.use(gzipResponses({ threshold: 1024 }));

  // Cheap routes first: no session, no database.
  // Liveness: the process answers. Readiness: it can serve (database reachable, migrations
  // applied, not shutting down) — what a load balancer asks before sending traffic.
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    c.header('Cache-Control', 'no-store');
    if (deps.lifecycle.draining) {
      return c.json({ status: 'draining' }, 503);
    }
    try {
      const pending = await pendingMigrations(deps.database);
      return pending === 0 ? c.json({ status: 'ready' }) : c.json({ status: 'migrations pending', pending }, 503);
    } catch (err) {
      logger.warn({ err: (err as Error).message }, 'readiness check: database unreachable');
      return c.json({ status: 'database unreachable' }, 503);
    }
  });
  // Prometheus metrics, for the machine itself (loopback) or whoever holds METRICS_TOKEN.
  app.get('/metrics', (c) => {
    const token = config.metricsToken;
    const allowed = token
      ? c.req.header('authorization') === `Bearer ${token}`
      : isLoopback(requestIp(c)) && !c.req.header('x-forwarded-for');
    if (!allowed) {
      return c.text('forbidden', 403);
    }
    return c.text(metrics.render(), 200, { 'Content-Type': 'text/plain; version=0.0.4' });
  });
  app.get('/assets/:file', async (c) => {
    const asset = (await buildAssets()).files.get(c.req.param('file'));
    if (!asset) {
      return c.notFound();
    }
    c.header('Cache-Control', 'public, max-age=31536000, immutable');
    c.header('Content-Type', asset.contentType);
    return c.body(asset.body as Uint8Array<ArrayBuffer>);
  });
  // Generated pictures for what has no photo: deterministic, so cached for a year.
  app.get('/illustrations/:icons/:file', (c) => {
    const icons = c.req.param('icons').split('+');
    const seed = c.req.param('file').replace(/\.svg$/, '');
    if (icons.length > 3 || !icons.every(isIconName) || !c.req.param('file').endsWith('.svg') || !ILLUSTRATION_SEED.test(seed)) {
      return c.notFound();
    }
    c.header('Cache-Control', 'public, max-age=31536000, immutable');
    c.header('Content-Type', 'image/svg+xml; charset=utf-8');
    return c.body(illustrationSvg({ seed, icons }));
  });
  app.get('/uploads/:key', async (c) => {
    const key = c.req.param('key');
    // Portraits are served only through /membres/:slug/photo, which checks who may see them.
    const allowed = UPLOAD_KEY.test(key) && !key.endsWith('-avatar.webp');
    // Images stored before thumbnails existed: the card gets the image itself.
    const bytes = allowed
      ? ((await deps.uploads.read(key)) ??
        (key.endsWith('-thumb.webp') ? await deps.uploads.read(key.replace(/-thumb\.webp$/, '.webp')) : null))
      : null;
    if (!bytes) {
      return c.notFound();
    }
    if (key.endsWith('.pdf')) {
      // Downloaded, never rendered in our origin.
      c.header('Content-Type', 'application/pdf');
      c.header('Content-Disposition', 'attachment; filename="document.pdf"');
    } else {
      c.header('Content-Type', key.endsWith('.webp') ? 'image/webp' : key.endsWith('.png') ? 'image/png' : 'image/jpeg');
      c.header('Content-Disposition', 'inline; filename="image"');
    }
    c.header('Cache-Control', 'public, max-age=31536000, immutable');
    return c.body(new Uint8Array(bytes));
  });

  // A NUL byte or broken UTF-8 anywhere in the URL is refused before any handler sees it.
  app.use(async (c, next) => {
    let decoded: string;
    try {
      decoded = decodeURIComponent(new URL(c.req.url).search.replace(/\+/g, ' ') + c.req.path);
    } catch {
      throw new AppError('BAD_REQUEST', { message: 'URL is not valid UTF-8', userMessage: 'errors.badEncoding' });
    }
    if (hasForbiddenChars(decoded)) {
      throw new AppError('BAD_REQUEST', { message: 'URL holds control characters', userMessage: 'errors.badEncoding' });
    }
    return next();
  });
  const generalLimit = bodyLimit({
    maxSize: config.uploadMaxBytes + 1024 * 1024,
    onError: () => {
      throw new AppError('PAYLOAD_TOO_LARGE', { message: 'request body too large', userMessage: 'errors.fileTooLarge' });
    },
  });
  // A file of places may be larger than a photo: the import page has its own limit and message.
  const importLimit = bodyLimit({
    maxSize: MAX_IMPORT_BYTES + 1024 * 1024,
    onError: () => {
      throw new AppError('PAYLOAD_TOO_LARGE', { message: 'import file too large', userMessage: 'imports.file.tooBigUpload' });
    },
  });
  app.use((c, next) => (c.req.method === 'POST' && c.req.path === '/admin/import' ? importLimit(c, next) : generalLimit(c, next)));
  app.use(refuseKnownOffenders());
  app.use(loadViewer());
  app.use(async (c, next) => {
    const viewer = c.get('viewer');
    const locale = pickLocale(getCookie(c, LOCALE_COOKIE), viewer?.locale);
    c.set('locale', locale);
    c.set('t', translator(locale));
    const flash = getCookie(c, FLASH_COOKIE_NAME);
    c.set('flash', flash && hasMessage(flash) ? flash : null);
    await next();
    if (!isApi(c.req.path) && c.res.headers.get('content-type')?.startsWith('text/html')) {
      c.res.headers.set('Cache-Control', viewer ? 'private, no-store' : 'no-cache');
      c.res.headers.append('Vary', 'Cookie');
    }
  });
  app.use(csrfProtection({ secure: config.secureCookies, sessionCookie: sessionCookieName(config.secureCookies) }));
  // The bell in the header: how many notifications a signed-in person has not read.
  app.use(async (c, next) => {
    const viewer = c.get('viewer');
    if (viewer && c.req.method === 'GET' && !isApi(c.req.path)) {
      c.set('unread', await unreadCount(deps, viewer));
    }
    return next();
  });
  // A nearly full disk stops only the writes that make the data grow: reading and signing in go on.
  app.use(async (c, next) => {
    if (growsData(c.req.method, c.req.path)) {
      deps.assertDiskSpace();
    }
    return next();
  });

  mountHomePages(app);
  mountModerationPages(app);
  mountAccountPages(app);
  mountPlacePages(app);
  mountPeoplePages(app);
  mountSkillPages(app);
  mountCommunityPages(app);
  mountCallPages(app);
  mountEventPages(app);
  mountServicePages(app);
  mountListeningPages(app);
  mountImpactPages(app);
  mountPublicationPages(app);
  mountRecognitionPages(app);
  mountBadgePages(app);
  mountAttestationPages(app);
  mountDocumentPages(app, 'project');
  mountCollectionPages(app);
  mountDocumentPages(app, 'guide');
  mountToolPages(app);
  mountSearchPages(app);
  mountCommentPages(app);
  mountSocialPages(app);
  mountAdminPages(app);
  mountImportPages(app);
  mountOpenDataPages(app);
  mountSitemap(app);
  mountApi(app);

  app.notFound((c) => {
    throw new AppError('NOT_FOUND', { message: `no route for ${c.req.method} ${c.req.path}`, userMessage: 'errors.notFound' });
  });

  app.onError(async (err, c) => {
    if (err instanceof HTTPException && err.res) {
      return err.getResponse(); // a redirect thrown by a guard (sign-in needed)
    }
    let appError: AppError;
    if (err instanceof AppError) {
      appError = err;
    } else if (err instanceof HTTPException) {
      const code = err.status === 413 ? 'PAYLOAD_TOO_LARGE' : err.status === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : 'BAD_REQUEST';
      appError = new AppError(err.status >= 500 ? 'INTERNAL' : code, { message: err.message, userMessage: 'errors.badRequest' });
    } else if (isUniqueViolation(err)) {
      appError = new AppError('CONFLICT', { message: 'already exists', userMessage: 'errors.conflict' });
    } else {
      logger.error({ reqId: c.get('requestId'), err: { message: (err as Error).message, stack: (err as Error).stack } }, 'unhandled error');
      appError = new AppError('INTERNAL', { message: 'internal error', userMessage: 'errors.internal' });
    }
    if (appError.status >= 500 && appError.code !== 'INTERNAL') {
      logger.error({ reqId: c.get('requestId'), code: appError.code, err: appError.message }, 'request failed');
    }
    if (appError.retryAfter) {
      c.header('Retry-After', String(appError.retryAfter));
    }
    const t = c.get('t') ?? translator('fr');
    const status = appError.status as 400;
    if (isApi(c.req.path) || c.req.header('accept')?.startsWith('application/json')) {
      return c.json(
        {
          code: appError.code,
          message: appError.message,
          requestId: c.get('requestId'),
          ...(appError.details ? { details: appError.details } : {}),
        },
        status,
      );
    }
    const message = t(appError.userMessage ?? 'errors.internal', { seconds: appError.retryAfter ?? 0 });
    try {
      return await renderPage(
        c,
        <ErrorPage title={t(`errors.title.${appError.code}`)} message={message} status={appError.status} />,
        status,
      );
    } catch (renderError) {
      logger.error({ err: (renderError as Error).message }, 'error page failed to render');
      return c.text(message, status);
    }
  });
  return app;
}

export type App = ReturnType<typeof createApp>;
