import { formatKm } from '../../../lib/i18n.ts';
import { useView } from '../../../views/context.ts';
import { Layout } from '../../../views/layout.tsx';
import { Pagination } from '../../../views/pagination.tsx';
import { ActiveFilters, FilterPanel } from '../../../views/search-ui.tsx';
import { placeSubtitle } from '../places.presenter.ts';
import type { PlaceSearchResult } from '../places.search.service.ts';
import { PER_PAGE, type PlaceSearch, searchHref } from '../places.search-params.ts';
import { FacetFilters, PlacesEmpty, placeChips, SearchBox } from './place-list.view.tsx';

export interface MapSettings {
  tileUrl: string;
  tileAttribution: string;
}

/** Query string of the current filters, passed to the map island for its bbox requests. */
function filterQuery(search: PlaceSearch): string {
  const href = searchHref('', { ...search, page: 1 });
  return href.startsWith('?') ? href.slice(1) : '';
}

/** The map's first view: around the commune searched, at a zoom that shows the distance. */
function centreOf(result: PlaceSearchResult): string | undefined {
  const loc = result.location;
  if (!loc || loc.lat === undefined || loc.lng === undefined) {
    return undefined;
  }
  const zoom =
    loc.kind !== 'commune' ? 8 : loc.km <= 5 ? 12 : loc.km <= 10 ? 11 : loc.km <= 30 ? 9 : loc.km <= 50 ? 8 : loc.km <= 100 ? 7 : 6;
  return `${loc.lat},${loc.lng},${zoom}`;
}

/**
 * /carte: the interactive map (an island: clusters fetched for the visible area) next to a
 * list of the same places that works without JavaScript and without map tiles.
 */
export function PlaceMapPage({
  search,
  result,
  map,
  near,
}: {
  search: PlaceSearch;
  result: PlaceSearchResult;
  map: MapSettings;
  near: string;
}) {
  const { t, locale } = useView();
  const pages = Math.max(1, Math.ceil(result.total / PER_PAGE));
  const chips = placeChips('/carte', search, result, locale, t);
  return (
    <Layout title={t('places.map.title')} description={t('places.map.lead')} withMap>
      <h1>{t('places.map.title')}</h1>
      <form method="get" action="/carte" class="map-filters">
        <SearchBox search={search} label={t('places.searchLabel')} near={near} id="recherche-carte" />
        <FilterPanel active={chips.length - (result.location ? 1 : 0)}>
          <FacetFilters search={search} facets={result.facets} />
        </FilterPanel>
      </form>
      <ActiveFilters chips={chips} clearHref="/carte" />
      {result.partial && <p class="notice">{t('search.partial')}</p>}
      <div class="map-layout">
        <section
          id="carte"
          class="map map-large"
          data-map="clusters"
          data-query={filterQuery(search)}
          data-center={centreOf(result)}
          data-tiles={map.tileUrl}
          data-attribution={map.tileAttribution}
          data-label={t('places.map.label')}
          data-cluster-label={t('places.map.clusterLabel')}
          aria-label={t('places.map.label')}
        >
          <p class="map-fallback">{t('places.map.fallback')}</p>
        </section>
        <section class="map-list" aria-labelledby="liste-carte">
          {result.cards.length > 0 ? (
            <>
              <h2 id="liste-carte">{t('places.map.listTitle', { count: result.total })}</h2>
              <ol class="compact-list" start={(search.page - 1) * PER_PAGE + 1}>
                {result.cards.map((card) => (
                  <li>
                    <a href={`/lieux/${card.slug}`}>{card.name}</a>
                    <span class="subtitle">
                      {placeSubtitle({ kinds: card.kinds, commune: card.commune, departmentCode: card.department_code }, locale)}
                      {card.distance !== null && ` · ${t('search.distance', { km: formatKm(locale, card.distance) })}`}
                    </span>
                  </li>
                ))}
              </ol>
              <Pagination page={search.page} pages={pages} href={(page) => searchHref('/carte', search, { page })} />
            </>
          ) : (
            <>
              <h2 id="liste-carte" class="visually-hidden">
                {t('places.map.listTitle', { count: 0 })}
              </h2>
              <PlacesEmpty base="/carte" search={search} result={result} />
            </>
          )}
        </section>
      </div>
    </Layout>
  );
}
