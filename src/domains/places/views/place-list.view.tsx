import { ofName } from '../../../lib/french.ts';
import { formatKm, formatNumber, type Translate } from '../../../lib/i18n.ts';
import { thumbKeyOf } from '../../../lib/images.ts';
import { useView } from '../../../views/context.ts';
import { Icon } from '../../../views/icons.tsx';
import { placeIllustration } from '../../../views/illustration.ts';
import { Layout } from '../../../views/layout.tsx';
import { Pagination } from '../../../views/pagination.tsx';
import { ActiveFilters, type Chip, EmptyState, FilterPanel, NearFields, type NextStep } from '../../../views/search-ui.tsx';
import { locationLabel } from '../../geo/locate.ts';
import { getDepartment, getRegion } from '../../geo/territories.ts';
import { placeSubtitle } from '../places.presenter.ts';
import type { PlaceCardRow } from '../places.repo.ts';
import type { PlaceSearchResult } from '../places.search.service.ts';
import {
  DEFAULT_KM,
  FACETS,
  type Facet,
  hasRadius,
  NEAR_KM,
  noFilters,
  PER_PAGE,
  type PlaceSearch,
  searchHref,
} from '../places.search-params.ts';
import { AUDIENCES, EQUIPMENT, label, PLACE_KINDS } from '../places.vocabulary.ts';

/** How a facet value reads: vocabulary label, or territory name. */
export function facetLabel(facet: Facet, value: string, locale: 'fr' | 'en'): string {
  switch (facet) {
    case 'kind':
      return label(PLACE_KINDS, value, locale);
    case 'equipment':
      return label(EQUIPMENT, value, locale);
    case 'audience':
      return label(AUDIENCES, value, locale);
    case 'region':
      return getRegion(value)?.name ?? value;
    case 'department': {
      const d = getDepartment(value);
      return d ? `${d.name} (${d.code})` : value;
    }
  }
}

const FACET_SHOWN = 12;

/** The facet checkboxes, inside the search form (a plain GET form: works without JavaScript). */
export function FacetFilters({ search, facets }: { search: PlaceSearch; facets: PlaceSearchResult['facets'] }) {
  const { t, locale } = useView();
  return (
    <div class="facets">
      {FACETS.map((facet) => {
        const selected = new Set(search.filters[facet]);
        const counts = new Map(facets[facet].map((f) => [f.value, f.count]));
        const values = [...new Set([...search.filters[facet], ...facets[facet].map((f) => f.value)])].slice(
          0,
          Math.max(FACET_SHOWN, search.filters[facet].length),
        );
        if (values.length === 0) {
          return null;
        }
        return (
          <details open={selected.size > 0 || facet === 'kind' || facet === 'region'} class="facet">
            <summary>
              {t(`places.facet.${facet}`)}
              {selected.size > 0 && <span class="badge">{selected.size}</span>}
            </summary>
            <fieldset>
              <legend class="visually-hidden">{t(`places.facet.${facet}`)}</legend>
              <ul>
                {values.map((value) => (
                  <li>
                    <label class="check">
                      <input type="checkbox" name={facet} value={value} checked={selected.has(value)} /> {facetLabel(facet, value, locale)}{' '}
                      <span class="count">{formatNumber(locale, counts.get(value) ?? 0)}</span>
                    </label>
                  </li>
                ))}
              </ul>
            </fieldset>
          </details>
        );
      })}
    </div>
  );
}

/** A place in a list: its photo (or a drawing of its kind), name, kinds and town, how far, a few words. */
export function PlaceCard({ card, headingLevel = 3 }: { card: PlaceCardRow; headingLevel?: 2 | 3 }) {
  const { t, locale } = useView();
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <li class="place-card">
      <img
        src={card.thumb_key ? `/uploads/${thumbKeyOf(card.thumb_key)}` : placeIllustration(card.slug, card.kinds)}
        alt=""
        width={160}
        height={120}
        loading="lazy"
        decoding="async"
      />
      <div class="place-card-body">
        <Heading>
          <a href={`/lieux/${card.slug}`}>{card.name}</a>
        </Heading>
        <p class="subtitle">
          {placeSubtitle({ kinds: card.kinds, commune: card.commune, departmentCode: card.department_code }, locale)}
          {card.distance !== null && card.distance !== undefined && (
            <span class="distance">
              {' · '}
              {t('search.distance', { km: formatKm(locale, card.distance) })}
            </span>
          )}
        </p>
        {card.excerpt && <p class="excerpt">{card.excerpt}</p>}
      </div>
    </li>
  );
}

export function SearchBox({
  search,
  label: text,
  near,
  id = 'recherche-lieux',
}: {
  search: PlaceSearch;
  label: string;
  near: string;
  id?: string;
}) {
  const { t } = useView();
  return (
    <search class="search-box">
      <div class="search-fields">
        <div class="search-words">
          <label for={id}>{text}</label>
          <input type="search" id={id} name="q" value={search.q} placeholder={t('places.searchPlaceholder')} maxlength={200} />
        </div>
        <NearFields near={near} km={search.near?.km ?? DEFAULT_KM} choices={NEAR_KM} id={id} />
        <button type="submit" class="button search-submit">
          <Icon name="search" />
          {t('places.searchSubmit')}
        </button>
      </div>
    </search>
  );
}

export function ResultList({ cards }: { cards: PlaceCardRow[] }) {
  return (
    <ul class="place-list">
      {cards.map((card) => (
        <PlaceCard card={card} />
      ))}
    </ul>
  );
}

