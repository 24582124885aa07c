import type { Hono } from 'hono';
import type { AppEnv } from '../../http-env.ts';
import { formatNumber } from '../../lib/i18n.ts';
import { useView } from '../../views/context.ts';
import { Icon, type IconName } from '../../views/icons.tsx';
import { JsonLd } from '../../views/json-ld.tsx';
import { Layout } from '../../views/layout.tsx';
import { renderPage, renderPublicPage } from '../../views/render.tsx';
import { requireViewer } from '../accounts/guards.ts';
import { DOCUMENTS_TOPIC, searchDocuments } from '../documents/documents.service.ts';
import { DocumentCardList } from '../documents/views/document-page.view.tsx';
import { countMembers } from '../people/people.service.ts';
import { getDirectoryOverview } from '../places/places.search.service.ts';
import { PLACES_TOPIC } from '../places/places.service.ts';
import { PlaceCard } from '../places/views/place-list.view.tsx';
import { PEOPLE_TOPIC } from '../skills/skills.service.ts';
import { isWelcomeDone, type WelcomeItem, welcomeChecklist } from './welcome.service.ts';

type Overview = Awaited<ReturnType<typeof getDirectoryOverview>>;

interface HomeData {
  overview: Overview;
  projects: Awaited<ReturnType<typeof searchDocuments>>;
  members: number;
  /** A signed-in member's first steps, while some are left. */
  welcome: WelcomeItem[] | null;
}

const OBJECTIVES: Array<{ key: string; icon: IconName; href: string }> = [
  { key: 'community', icon: 'users-group', href: '/membres' },
  { key: 'commons', icon: 'books', href: '/projets' },
  { key: 'recognition', icon: 'certificate', href: '/reconnaissance' },
  { key: 'beyondFads', icon: 'heart-handshake', href: '/lieux' },
];

