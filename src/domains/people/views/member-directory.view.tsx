import { ofName } from '../../../lib/french.ts';
import { formatKm } from '../../../lib/i18n.ts';
import { useView } from '../../../views/context.ts';
import { Facets } from '../../../views/facets.tsx';
import { Icon } from '../../../views/icons.tsx';
import { Layout } from '../../../views/layout.tsx';
import { Pagination } from '../../../views/pagination.tsx';
import { ActiveFilters, type Chip, EmptyState, FilterPanel, NearFields, type NextStep } from '../../../views/search-ui.tsx';
import { getRegion } from '../../geo/territories.ts';
import { label } from '../../places/places.vocabulary.ts';
import type { MemberCardRow, MemberSearch } from '../people.repo.ts';
import type { MemberSearchResult } from '../people.service.ts';
import { NETWORK_ROLES, OPEN_TO } from '../people.vocabulary.ts';

export const DISTANCES = ['10', '25', '50', '100', '200'] as const;

export interface DirectoryQuery {
  search: MemberSearch;
  /** The "près de" of the query string (empty when none). */
  nearText: string;
  /** What the "près de" field shows: the query's, or on a first visit the member's own commune. */
  nearField: string;
  km: string;
  nearError?: string;
  skillNames: Record<string, string>;
  /** A town named in the words ("découpe laser Vitré"): the search is around it. */
  located?: { name: string; label: string; rest: string };
}

/** The query string for a page of the same search, or with one thing changed. */
export function directoryHref(
  query: DirectoryQuery,
  page: number,
  change: { q?: string; near?: null | { text: string; km: string }; transmit?: boolean; facet?: string; value?: string } = {},
): string {
  const params = new URLSearchParams();
  const q = change.q ?? query.search.q;
  if (q) {
    params.set('q', q);
  }
  for (const [facet, values] of Object.entries(query.search.filters)) {
    for (const v of values) {
      if (!(change.facet === facet && change.value === v)) {
        params.append(facet, v);
      }
    }
  }
  const near =
    'near' in change
      ? change.near
      : query.located
        ? { text: query.located.name, km: query.km }
        : query.nearText
          ? { text: query.nearText, km: query.km }
          : null;
  if (near) {
    params.set('pres', near.text);
    params.set('km', near.km);
  }
  if (change.transmit ?? query.search.transmit) {
    params.set('transmet', '1');
  }
  if (page > 1) {
    params.set('page', String(page));
  }
  return `/membres${params.size > 0 ? `?${params}` : ''}`;
}

/** A portrait when its owner shows it, else their initials. */
function Avatar({ member }: { member: MemberCardRow }) {
  if (member.photoVersion) {
    return (
      <img src={`/membres/${member.slug}/photo?v=${member.photoVersion}`} alt="" width={56} height={56} class="avatar" loading="lazy" />
    );
  }
  const initials = member.displayName
    .split(/\s+/)
    .map((w) => w.charAt(0))
    .slice(0, 2)
    .join('')
    .toUpperCase();
  return (
    <span class={`avatar avatar-initials avatar-tone-${member.displayName.length % 5}`} aria-hidden="true">
      {initials}
    </span>
  );
}

export function MemberCard({ m }: { m: MemberCardRow }) {
  const { t, locale } = useView();
  return (
    <li class="member-card">
      <Avatar member={m} />
      <div class="member-card-body">
        <h2>
          <a href={`/membres/${m.slug}`}>{m.displayName}</a>
        </h2>
        {m.networkRoles && m.networkRoles.length > 0 && (
          <p class="subtitle">{m.networkRoles.map((r) => label(NETWORK_ROLES, r, locale)).join(', ')}</p>
        )}
        {m.communeName && (
          <p class="muted">
            <Icon name="map-pin" /> {m.communeName}
            {m.departmentCode && ` (${m.departmentCode})`}
            {m.distanceKm !== null && (
              <strong class="distance">{` · ${t('search.distance', { km: formatKm(locale, m.distanceKm) })}`}</strong>
            )}
          </p>
        )}
        {m.skills && m.skills.length > 0 && (
          <ul class="tags">
            {m.skills.slice(0, 6).map((s) => (
              <li class={s.level === 3 ? 'tag-strong' : undefined}>
                {s.name} <span class="visually-hidden">({t(`skills.level.${s.level}`)})</span>
                {s.level === 3 && <span aria-hidden="true"> ★</span>}
              </li>
            ))}
          </ul>
        )}
      </div>
    </li>
  );
}