/** The same search anywhere: the "près de" field cleared, or the place's words taken out of the query. */
function withoutLocation(base: string, search: PlaceSearch, result: PlaceSearchResult): string {
  return result.location?.fromQuery ? searchHref(base, search, { q: result.words }) : searchHref(base, search, { near: null });
}

/** The chips of a place search: where (removable), then each facet value. */
export function placeChips(base: string, search: PlaceSearch, result: PlaceSearchResult, locale: 'fr' | 'en', t: Translate): Chip[] {
  const chips: Chip[] = [];
  if (result.location) {
    const where = locationLabel(result.location);
    chips.push({
      label: hasRadius(result.location.kind)
        ? t('search.nearChip', { place: where, km: result.location.km })
        : t('search.inChip', { place: where }),
      href: withoutLocation(base, search, result),
    });
  }
  for (const facet of FACETS) {
    for (const value of search.filters[facet]) {
      chips.push({ label: facetLabel(facet, value, locale), href: searchHref(base, search, { facet, value }) });
    }
  }
  return chips;
}

/** What the count line says: how many, and where. */
function CountLine({ result }: { result: PlaceSearchResult }) {
  const { t, locale } = useView();
  const loc = result.location;
  return (
    <p class="result-count" role="status">
      {loc
        ? loc.kind === 'commune'
          ? t('places.list.countNear', { count: result.total, km: loc.km, place: ofName(locale, loc.name) })
          : t('places.list.countIn', { count: result.total, place: locationLabel(loc) })
        : t('places.list.count', { count: result.total })}
    </p>
  );
}

/** Nothing found: why, the nearest places beyond the distance, and what to try next. */
export function PlacesEmpty({ base, search, result }: { base: string; search: PlaceSearch; result: PlaceSearchResult }) {
  const { t, viewer, locale } = useView();
  const loc = result.location;
  const steps: NextStep[] = [];
  if (loc?.kind === 'commune' && loc.km < 200) {
    const wider = NEAR_KM.find((k) => k > loc.km && k >= 100) ?? 200;
    steps.push({
      href: searchHref(base, search, { near: { text: loc.name, km: wider } }),
      label: t('search.widen', { km: wider }),
      primary: true,
    });
  }
  const anyFilter = FACETS.some((f) => search.filters[f].length > 0);
  if (anyFilter) {
    steps.push({
      href: searchHref(base, { ...search, filters: noFilters() }),
      label: t('search.dropFilters'),
    });
  }
  if (loc && search.q) {
    steps.push({
      href: withoutLocation(base, search, result),
      label: t('search.everywhere'),
    });
  }
  steps.push({ href: viewer ? '/lieux/nouveau' : '/inscription', label: t('places.list.proposePlace') });
  const reason = result.nearUnknown
    ? t('search.nearUnknown', { place: search.near?.text ?? '' })
    : loc?.kind === 'commune'
      ? t('places.list.noneNear', { km: loc.km, place: ofName(locale, loc.name) })
      : anyFilter
        ? t('places.list.noneFilters')
        : t('places.list.noneWords');
  return (
    <EmptyState title={t('places.list.count', { count: 0 })} reason={reason} steps={steps}>
      {result.nearest.length > 0 && (
        <div class="nearest">
          <h3>{t('places.list.nearestBeyond', { count: result.nearest.length })}</h3>
          <ResultList cards={result.nearest} />
        </div>
      )}
    </EmptyState>
  );
}

export function PlaceListPage({ search, result, near }: { search: PlaceSearch; result: PlaceSearchResult; near: string }) {
  const { t, viewer, locale } = useView();
  const pages = Math.max(1, Math.ceil(result.total / PER_PAGE));
  const chips = placeChips('/lieux', search, result, locale, t);
  return (
    <Layout title={search.q ? t('places.list.titleSearch', { q: search.q }) : t('places.list.title')} description={t('places.list.lead')}>
      <div class="page-head">
        <h1>{t('places.list.title')}</h1>
        <p class="lead">{t('places.list.lead')}</p>
        <p class="actions">
          <a href={searchHref('/carte', search)} class="button button-secondary">
            <Icon name="map" />
            {t('places.list.seeMap')}
          </a>
          {viewer && (
            <a href="/lieux/nouveau" class="button">
              <Icon name="plus" />
              {t('places.new.title')}
            </a>
          )}
        </p>
      </div>
      <form method="get" action="/lieux" class="search-layout">
        <div class="search-top">
          <SearchBox search={search} label={t('places.searchLabel')} near={near} />
          <ActiveFilters chips={chips} clearHref="/lieux" />
        </div>
        <aside class="search-filters" aria-label={t('places.list.filters')}>
          <FilterPanel active={chips.length - (result.location ? 1 : 0)}>
            <FacetFilters search={search} facets={result.facets} />
          </FilterPanel>
        </aside>
        <div class="search-main">
          {result.partial && <p class="notice">{t('search.partial')}</p>}
          {result.cards.length > 0 ? (
            <>
              <CountLine result={result} />
              <ResultList cards={result.cards} />
            </>
          ) : (
            <PlacesEmpty base="/lieux" search={search} result={result} />
          )}
          <Pagination page={search.page} pages={pages} href={(page) => searchHref('/lieux', search, { page })} />
        </div>
      </form>
    </Layout>
  );
}