/** The first steps of a new member, with what is done ticked; gone once all are done. */
export function WelcomeChecklist({ items, heading }: { items: WelcomeItem[]; heading?: boolean }) {
  const { t } = useView();
  const done = items.filter((i) => i.done).length;
  return (
    <section class="welcome card" aria-labelledby="premiers-pas">
      <h2 id="premiers-pas" class={heading === false ? 'visually-hidden' : undefined}>
        {t('welcome.checklistTitle')}
      </h2>
      <p class="welcome-progress">
        <progress max={items.length} value={done} aria-label={t('welcome.progress', { done, count: items.length })} />{' '}
        {t('welcome.progress', { done, count: items.length })}
      </p>
      <ol class="checklist">
        {items.map((i) => (
          <li class={i.done ? 'done' : undefined}>
            <span class="check-mark" aria-hidden="true">
              <Icon name={i.done ? 'circle-check' : 'arrow-right'} />
            </span>
            <div>
              <a href={i.href}>{t(`welcome.step.${i.step}.title`)}</a>
              <span class="visually-hidden">{i.done ? ` (${t('welcome.done')})` : ''}</span>
              <p class="hint">{t(`welcome.step.${i.step}.why`)}</p>
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}

function HomePage({ overview, projects, members, welcome }: HomeData) {
  const { t, locale, viewer } = useView();
  const stat = (icon: IconName, n: number, key: string, href: string) => (
    <li>
      <a href={href} class="stat">
        <Icon name={icon} />
        <strong>{formatNumber(locale, n)}</strong> {t(key, { count: n })}
      </a>
    </li>
  );
  return (
    <Layout
      title={t('home.title')}
      description={t('home.lead')}
      head={
        <JsonLd
          data={{
            '@context': 'https://schema.org',
            '@type': 'WebSite',
            url: '/',
            name: 'Tisserin',
            description: t('home.lead'),
            inLanguage: 'fr',
            potentialAction: {
              '@type': 'SearchAction',
              target: '/recherche?q={search_term_string}',
              'query-input': 'required name=search_term_string',
            },
          }}
        />
      }
    >
      <section class="hero">
        <div class="hero-text">
          <h1>{t('home.heading')}</h1>
          <p class="lead">{t('home.lead')}</p>
          <search>
            <form method="get" action="/recherche" class="hero-search">
              <label for="recherche-accueil">{t('home.searchLabel')}</label>
              <div class="search-row">
                <input type="search" id="recherche-accueil" name="q" placeholder={t('home.searchPlaceholder')} maxlength={200} />
                <button type="submit" class="button">
                  <Icon name="search" />
                  {t('search.submit')}
                </button>
              </div>
            </form>
          </search>
          <ul class="quick-links">
            <li>
              <a href="/lieux" class="chip-link">
                <Icon name="map-pin" />
                {t('home.quick.near')}
              </a>
            </li>
            <li>
              <a href="/carte" class="chip-link">
                <Icon name="map" />
                {t('home.seeMap')}
              </a>
            </li>
            <li>
              <a href="/membres?transmet=1" class="chip-link">
                <Icon name="user-check" />
                {t('home.quick.help')}
              </a>
            </li>
            <li>
              <a href={viewer ? '/projets/nouveau' : '/projets'} class="chip-link">
                <Icon name="bulb" />
                {viewer ? t('home.quick.document') : t('home.quick.projects')}
              </a>
            </li>
          </ul>
        </div>
        <div class="hero-figures">
          <ul class="stats">
            {stat('building-community', overview.places, 'home.statPlaces', '/lieux')}
            {stat('users', members, 'home.statMembers', '/membres')}
            {stat('bulb', projects.total, 'home.statProjects', '/projets')}
            {stat('map', overview.regions, 'home.statRegions', '/carte')}
          </ul>
          {!viewer && (
            <p class="hero-join">
              <a class="button" href="/inscription">
                <Icon name="user-plus" />
                {t('home.join')}
              </a>
            </p>
          )}
        </div>
      </section>
      {welcome && <WelcomeChecklist items={welcome} />}
      <section aria-labelledby="derniers-projets">
        <div class="section-head">
          <h2 id="derniers-projets">{t('home.latestProjects')}</h2>
          <a href="/projets">{t('home.allProjects')}</a>
        </div>
        <DocumentCardList items={projects.items.map((p) => ({ ...p, kind: 'project' as const }))} />
      </section>
      <section aria-labelledby="derniers-lieux">
        <div class="section-head">
          <h2 id="derniers-lieux">{t('home.latest')}</h2>
          <a href="/lieux">{t('home.allPlaces')}</a>
        </div>
        <ul class="place-list place-grid">
          {overview.latest.map((card) => (
            <PlaceCard card={card} />
          ))}
        </ul>
      </section>
      <section aria-labelledby="objectifs" class="objectives">
        <h2 id="objectifs">{t('home.objectivesTitle')}</h2>
        <ul class="card-grid">
          {OBJECTIVES.map((o) => (
            <li class="card objective">
              <span class="objective-icon" aria-hidden="true">
                <Icon name={o.icon} />
              </span>
              <h3>
                <a href={o.href}>{t(`home.objective.${o.key}.title`)}</a>
              </h3>
              <p>{t(`home.objective.${o.key}.text`)}</p>
            </li>
          ))}
        </ul>
      </section>
    </Layout>
  );
}

function WelcomePage({ items }: { items: WelcomeItem[] }) {
  const { t, viewer } = useView();
  return (
    <Layout title={t('welcome.title')}>
      <div class="narrow">
        <h1>{t('welcome.heading', { name: viewer?.displayName ?? '' })}</h1>
        <p class="lead">{t('welcome.lead')}</p>
        <WelcomeChecklist items={items} heading={false} />
        <p>
          <a href="/">{t('welcome.later')}</a>
        </p>
      </div>
    </Layout>
  );
}

function AboutPage() {
  const { t } = useView();
  return (
    <Layout title={t('about.title')}>
      <div class="narrow prose">
        <h1>{t('about.title')}</h1>
        <p>{t('about.p1')}</p>
        <p>{t('about.p2')}</p>
        <h2>{t('about.privacyTitle')}</h2>
        <p>{t('about.privacy')}</p>
        <h2>{t('about.charterTitle')}</h2>
        <p>{t('about.charter')}</p>
      </div>
    </Layout>
  );
}

export function mountHomePages(app: Hono<AppEnv>) {
  app.get('/', (c) =>
    renderPublicPage(c, [PLACES_TOPIC, DOCUMENTS_TOPIC, PEOPLE_TOPIC], async () => {
      const deps = c.get('deps');
      const viewer = c.get('viewer');
      const [overview, projects, members, welcome] = await Promise.all([
        getDirectoryOverview(deps),
        searchDocuments(deps, { kind: 'project', limit: 8, offset: 0 }),
        countMembers(deps),
        viewer ? welcomeChecklist(deps, viewer) : Promise.resolve(null),
      ]);
      return (
        <HomePage overview={overview} projects={projects} members={members} welcome={welcome && !isWelcomeDone(welcome) ? welcome : null} />
      );
    }),
  );
  // After confirming one's address: the first steps (once all are done, the home page instead).
  app.get('/bienvenue', async (c) => {
    const viewer = requireViewer(c);
    const items = await welcomeChecklist(c.get('deps'), viewer);
    if (isWelcomeDone(items)) {
      return c.redirect('/', 303);
    }
    return renderPage(c, <WelcomePage items={items} />);
  });
  app.get('/a-propos', (c) => renderPage(c, <AboutPage />));
}
