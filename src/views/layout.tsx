import type { Child } from 'hono/jsx';
import { isModerator } from '../lib/viewer.ts';
import { useView } from './context.ts';
import { Icon, type IconName } from './icons.tsx';
import { JsonLd } from './json-ld.tsx';
import { FAVICON, Logo } from './logo.tsx';

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

const MAIN_LINKS: Array<{ href: string; key: string; icon: IconName }> = [
  { href: '/lieux', key: 'nav.places', icon: 'building-community' },
  { href: '/carte', key: 'nav.map', icon: 'map' },
  { href: '/agenda', key: 'nav.agenda', icon: 'calendar' },
  { href: '/projets', key: 'nav.projects', icon: 'bulb' },
  { href: '/outils', key: 'nav.tools', icon: 'tools' },
  { href: '/membres', key: 'nav.members', icon: 'users' },
  { href: '/competences', key: 'nav.skills', icon: 'star' },
  { href: '/communautes', key: 'nav.communities', icon: 'users-group' },
  { href: '/publications', key: 'nav.publications', icon: 'speakerphone' },
  { href: '/appels', key: 'nav.calls', icon: 'speakerphone' },
];

function isCurrent(path: string, href: string): boolean {
  return path === href || (href !== '/' && path.startsWith(`${href}/`));
}

/** The main sections, as a list of links (the wide header and the phone menu both show it). */
function MainLinks({ withIcons }: { withIcons?: boolean }) {
  const { t, path } = useView();
  return (
    <ul class="main-nav">
      {MAIN_LINKS.map((l) => (
        <li>
          <a href={l.href} aria-current={isCurrent(path, l.href) ? 'page' : undefined}>
            {withIcons && <Icon name={l.icon} />}
            {t(l.key)}
          </a>
        </li>
      ))}
    </ul>
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

function SignOut() {
  const { t, csrfToken } = useView();
  return (
    <form method="post" action="/deconnexion">
      <input type="hidden" name="_csrf" value={csrfToken} />
      <button type="submit" class="link-button">
        <Icon name="logout" />
        {t('nav.signOut')}
      </button>
    </form>
  );
}

/** What a signed-in person reaches from anywhere: their profile, account, messages, work queues. */
function AccountLinks() {
  const { t, viewer, path } = useView();
  if (!viewer) {
    return null;
  }
  const link = (href: string, icon: IconName, label: string) => (
    <li>
      <a href={href} aria-current={isCurrent(path, href) ? 'page' : undefined}>
        <Icon name={icon} />
        {label}
      </a>
    </li>
  );
  return (
    <ul class="account-links">
      {link('/profil', 'user', t('nav.profile'))}
      {link('/messages', 'messages', t('nav.messages'))}
      {link('/reconnaissance', 'certificate', t('recognition.record.myTitle'))}
      {link('/compte', 'settings', t('nav.accountShort'))}
      {isModerator(viewer) && link('/moderation', 'shield-check', t('nav.moderation'))}
      {viewer.role === 'admin' && link('/admin', 'lock', t('nav.admin'))}
      <li>
        <SignOut />
      </li>
    </ul>
  );
}

function Bell() {
  const { t, unread } = useView();
  return (
    <a href="/notifications" class="icon-link bell">
      <Icon name="bell" />
      <span class="visually-hidden">{t('nav.notifications', { count: unread })}</span>
      {unread > 0 && (
        <span class="bell-count" aria-hidden="true">
          {unread > 99 ? '99+' : unread}
        </span>
      )}
    </a>
  );
}

function SignInLinks() {
  const { t, currentUrl } = useView();
  return (
    <ul class="sign-in-links">
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

/**
 * The header: one row on every screen. Wide screens show the sections, the search, the bell and
 * an account menu; phones show the logo, the search, the bell and a "Menu" that opens (a
 * <details>, so without JavaScript) onto the same links.
 */
function SiteHeader() {
  const { t, viewer } = useView();
  return (
    <header class="site-header">
      <div class="wrap header-row">
        <a href="/" class="brand">
          <Logo />
          <span>Tisserin</span>
        </a>
        <nav class="nav-wide" aria-label={t('nav.main')}>
          <MainLinks />
        </nav>
        <div class="header-tools">
          <a href="/recherche" class="icon-link header-search">
            <Icon name="search" />
            <span class="search-label">{t('search.link')}</span>
          </a>
          {viewer && <Bell />}
          <div class="wide-only">
            {viewer ? (
              <details class="dropdown account-menu">
                <summary>
                  <Icon name="user" />
                  <span class="account-name">{viewer.displayName}</span>
                  <Icon name="chevron-down" class="chevron" />
                </summary>
                <div class="dropdown-panel">
                  <AccountLinks />
                </div>
              </details>
            ) : (
              <SignInLinks />
            )}
          </div>
          <details class="site-menu">
            <summary>
              <Icon name="menu-2" />
              <span>{t('nav.menu')}</span>
            </summary>
            <div class="menu-panel">
              {!viewer && <SignInLinks />}
              <nav aria-label={t('nav.main')}>
                <MainLinks withIcons />
              </nav>
              {viewer && (
                <>
                  <p class="menu-heading">{viewer.displayName}</p>
                  <AccountLinks />
                </>
              )}
              <LanguageSwitch />
            </div>
          </details>
        </div>
      </div>
    </header>
  );
}

/** The page frame: skip link, header with navigation, main content, footer. */
export function Layout(props: LayoutProps) {
  const { t, locale, flash, assets, csrfToken, path } = useView();
  return (
    <html lang={locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · Tisserin`}</title>
        {props.description && <meta name="description" content={props.description} />}
        <link rel="icon" href={FAVICON} />
        <meta name="theme-color" content="#8a3b12" />
        {/* For scripts calling the API with the session cookie: send it back as X-CSRF-Token. */}
        <meta name="csrf-token" content={csrfToken} />
        <link rel="stylesheet" href={assets.css} />
        {props.withMap && <link rel="stylesheet" href={assets.mapCss} />}
        {props.withMap && <script type="module" src={assets.mapJs} />}
        {/* Drawn under the places when no tile server answers. */}
        {props.withMap && <meta name="basemap" content={assets.basemap} />}
        {props.withSuggest && <script type="module" src={assets.suggestJs} />}
        {props.withEditor && <script type="module" src={assets.editorJs} />}
        {props.head}
        {/* Every page says what it is to search engines; pages about a thing add its own type (Place, Event…). */}
        <JsonLd
          data={{
            '@context': 'https://schema.org',
            '@type': 'WebPage',
            url: path,
            name: props.title,
            ...(props.description ? { description: props.description.slice(0, 300) } : {}),
            inLanguage: locale,
            isPartOf: { '@type': 'WebSite', name: 'Tisserin', url: '/' },
          }}
        />
      </head>
      <body>
        <a class="skip-link" href="#contenu">
          {t('nav.skip')}
        </a>
        <SiteHeader />
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
            <p class="footer-brand">
              <Logo />
              {t('footer.tagline')}
            </p>
            <ul>
              <li class="wide-only">
                <LanguageSwitch />
              </li>
              <li>
                <a href="/api">{t('footer.api')}</a>
              </li>
              <li>
                <a href="/donnees">{t('footer.openData')}</a>
              </li>
              <li>
                <a href="/impact">{t('footer.impact')}</a>
              </li>
              <li>
                <a href="/a-propos">{t('footer.about')}</a>
              </li>
              <li>
                <a href="/avis-plateforme">{t('footer.feedback')}</a>
              </li>
            </ul>
          </div>
        </footer>
      </body>
    </html>
  );
}
