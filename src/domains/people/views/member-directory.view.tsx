import { formatNumber } from '../../../lib/i18n.ts';
import { useView } from '../../../views/context.ts';
import { Facets } from '../../../views/facets.tsx';
import { Layout } from '../../../views/layout.tsx';
import { Pagination } from '../../../views/pagination.tsx';
import { getRegion } from '../../geo/territories.ts';
import { label } from '../../places/places.vocabulary.ts';
import type { MemberSearch } from '../people.repo.ts';
import type { MemberSearchResult } from '../people.service.ts';
import { NETWORK_ROLES, OPEN_TO } from '../people.vocabulary.ts';

export const DISTANCES = ['10', '25', '50', '100', '200'] as const;

export interface DirectoryQuery {
  search: MemberSearch;
  nearText: string;
  km: string;
  nearError?: string;
  skillNames: Record<string, string>;
}

/** The query string for a page of the same search. */
export function directoryHref(query: DirectoryQuery, page: number): string {
  const params = new URLSearchParams();
  if (query.search.q) {
    params.set('q', query.search.q);
  }
  for (const [facet, values] of Object.entries(query.search.filters)) {
    for (const v of values) {
      params.append(facet, v);
    }
  }
  if (query.nearText) {
    params.set('pres', query.nearText);
    params.set('km', query.km);
  }
  if (query.search.transmit) {
    params.set('transmet', '1');
  }
  if (page > 1) {
    params.set('page', String(page));
  }
  return `/membres${params.size > 0 ? `?${params}` : ''}`;
}

export function MemberDirectoryPage({ query, result, perPage }: { query: DirectoryQuery; result: MemberSearchResult; perPage: number }) {
  const { t, locale, viewer } = useView();
  const f = query.search.filters;
  const groups = [
    {
      name: 'role',
      legend: t('people.facet.role'),
      open: true,
      options: result.facets.role.map((o) => ({ ...o, label: label(NETWORK_ROLES, o.value, locale), checked: f.role.includes(o.value) })),
    },
    {
      name: 'skill',
      legend: t('people.facet.skill'),
      open: true,
      options: result.facets.skill
        .slice(0, 15)
        .map((o) => ({ ...o, label: query.skillNames[o.value] ?? o.value, checked: f.skill.includes(o.value) })),
    },
    {
      name: 'region',
      legend: t('people.facet.region'),
      options: result.facets.region.map((o) => ({ ...o, label: getRegion(o.value)?.name ?? o.value, checked: f.region.includes(o.value) })),
    },
    {
      name: 'openTo',
      legend: t('people.facet.openTo'),
      options: result.facets.openTo.map((o) => ({ ...o, label: label(OPEN_TO, o.value, locale), checked: f.openTo.includes(o.value) })),
    },
  ];
  const pages = Math.max(1, Math.ceil(result.total / perPage));
  return (
    <Layout title={t('people.directory.title')} description={t('people.directory.lead')}>
      <h1>{t('people.directory.title')}</h1>
      <p class="lead">{t('people.directory.lead')}</p>
      {!viewer && <p class="notice notice-info">{t('people.directory.visitorNote')}</p>}
      <form method="get" action="/membres" class="search-layout">
        <div class="search-main">
          <search class="search-box">
            <label for="recherche-membres">{t('people.directory.searchLabel')}</label>
            <div class="search-row">
              <input
                type="search"
                id="recherche-membres"
                name="q"
                value={query.search.q}
                placeholder={t('people.directory.placeholder')}
                maxlength={200}
              />
              <button type="submit" class="button">
                {t('places.searchSubmit')}
              </button>
            </div>
          </search>
          <fieldset class="near">
            <legend>{t('people.near.legend')}</legend>
            <div class="field-row">
              <div class={`field${query.nearError ? ' field-invalid' : ''}`}>
                <label for="champ-pres">{t('people.near.commune')}</label>
                {query.nearError && (
                  <p class="field-error" id="champ-pres-erreur">
                    {query.nearError}
                  </p>
                )}
                <input
                  type="text"
                  id="champ-pres"
                  name="pres"
                  value={query.nearText}
                  placeholder={t('people.near.placeholder')}
                  aria-invalid={query.nearError ? 'true' : undefined}
                  aria-describedby={query.nearError ? 'champ-pres-erreur' : undefined}
                />
              </div>
              <div class="field">
                <label for="champ-km">{t('people.near.distance')}</label>
                <select id="champ-km" name="km">
                  {DISTANCES.map((d) => (
                    <option value={d} selected={d === query.km}>
                      {t('people.near.km', { km: Number(d) })}
                    </option>
                  ))}
                </select>
              </div>
            </div>
          </fieldset>
          <p class="check transmit">
            <label>
              <input type="checkbox" name="transmet" value="1" checked={query.search.transmit === true} /> {t('people.directory.transmit')}
            </label>
          </p>
          <p class="result-count" role="status">
            {t('people.directory.count', { count: result.total })}
          </p>
          <ul class="member-list">
            {result.cards.map((m) => (
              <li class="member-card">
                {m.photoVersion && (
                  <img
                    src={`/membres/${m.slug}/photo?v=${m.photoVersion}`}
                    alt=""
                    width={48}
                    height={48}
                    class="avatar avatar-small"
                    loading="lazy"
                  />
                )}
                <h2>
                  <a href={`/membres/${m.slug}`}>{m.displayName}</a>
                </h2>
                {m.networkRoles && m.networkRoles.length > 0 && (
                  <p class="subtitle">{m.networkRoles.map((r) => label(NETWORK_ROLES, r, locale)).join(', ')}</p>
                )}
                {m.communeName && (
                  <p class="muted">
                    {m.communeName}
                    {m.departmentCode && ` (${m.departmentCode})`}
                    {m.distanceKm !== null && ` · ${t('people.near.at', { km: formatNumber(locale, m.distanceKm) })}`}
                  </p>
                )}
                {m.skills && m.skills.length > 0 && (
                  <ul class="tags">
                    {m.skills.slice(0, 6).map((s) => (
                      <li>
                        {s.name} <span class="visually-hidden">({t(`skills.level.${s.level}`)})</span>
                        {s.level === 3 && <span aria-hidden="true"> ★</span>}
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ul>
          <Pagination page={query.search.page} pages={pages} href={(p) => directoryHref(query, p)} />
        </div>
        <aside class="search-filters" aria-labelledby="filtres-membres">
          <h2 id="filtres-membres">{t('places.list.filters')}</h2>
          <Facets groups={groups} />
          <button type="submit" class="button button-secondary">
            {t('places.list.applyFilters')}
          </button>
          <p class="hint">{t('people.directory.starHint')}</p>
        </aside>
      </form>
    </Layout>
  );
}
