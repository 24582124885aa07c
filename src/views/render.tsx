import { gzipSync } from 'node:zlib';
import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import type { Child } from 'hono/jsx';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Deps } from '../deps.ts';
import type { AppEnv } from '../http-env.ts';
import { buildAssets } from '../lib/assets.ts';
import { TopicCache } from '../lib/change-feed.ts';
import { randomToken } from '../lib/crypto.ts';
import { ViewCtx, viewContextFrom } from './context.ts';
import { Layout } from './layout.tsx';

const FLASH_COOKIE = 'tisserin_flash';

async function toHtml(c: Context<AppEnv>, page: Child, csrfToken?: string): Promise<string> {
  const assets = await buildAssets();
  const flash = c.get('flash') ?? null;
  const ctx = { ...viewContextFrom(c, assets.urls, flash), ...(csrfToken ? { csrfToken } : {}) };
  return `<!doctype html>${await (<ViewCtx.Provider value={ctx}>{page}</ViewCtx.Provider>).toString()}`;
}

function send(c: Context<AppEnv>, html: string, status: ContentfulStatusCode): Response {
  // Compressed here, from the string: cheaper than re-reading the response body in a middleware.
  if (/\bgzip\b/.test(c.req.header('accept-encoding') ?? '')) {
    c.header('Content-Encoding', 'gzip');
    c.header('Vary', 'Accept-Encoding', { append: true });
    c.header('Content-Type', 'text/html; charset=UTF-8');
    return c.body(new Uint8Array(gzipSync(html, { level: 6 })), status);
  }
  return c.html(html, status);
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
const pageCaches = new WeakMap<Deps, Map<string, TopicCache<Buffer>>>();

function pageCache(deps: Deps, topics: string | readonly string[], maxBytes = 4_000_000): TopicCache<Buffer> {
  let byTopic = pageCaches.get(deps);
  if (!byTopic) {
    byTopic = new Map();
    pageCaches.set(deps, byTopic);
  }
  const name = typeof topics === 'string' ? topics : topics.join(' ');
  let cache = byTopic.get(name);
  if (!cache) {
    // Kept as UTF-8 bytes: every page holds characters beyond Latin-1 (the brand mark, "’"), which
    // makes V8 store the string at two bytes a character. About 4 MB of pages per set of topics.
    cache = new TopicCache(deps.changes, topics, { maxEntries: 600, maxBytes, sizeOf: (page) => page.length });
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
  /** Bytes of pages kept for these topics (larger pages, like projects, need more to stay cached). */
  cacheBytes?: number,
): Promise<Response> {
  if (c.get('viewer') || c.get('flash')) {
    return renderPage(c, await page());
  }
  const url = new URL(c.req.url);
  const key = `${c.get('locale')} ${url.pathname}${url.search}`;
  // A page just rendered is sent from its string, not read back from the bytes kept.
  const rendered: { html?: string } = {};
  const bytes = await pageCache(c.get('deps'), topics, cacheBytes).getOrCompute(key, async () => {
    rendered.html = await toHtml(c, await page(), CSRF_MARK);
    return Buffer.from(rendered.html);
  });
  return send(c, (rendered.html ?? bytes.toString('utf8')).replaceAll(CSRF_MARK, c.get('csrfToken')), 200);
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