/** Nobody here: say so, show who matches farther away, and offer to widen, drop a filter or post a call. */
function DirectoryEmpty({ query, result }: { query: DirectoryQuery; result: MemberSearchResult }) {
  const { t, viewer, locale } = useView();
  const place = query.located?.name ?? query.nearText;
  const steps: NextStep[] = [];
  if (place && Number(query.km) < 200) {
    steps.push({
      href: directoryHref(query, 1, { near: { text: place, km: '200' } }),
      label: t('search.widen', { km: 200 }),
      primary: true,
    });
  }
  if (place) {
    steps.push({ href: directoryHref(query, 1, { near: null }), label: t('search.everywhere') });
  }
  if (query.search.transmit) {
    steps.push({ href: directoryHref(query, 1, { transmit: false }), label: t('people.directory.dropTransmit') });
  }
  const callHref = `/appels/nouveau?${new URLSearchParams({
    ...(query.search.q ? { competences: query.search.q } : {}),
    ...(place ? { commune: place } : {}),
  })}`;
  steps.push({ href: viewer ? callHref : `/connexion?next=${encodeURIComponent(callHref)}`, label: t('people.directory.postCall') });
  const what = query.search.q ? `« ${query.search.q} »` : '';
  const reason = place
    ? query.search.transmit
      ? t('people.directory.noneNearTransmit', { km: Number(query.km), place: ofName(locale, place), what })
      : t('people.directory.noneNear', { km: Number(query.km), place: ofName(locale, place) })
    : t('people.directory.noneWords');
  const beyond = result.beyond;
  return (
    <EmptyState title={t('people.directory.count', { count: 0 })} reason={reason} steps={steps}>
      {beyond && beyond.total > 0 && (
        <div class="nearest">
          <h3>
            {query.search.transmit
              ? t('people.directory.beyondTransmit', { count: beyond.total })
              : t('people.directory.beyond', { count: beyond.total })}
          </h3>
          <ul class="member-list">
            {beyond.nearest.map((m) => (
              <MemberCard m={m} />
            ))}
          </ul>
        </div>
      )}
    </EmptyState>
  );
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
  const chips: Chip[] = [];
  const place = query.located?.label ?? (query.search.near ? query.nearText : '');
  if (place) {
    chips.push({
      label: t('search.nearChip', { place, km: Number(query.km) }),
      href: directoryHref(query, 1, { near: null, ...(query.located ? { q: query.located.rest } : {}) }),
    });
  }
  if (query.search.transmit) {
    chips.push({ label: t('people.directory.transmitChip'), href: directoryHref(query, 1, { transmit: false }) });
  }
  for (const g of groups) {
    for (const o of g.options.filter((x) => x.checked)) {
      chips.push({ label: o.label, href: directoryHref(query, 1, { facet: g.name, value: o.value }) });
    }
  }
  const pages = Math.max(1, Math.ceil(result.total / perPage));
  return (
    <Layout title={t('people.directory.title')} description={t('people.directory.lead')}>
      <h1>{t('people.directory.title')}</h1>
      <p class="lead">{t('people.directory.lead')}</p>
      {!viewer && <p class="notice notice-info">{t('people.directory.visitorNote')}</p>}
      <form method="get" action="/membres" class="search-layout">
        <div class="search-top">
          <search class="search-box">
            <div class="search-fields">
              <div class="search-words">
                <label for="recherche-membres">{t('people.directory.searchLabel')}</label>
                <input
                  type="search"
                  id="recherche-membres"
                  name="q"
                  value={query.located ? query.located.rest : query.search.q}
                  placeholder={t('people.directory.placeholder')}
                  maxlength={200}
                />
              </div>
              <div class={query.nearError ? 'field-invalid' : undefined}>
                {query.nearError && (
                  <p class="field-error" id="champ-pres-erreur">
                    {query.nearError}
                  </p>
                )}
                <NearFields
                  near={query.located ? query.located.name : query.nearField}
                  km={Number(query.km)}
                  choices={DISTANCES.map(Number)}
                  id="membres"
                />
              </div>
              <button type="submit" class="button search-submit">
                <Icon name="search" />
                {t('places.searchSubmit')}
              </button>
            </div>
            <p class="check transmit">
              <label>
                <input type="checkbox" name="transmet" value="1" checked={query.search.transmit === true} />{' '}
                {t('people.directory.transmit')}
              </label>
            </p>
          </search>
          <ActiveFilters chips={chips} clearHref="/membres" />
        </div>
        <aside class="search-filters" aria-label={t('places.list.filters')}>
          <FilterPanel active={chips.length - (place ? 1 : 0) - (query.search.transmit ? 1 : 0)}>
            <Facets groups={groups} />
            <p class="hint">{t('people.directory.starHint')}</p>
          </FilterPanel>
        </aside>
        <div class="search-main">
          {result.total > 0 ? (
            <>
              <p class="result-count" role="status">
                {place
                  ? t('people.directory.countNear', {
                      count: result.total,
                      km: Number(query.km),
                      place: ofName(locale, query.located?.name ?? query.nearText),
                    })
                  : t('people.directory.count', { count: result.total })}
              </p>
              <ul class="member-list">
                {result.cards.map((m) => (
                  <MemberCard m={m} />
                ))}
              </ul>
            </>
          ) : (
            <DirectoryEmpty query={query} result={result} />
          )}
          <Pagination page={query.search.page} pages={pages} href={(p) => directoryHref(query, p)} />
        </div>
      </form>
    </Layout>
  );
}
