import type { Context } from 'hono';
import { createContext, useContext } from 'hono/jsx';
import type { AppEnv } from '../http-env.ts';
import type { Locale, Translate } from '../lib/i18n.ts';
import type { Viewer } from '../lib/viewer.ts';

/** What every server component may read while a page renders. */
export interface ViewContext {
  t: Translate;
  locale: Locale;
  viewer: Viewer | null;
  csrfToken: string;
  /** Path and query of the current page (language switch and sign-in return here). */
  currentUrl: string;
  path: string;
  flash: string | null;
  unread: number;
  assets: { css: string; mapJs: string; mapCss: string; suggestJs: string; editorJs: string; basemap: string };
}

export const ViewCtx = createContext<ViewContext | null>(null);

export function useView(): ViewContext {
  const v = useContext(ViewCtx);
  if (!v) {
    throw new Error('useView() outside a page');
  }
  return v;
}

/** Build the view context from a request. */
export function viewContextFrom(c: Context<AppEnv>, assets: ViewContext['assets'], flash: string | null): ViewContext {
  const url = new URL(c.req.url);
  return {
    t: c.get('t'),
    locale: c.get('locale'),
    viewer: c.get('viewer'),
    csrfToken: c.get('csrfToken'),
    currentUrl: url.pathname + url.search,
    path: url.pathname,
    flash,
    unread: c.get('unread') ?? 0,
    assets,
  };
}
