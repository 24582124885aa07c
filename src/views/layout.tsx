import type { Child } from 'hono/jsx';
import { isModerator } from '../lib/viewer.ts';
import { useView } from './context.ts';

const FAVICON =
  "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'%3E%3Cpath d='M16 2 30 16 16 30 2 16Z' fill='%238a3b12'/%3E%3C/svg%3E";

interface LayoutProps {
  title: string;
  description?: string;
  /** Extra tags for <head> (JSON-LD, feeds, canonical). */
  head?: Child;
  /** Load the map island and its stylesheet. */
  withMap?: boolean;
  /** Suggestions as one types in search boxes (the boxes work without it). */
  withSuggest?: boolean;
  /** The Markdown editor island (toolbar, live preview, nothing lost on reload). */
  withEditor?: boolean;
  children?: Child;
}

function NavLink({ href, children }: { href: string; children: Child }) {
  const { path } = useView();
  const current = path === href || (href !== '/' && path.startsWith(`${href}/`));
  return (
    <a href={href} aria-current={current ? 'page' : undefined}>
      {children}
    </a>
  );
}

function LanguageSwitch() {
  const { t, locale, csrfToken, currentUrl } = useView();
  const other = locale === 'fr' ? 'en' : 'fr';
  return (
    <form method="post" action="/langue" class="lang-switch">
      <input type="hidden" name="_csrf" value={csrfToken} />
      <input type="hidden" name="next" value={currentUrl} />
      <button type="submit" name="locale" value={other} lang={other} class="link-button">
        {t(`lang.switchTo.${other}`)}
      </button>
    </form>
  );
}

function AccountMenu() {
  const { t, viewer, csrfToken, currentUrl, unread } = useView();
  if (!viewer) {
    return (
      <ul class="account-menu">
        <li>
          <a href={`/connexion?next=${encodeURIComponent(currentUrl)}`}>{t('nav.signIn')}</a>
        </li>
        <li>
          <a href="/inscription" class="button button-small">
            {t('nav.signUp')}
          </a>
        </li>
      </ul>
    );
  }
  return (
    <ul class="account-menu">
      {isModerator(viewer) && (
        <li>
          <a href="/moderation">{t('nav.moderation')}</a>
        </li>
      )}
      {viewer.role === 'admin' && (
        <li>
          <a href="/admin">{t('nav.admin')}</a>
        </li>
      )}
      <li>
        <a href="/notifications" class="bell">
          <svg class="icon" viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false">
            <path d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1Z" />
          </svg>{' '}
          {t('nav.notifications', { count: unread })}
        </a>
      </li>
      <li>
        <a href="/messages">{t('nav.messages')}</a>
      </li>
      <li>
        <a href="/profil">{t('nav.profile')}</a>
      </li>
      <li>
        <a href="/compte">{t('nav.account', { name: viewer.displayName })}</a>
      </li>
      <li>
        <form method="post" action="/deconnexion">
          <input type="hidden" name="_csrf" value={csrfToken} />
          <button type="submit" class="link-button">
            {t('nav.signOut')}
          </button>
        </form>
      </li>
    </ul>
  );
}

/** The page frame: skip link, header with navigation, main content, footer. */
export function Layout(props: LayoutProps) {
  const { t, locale, flash, assets, csrfToken } = useView();
  return (
    <html lang={locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · Tisserin`}</title>
        {props.description && <meta name="description" content={props.description} />}
        <link rel="icon" href={FAVICON} />
        {/* For scripts calling the API with the session cookie: send it back as X-CSRF-Token. */}
        <meta name="csrf-token" content={csrfToken} />
        <link rel="stylesheet" href={assets.css} />
        {props.withMap && <link rel="stylesheet" href={assets.mapCss} />}
        {props.withMap && <script type="module" src={assets.mapJs} />}
        {props.withSuggest && <script type="module" src={assets.suggestJs} />}
        {props.withEditor && <script type="module" src={assets.editorJs} />}
        {props.head}
      </head>
      <body>
        <a class="skip-link" href="#contenu">
          {t('nav.skip')}
        </a>
        <header class="site-header">
          <div class="wrap header-row">
            <a href="/" class="brand">
              <span aria-hidden="true" class="brand-mark">
                ⟡
              </span>{' '}
              Tisserin
            </a>
            <nav aria-label={t('nav.main')}>
              <ul class="main-nav">
                <li>
                  <NavLink href="/lieux">{t('nav.places')}</NavLink>
                </li>
                <li>
                  <NavLink href="/carte">{t('nav.map')}</NavLink>
                </li>
                <li>
                  <NavLink href="/projets">{t('nav.projects')}</NavLink>
                </li>
                <li>
                  <NavLink href="/outils">{t('nav.tools')}</NavLink>
                </li>
                <li>
                  <NavLink href="/membres">{t('nav.members')}</NavLink>
                </li>
                <li>
                  <NavLink href="/competences">{t('nav.skills')}</NavLink>
                </li>
                <li>
                  <NavLink href="/communautes">{t('nav.communities')}</NavLink>
                </li>
                <li>
                  <NavLink href="/appels">{t('nav.calls')}</NavLink>
                </li>
              </ul>
            </nav>
            <div class="header-tools">
              <a href="/recherche" class="header-search">
                {t('search.link')}
              </a>
              <AccountMenu />
              <LanguageSwitch />
            </div>
          </div>
        </header>
        <main id="contenu" class="wrap" tabindex={-1}>
          {flash && (
            <p class="notice notice-success" role="status">
              {t(flash)}
            </p>
          )}
          {props.children}
        </main>
        <footer class="site-footer">
          <div class="wrap footer-row">
            <p>{t('footer.tagline')}</p>
            <ul>
              <li>
                <a href="/api">{t('footer.api')}</a>
              </li>
              <li>
                <a href="/donnees">{t('footer.openData')}</a>
              </li>
              <li>
                <a href="/a-propos">{t('footer.about')}</a>
              </li>
            </ul>
          </div>
        </footer>
      </body>
    </html>
  );
}
