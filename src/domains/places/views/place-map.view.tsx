import { useView } from '../../../views/context.ts';
import { Layout } from '../../../views/layout.tsx';
import { Pagination } from '../../../views/pagination.tsx';
import { placeSubtitle } from '../places.presenter.ts';
import type { PlaceSearchResult } from '../places.search.service.ts';
import { FACETS, PER_PAGE, type PlaceSearch, searchHref } from '../places.search-params.ts';
import { FacetFilters, SearchBox } from './place-list.view.tsx';

export interface MapSettings {
  tileUrl: string;
  tileAttribution: string;
}

/** Query string of the current filters, passed to the map island for its bbox requests. */
function filterQuery(search: PlaceSearch): string {
  const href = searchHref('', { ...search, page: 1 });
  return href.startsWith('?') ? href.slice(1) : '';
}

/**
 * /carte: the interactive map (an island: clusters fetched for the visible area) next to a
 * list of the same places that works without JavaScript and without map tiles.
 */
export function PlaceMapPage({ search, result, map }: { search: PlaceSearch; result: PlaceSearchResult; map: MapSettings }) {
  const { t, locale } = useView();
  const pages = Math.max(1, Math.ceil(result.total / PER_PAGE));
  const activeFilters = FACETS.reduce((n, f) => n + search.filters[f].length, 0);
  return (
    <Layout title={t('places.map.title')} description={t('places.map.lead')} withMap>
      <h1>{t('places.map.title')}</h1>
      <form method="get" action="/carte" class="map-filters">
        <SearchBox search={search} label={t('places.searchLabel')} />
        <details open={activeFilters > 0}>
          <summary>
            {t('places.list.filters')}
            {activeFilters > 0 && <span class="badge">{activeFilters}</span>}
          </summary>
          <FacetFilters search={search} facets={result.facets} />
          <button type="submit" class="button button-secondary">
            {t('places.list.applyFilters')}
          </button>
        </details>
      </form>
      <div class="map-layout">
        <section
          id="carte"
          class="map map-large"
          data-map="clusters"
          data-query={filterQuery(search)}
          data-tiles={map.tileUrl}
          data-attribution={map.tileAttribution}
          data-label={t('places.map.label')}
          data-cluster-label={t('places.map.clusterLabel')}
          aria-label={t('places.map.label')}
        >
          <p class="map-fallback">{t('places.map.fallback')}</p>
        </section>
        <section class="map-list" aria-labelledby="liste-carte">
          <h2 id="liste-carte">{t('places.map.listTitle', { count: result.total })}</h2>
          <ol class="compact-list" start={(search.page - 1) * PER_PAGE + 1}>
            {result.cards.map((card) => (
              <li>
                <a href={`/lieux/${card.slug}`}>{card.name}</a>
                <span class="subtitle">
                  {placeSubtitle({ kinds: card.kinds, commune: card.commune, departmentCode: card.department_code }, locale)}
                </span>
              </li>
            ))}
          </ol>
          <Pagination page={search.page} pages={pages} href={(page) => searchHref('/carte', search, { page })} />
        </section>
      </div>
    </Layout>
  );
}
