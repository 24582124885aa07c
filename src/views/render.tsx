import { gunzipSync, gzipSync } from 'node:zlib';
import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import type { Child } from 'hono/jsx';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Deps } from '../deps.ts';
import type { AppEnv } from '../http-env.ts';
import { buildAssets } from '../lib/assets.ts';
import { TopicCache } from '../lib/change-feed.ts';
import { takesGzip } from '../lib/compress.ts';
import { randomToken } from '../lib/crypto.ts';
import { type GzipPieces, gzipFilled, gzipPieces, gzipPiecesSize } from '../lib/gzip-pieces.ts';
import { ViewCtx, viewContextFrom } from './context.ts';
import { Layout } from './layout.tsx';

const FLASH_COOKIE = 'tisserin_flash';

async function toHtml(c: Context<AppEnv>, page: Child, csrfToken?: string): Promise<string> {
  const assets = await buildAssets();
  const flash = c.get('flash') ?? null;
  const ctx = { ...viewContextFrom(c, assets.urls, flash), ...(csrfToken ? { csrfToken } : {}) };
  return `<!doctype html>${await (<ViewCtx.Provider value={ctx}>{page}</ViewCtx.Provider>).toString()}`;
}

/** Whether the client takes gzip; either way, the answer depends on it (for caches on the way). */
function acceptsGzip(c: Context<AppEnv>): boolean {
  c.header('Vary', 'Accept-Encoding', { append: true });
  return takesGzip(c.req.header('accept-encoding'));
}

function sendGzipped(c: Context<AppEnv>, gz: Buffer, status: ContentfulStatusCode): Response {
  c.header('Content-Encoding', 'gzip');
  c.header('Content-Type', 'text/html; charset=UTF-8');
  return c.body(new Uint8Array(gz.buffer as ArrayBuffer, gz.byteOffset, gz.length), status);
}

function send(c: Context<AppEnv>, html: string, status: ContentfulStatusCode): Response {
  // Compressed here, from the string: cheaper than re-reading the response body in a middleware.
  return acceptsGzip(c) ? sendGzipped(c, gzipSync(html, { level: 6 }), status) : c.html(html, status);
}

/** Render a page component (which uses <Layout>) to a full HTML response. */
export async function renderPage(c: Context<AppEnv>, page: Child, status: ContentfulStatusCode = 200): Promise<Response> {
  if (c.get('flash')) {
    deleteCookie(c, FLASH_COOKIE, { path: '/' });
  }
  return send(c, await toHtml(c, page), status);
}

/** Stands for the visitor's CSRF token in cached pages; replaced on the way out. */
const CSRF_MARK = `csrf-${randomToken(12)}`;
const pageCaches = new WeakMap<Deps, Map<string, TopicCache<GzipPieces>>>();

function pageCache(deps: Deps, topics: string | readonly string[], maxBytes = 2_000_000): TopicCache<GzipPieces> {
  let byTopic = pageCaches.get(deps);
  if (!byTopic) {
    byTopic = new Map();
    pageCaches.set(deps, byTopic);
  }
  const name = typeof topics === 'string' ? topics : topics.join(' ');
  let cache = byTopic.get(name);
  if (!cache) {
    // Kept gzipped, as they are sent: a page of 20 KB weighs about 7 KB, and a hit is not
    // compressed again. 2 MB holds some 280 pages of a kind (4 MB of them as text held 190).
    cache = new TopicCache(deps.changes, topics, { maxEntries: 600, maxBytes, sizeOf: gzipPiecesSize });
    byTopic.set(name, cache);
  }
  return cache;
}

/**
 * A public page that visitors without an account see identically: rendered once per URL and
 * language until one of `topics` changes, with each visitor's CSRF token put in on the way out.
 * Signed-in people (and pages carrying a one-time message) get a fresh render.
 */
export async function renderPublicPage(
  c: Context<AppEnv>,
  topics: string | readonly string[],
  page: () => Promise<Child>,
  /** Bytes of gzipped pages kept for these topics (more for the kinds with many pages people open). */
  cacheBytes?: number,
): Promise<Response> {
  if (c.get('viewer') || c.get('flash')) {
    return renderPage(c, await page());
  }
  const url = new URL(c.req.url);
  const key = `${c.get('locale')} ${url.pathname}${url.search}`;
  const rendered: { html?: string } = {};
  const kept = await pageCache(c.get('deps'), topics, cacheBytes).getOrCompute(key, async () => {
    rendered.html = await toHtml(c, await page(), CSRF_MARK);
    return gzipPieces(rendered.html, CSRF_MARK);
  });
  const token = c.get('csrfToken');
  if (acceptsGzip(c)) {
    return sendGzipped(c, gzipFilled(kept, token), 200);
  }
  // The rare client without gzip: the page just rendered, or the kept one unzipped.
  const html = rendered.html?.split(CSRF_MARK).join(token) ?? gunzipSync(gzipFilled(kept, token)).toString();
  return c.html(html, 200);
}

/** A page about the viewer's own data (registrations, contributions…): never kept by a shared cache. */
export const privatePage = (c: Context<AppEnv>) => c.header('Cache-Control', 'private, no-store');

/** Redirect after a successful POST, with a one-time message (an i18n key) on the next page. */
export function redirectWithFlash(c: Context<AppEnv>, location: string, flashKey?: string): Response {
  if (flashKey) {
    setCookie(c, FLASH_COOKIE, flashKey, { path: '/', httpOnly: true, sameSite: 'Lax', maxAge: 60 });
  }
  return c.redirect(location, 303);
}

export const FLASH_COOKIE_NAME = FLASH_COOKIE;

export function ErrorPage({ title, message, status }: { title: string; message: string; status: number }) {
  return (
    <Layout title={title}>
      <section class="error-page">
        <h1>{title}</h1>
        <p>{message}</p>
        <p class="muted">{`HTTP ${status}`}</p>
        <p>
          <a href="/">← Tisserin</a>
        </p>
      </section>
    </Layout>
  );
}
