import { raw } from 'hono/html';
import { licenceName } from '../../../lib/licences.ts';
import { useView } from '../../../views/context.ts';
import { type FacetGroup, Facets } from '../../../views/facets.tsx';
import { Icon, type IconName } from '../../../views/icons.tsx';
import { Layout } from '../../../views/layout.tsx';
import { Pagination } from '../../../views/pagination.tsx';
import { ActiveFilters, type Chip, EmptyState, FilterPanel } from '../../../views/search-ui.tsx';
import { DISCIPLINES, LEVELS, LICENCES } from '../../documents/documents.content.ts';
import { locationLabel } from '../../geo/locate.ts';
import { getRegion } from '../../geo/territories.ts';
import { label } from '../../places/places.vocabulary.ts';
import { familyLabel } from '../../skills/skills.service.ts';
import type { GlobalSearchResult, SearchResult } from '../global-search.service.ts';
import {
  FACET_FILTER,
  type GlobalSearch,
  globalSearchHref,
  isSelected,
  PER_PAGE,
  SEARCH_FACETS,
  type SearchFacet,
} from '../search.params.ts';
import { RESULT_TYPES } from '../search.repo.ts';

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The snippet escaped first, then the matched words (between U+E000 and U+E001) marked. */
export function markSnippet(snippet: string): string {
  return escapeHtml(snippet.replace(/\s+/g, ' ').trim())
    .replace(/\uE000/g, '<mark>')
    .replace(/\uE001/g, '</mark>');
}

function facetValueLabel(facet: SearchFacet, value: string, locale: 'fr' | 'en', t: ReturnType<typeof useView>['t']): string {
  switch (facet) {
    case 'type':
      return t(`search.type.${value}`);
    case 'level':
      return label(LEVELS, value, locale);
    case 'discipline':
      return label(DISCIPLINES, value, locale);
    case 'region':
      return getRegion(value)?.name ?? value;
    case 'licence':
      return LICENCES.find((l) => l.id === value)?.label ?? licenceName(value, locale);
  }
}

/** The facets of this search, for the shared facet checkboxes (types in their fixed order, others by count). */
function facetGroups(
  search: GlobalSearch,
  facets: GlobalSearchResult['facets'],
  t: ReturnType<typeof useView>['t'],
  locale: 'fr' | 'en',
): FacetGroup[] {
  return SEARCH_FACETS.map((facet) => {
    const counts = facets[facet];
    const values =
      facet === 'type'
        ? RESULT_TYPES.filter((v) => v in counts || isSelected(search, facet, v))
        : Object.keys(counts).sort((a, b) => (counts[b] ?? 0) - (counts[a] ?? 0));
    return {
      name: facet,
      legend: t(`search.facet.${facet}`),
      open: true,
      options: values.slice(0, 15).map((value) => ({
        value,
        label: facetValueLabel(facet, value, locale, t),
        count: counts[value] ?? 0,
        checked: isSelected(search, facet, value),
      })),
    };
  });
}

/** The line above a result's title: its type, and where it is or what it is under. */
function metaOf(item: SearchResult, locale: 'fr' | 'en'): string | null {
  if (!item.meta) {
    return null;
  }
  if (item.type === 'skill') {
    return familyLabel(item.meta, locale);
  }
  if (item.type === 'project' || item.type === 'guide') {
    return LICENCES.find((l) => l.id === item.meta)?.label ?? item.meta;
  }
  if (item.type === 'tool') {
    return licenceName(item.meta, locale);
  }
  return item.meta;
}

const TYPE_ICONS: Record<SearchResult['type'], IconName> = {
  project: 'bulb',
  guide: 'book',
  place: 'building-community',
  event: 'calendar',
  service: 'heart-handshake',
  tool: 'tools',
  skill: 'star',
  community: 'users-group',
  publication: 'speakerphone',
  member: 'user',
};

function ResultItem({ item }: { item: SearchResult }) {
  const { t, locale } = useView();
  const meta = metaOf(item, locale);
  return (
    <li class={`search-result search-result-${item.type}`}>
      <span class="result-icon" aria-hidden="true">
        <Icon name={TYPE_ICONS[item.type]} />
      </span>
      <div>
        <p class="result-type">
          {t(`search.type.${item.type}`)}
          {meta && ` · ${meta}`}
        </p>
        <h3>
          <a href={item.url}>{item.title}</a>
        </h3>
        {item.snippet && <p class="snippet">{raw(markSnippet(item.snippet))}</p>}
      </div>
    </li>
  );
}

