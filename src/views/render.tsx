import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import type { Child } from 'hono/jsx';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv } from '../http-env.ts';
import { buildAssets } from '../lib/assets.ts';
import { ViewCtx, viewContextFrom } from './context.ts';
import { Layout } from './layout.tsx';

const FLASH_COOKIE = 'tisserin_flash';

/** Render a page component (which uses <Layout>) to a full HTML response. */
export async function renderPage(c: Context<AppEnv>, page: Child, status: ContentfulStatusCode = 200): Promise<Response> {
  const assets = await buildAssets();
  const flash = c.get('flash') ?? null;
  if (flash) {
    deleteCookie(c, FLASH_COOKIE, { path: '/' });
  }
  const ctx = viewContextFrom(c, assets.urls, flash);
  const html = await (<ViewCtx.Provider value={ctx}>{page}</ViewCtx.Provider>).toString();
  return c.html(`<!doctype html>${html}`, status);
}

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
