import { formatNumber } from '../../../lib/i18n.ts';
import { useView } from '../../../views/context.ts';
import { Layout } from '../../../views/layout.tsx';
import { Pagination } from '../../../views/pagination.tsx';
import { getDepartment, getRegion } from '../../geo/territories.ts';
import { placeSubtitle } from '../places.presenter.ts';
import type { PlaceCardRow } from '../places.repo.ts';
import type { PlaceSearchResult } from '../places.search.service.ts';
import { FACETS, type Facet, PER_PAGE, type PlaceSearch, searchHref } from '../places.search-params.ts';
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

function PlaceCard({ card }: { card: PlaceCardRow }) {
  const { locale } = useView();
  return (
    <li class="place-card">
      {card.thumb_key && (
        <img
          src={`/uploads/${card.thumb_key.replace(/\.webp$/, '-thumb.webp')}`}
          alt=""
          width={160}
          height={120}
          loading="lazy"
          decoding="async"
        />
      )}
      <div>
        <h3>
          <a href={`/lieux/${card.slug}`}>{card.name}</a>
        </h3>
        <p class="subtitle">{placeSubtitle({ kinds: card.kinds, commune: card.commune, departmentCode: card.department_code }, locale)}</p>
        {card.excerpt && <p class="excerpt">{card.excerpt}</p>}
      </div>
    </li>
  );
}

export function SearchBox({ search, label: text }: { search: PlaceSearch; label: string }) {
  const { t } = useView();
  return (
    <search class="search-box">
      <label for="recherche-lieux">{text}</label>
      <div class="search-row">
        <input type="search" id="recherche-lieux" name="q" value={search.q} placeholder={t('places.searchPlaceholder')} maxlength={200} />
        <button type="submit" class="button">
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

export function PlaceListPage({ search, result }: { search: PlaceSearch; result: PlaceSearchResult }) {
  const { t, viewer } = useView();
  const pages = Math.max(1, Math.ceil(result.total / PER_PAGE));
  const hasFilters = FACETS.some((f) => search.filters[f].length > 0);
  return (
    <Layout title={search.q ? t('places.list.titleSearch', { q: search.q }) : t('places.list.title')} description={t('places.list.lead')}>
      <div class="page-head">
        <h1>{t('places.list.title')}</h1>
        <p class="lead">{t('places.list.lead')}</p>
        <p class="actions">
          <a href="/carte" class="button button-secondary">
            {t('places.list.seeMap')}
          </a>{' '}
          {viewer && (
            <a href="/lieux/nouveau" class="button">
              {t('places.new.title')}
            </a>
          )}
        </p>
      </div>
      <form method="get" action="/lieux" class="search-layout">
        <div class="search-main">
          <SearchBox search={search} label={t('places.searchLabel')} />
          <p class="result-count" role="status">
            {t('places.list.count', { count: result.total })}
            {hasFilters && (
              <>
                {' '}
                <a href={search.q ? `/lieux?q=${encodeURIComponent(search.q)}` : '/lieux'}>{t('places.list.clearFilters')}</a>
              </>
            )}
          </p>
          {result.cards.length > 0 ? <ResultList cards={result.cards} /> : <p class="empty">{t('places.list.none')}</p>}
          <Pagination page={search.page} pages={pages} href={(page) => searchHref('/lieux', search, { page })} />
        </div>
        <aside class="search-filters" aria-labelledby="filtres-titre">
          <h2 id="filtres-titre">{t('places.list.filters')}</h2>
          <FacetFilters search={search} facets={result.facets} />
          <button type="submit" class="button button-secondary">
            {t('places.list.applyFilters')}
          </button>
        </aside>
      </form>
    </Layout>
  );
}