/** The search box of /recherche: a plain GET form; the island adds suggestions as one types. */
export function GlobalSearchBox({ q, id = 'recherche-globale' }: { q: string; id?: string }) {
  const { t } = useView();
  return (
    <search class="search-box">
      <label for={id}>{t('search.label')}</label>
      <div class="search-row">
        <input
          type="search"
          id={id}
          name="q"
          value={q}
          placeholder={t('search.placeholder')}
          maxlength={200}
          autocomplete="off"
          list={`${id}-suggestions`}
          data-suggest="/api/v1/search/suggestions"
        />
        <datalist id={`${id}-suggestions`} />
        <button type="submit" class="button">
          <Icon name="search" />
          {t('search.submit')}
        </button>
      </div>
    </search>
  );
}

export function SearchPage({ search, result }: { search: GlobalSearch; result: GlobalSearchResult }) {
  const { t, locale, viewer } = useView();
  const pages = Math.min(50, Math.max(1, Math.ceil(result.total / PER_PAGE)));
  const chips: Chip[] = SEARCH_FACETS.flatMap((facet) =>
    (search.filters[FACET_FILTER[facet]] as string[]).map((value) => ({
      label: facetValueLabel(facet, value, locale, t),
      href: globalSearchHref(search, { facet, value }),
    })),
  );
  const loc = result.location;
  return (
    <Layout title={search.q ? t('search.titleFor', { q: search.q }) : t('search.title')} description={t('search.lead')} withSuggest>
      <div class="page-head">
        <h1>{t('search.title')}</h1>
        <p class="lead">{t('search.lead')}</p>
      </div>
      <form method="get" action="/recherche" class="search-layout">
        <div class="search-top">
          <GlobalSearchBox q={search.q} />
          <ActiveFilters chips={chips} clearHref={`/recherche?q=${encodeURIComponent(search.q)}`} />
        </div>
        {search.q && result.total + Object.keys(result.facets.type).length > 0 && (
          <aside class="search-filters" aria-label={t('places.list.filters')}>
            <FilterPanel active={chips.length}>
              <Facets groups={facetGroups(search, result.facets, t, locale)} />
            </FilterPanel>
          </aside>
        )}
        <div class="search-main">
          {loc && (
            <p class="notice">
              <Icon name="map-pin" />{' '}
              {loc.kind === 'commune'
                ? t('search.locatedAt', { place: locationLabel(loc) })
                : t('search.locatedIn', { place: locationLabel(loc) })}{' '}
              <a href={`/lieux?q=${encodeURIComponent(search.q)}`}>{t('search.placesOnly')}</a>
            </p>
          )}
          {result.partial && <p class="notice">{t('search.partial')}</p>}
          {search.q && result.items.length > 0 && (
            <p class="result-count" role="status">
              {result.capped ? t('search.countCapped', { count: result.total }) : t('search.count', { count: result.total })}
            </p>
          )}
          {search.q && result.items.length === 0 && (
            <EmptyState
              title={t('search.count', { count: 0 })}
              reason={chips.length > 0 ? t('places.list.noneFilters') : t('search.none')}
              steps={[
                ...(chips.length > 0
                  ? [{ href: `/recherche?q=${encodeURIComponent(search.q)}`, label: t('search.dropFilters'), primary: true }]
                  : []),
                { href: viewer ? '/appels/nouveau' : '/inscription', label: t('search.askNetwork') },
                { href: '/projets', label: t('search.browseProjects') },
              ]}
            />
          )}
          {result.items.length > 0 && (
            <ol class="search-results" start={(search.page - 1) * PER_PAGE + 1}>
              {result.items.map((item) => (
                <ResultItem item={item} />
              ))}
            </ol>
          )}
          <Pagination page={search.page} pages={pages} href={(page) => globalSearchHref(search, { page })} />
        </div>
      </form>
    </Layout>
  );
}
