import type { Hono } from 'hono';
import type { AppEnv } from '../../http-env.ts';
import { formatNumber } from '../../lib/i18n.ts';
import { useView } from '../../views/context.ts';
import { Layout } from '../../views/layout.tsx';
import { renderPage, renderPublicPage } from '../../views/render.tsx';
import { placeSubtitle } from '../places/places.presenter.ts';
import { getDirectoryOverview } from '../places/places.search.service.ts';
import { PLACES_TOPIC } from '../places/places.service.ts';

type Overview = Awaited<ReturnType<typeof getDirectoryOverview>>;

function HomePage({ overview }: { overview: Overview }) {
  const { t, locale, viewer } = useView();
  return (
    <Layout title={t('home.title')} description={t('home.lead')}>
      <section class="hero">
        <h1>{t('home.heading')}</h1>
        <p class="lead">{t('home.lead')}</p>
        <search>
          <form method="get" action="/lieux" class="hero-search">
            <label for="recherche-accueil">{t('home.searchLabel')}</label>
            <div class="search-row">
              <input type="search" id="recherche-accueil" name="q" placeholder={t('places.searchPlaceholder')} maxlength={200} />
              <button type="submit" class="button">
                {t('places.searchSubmit')}
              </button>
            </div>
          </form>
        </search>
        <ul class="stats">
          <li>
            <strong>{formatNumber(locale, overview.places)}</strong> {t('home.statPlaces', { count: overview.places })}
          </li>
          <li>
            <strong>{formatNumber(locale, overview.regions)}</strong> {t('home.statRegions', { count: overview.regions })}
          </li>
          <li>
            <strong>{formatNumber(locale, overview.departments)}</strong> {t('home.statDepartments', { count: overview.departments })}
          </li>
        </ul>
        <p class="actions">
          <a class="button" href="/carte">
            {t('home.seeMap')}
          </a>{' '}
          {viewer ? (
            <a class="button button-secondary" href="/lieux/nouveau">
              {t('places.new.title')}
            </a>
          ) : (
            <a class="button button-secondary" href="/inscription">
              {t('home.join')}
            </a>
          )}
        </p>
      </section>
      <section aria-labelledby="derniers-lieux">
        <h2 id="derniers-lieux">{t('home.latest')}</h2>
        <ul class="card-grid">
          {overview.latest.map((p) => (
            <li class="card">
              <h3>
                <a href={`/lieux/${p.slug}`}>{p.name}</a>
              </h3>
              <p class="subtitle">{placeSubtitle(p, locale)}</p>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="objectifs" class="objectives">
        <h2 id="objectifs">{t('home.objectivesTitle')}</h2>
        <ul class="card-grid">
          {['community', 'commons', 'recognition', 'beyondFads'].map((k) => (
            <li class="card">
              <h3>{t(`home.objective.${k}.title`)}</h3>
              <p>{t(`home.objective.${k}.text`)}</p>
            </li>
          ))}
        </ul>
      </section>
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

function OpenDataPage() {
  const { t } = useView();
  return (
    <Layout title={t('openData.title')}>
      <div class="narrow prose">
        <h1>{t('openData.title')}</h1>
        <p>{t('openData.lead')}</p>
        <ul>
          <li>
            <a href="/api/v1/places.geojson">{t('openData.geojson')}</a>
          </li>
          <li>
            <a href="/api/v1/places.csv">{t('openData.csv')}</a>
          </li>
          <li>
            <a href="/api">{t('openData.api')}</a>
          </li>
        </ul>
        <p>{t('openData.sync')}</p>
      </div>
    </Layout>
  );
}

export function mountHomePages(app: Hono<AppEnv>) {
  app.get('/', (c) => renderPublicPage(c, PLACES_TOPIC, async () => <HomePage overview={await getDirectoryOverview(c.get('deps'))} />));
  app.get('/a-propos', (c) => renderPage(c, <AboutPage />));
  app.get('/donnees', (c) => renderPage(c, <OpenDataPage />));
}
