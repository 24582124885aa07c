import { useView } from '../../../views/context.ts';
import { Icon } from '../../../views/icons.tsx';
import { Layout } from '../../../views/layout.tsx';
import { Pagination } from '../../../views/pagination.tsx';
import { ActiveFilters, type Chip, EmptyState, FilterPanel } from '../../../views/search-ui.tsx';
import { label, type Vocabulary } from '../../places/places.vocabulary.ts';
import { DISCIPLINES, LEVELS, PROJECT_STATUSES } from '../documents.content.ts';
import type { DocumentCard } from '../documents.repo.ts';
import type { DocumentKind } from '../documents.schema.ts';
import { listPathOf } from '../documents.service.ts';
import { DocumentCardList } from './document-page.view.tsx';

interface Filters {
  q: string;
  level?: string;
  discipline?: string;
  status?: string;
}

function FilterSelect(p: { name: string; label: string; value?: string; options: Vocabulary }) {
  const { t, locale } = useView();
  return (
    <div class="field">
      <label for={`filtre-${p.name}`}>{p.label}</label>
      <select id={`filtre-${p.name}`} name={p.name}>
        <option value="">{t('documents.list.any')}</option>
        {Object.keys(p.options).map((code) => (
          <option value={code} selected={p.value === code}>
            {label(p.options, code, locale)}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Projects or guides: search words and filters in a plain GET form, results as cards. */
export function DocumentListPage(p: {
  kind: DocumentKind;
  result: { total: number; items: DocumentCard[] };
  filters: Filters;
  page: number;
  pageSize: number;
}) {
  const { t, viewer, locale } = useView();
  const base = listPathOf(p.kind);
  const title = t(p.kind === 'project' ? 'documents.projects.title' : 'documents.guides.title');
  /** The same search on another page, or with some filters changed (a change starts again from page 1). */
  const href = (change: Partial<Filters> = {}, page = 1) => {
    const f = { ...p.filters, ...change };
    const params = new URLSearchParams();
    for (const [k, v] of [
      ['q', f.q],
      ['niveau', f.level],
      ['discipline', f.discipline],
      ['etat', f.status],
    ] as const) {
      if (v) {
        params.set(k, v);
      }
    }
    if (page > 1) {
      params.set('page', String(page));
    }
    const s = params.toString();
    return s ? `${base}?${s}` : base;
  };
  const withoutFilters = href({ level: undefined, discipline: undefined, status: undefined });
  const chips: Chip[] = [
    ...(p.filters.level ? [{ label: label(LEVELS, p.filters.level, locale), href: href({ level: undefined }) }] : []),
    ...(p.filters.discipline ? [{ label: label(DISCIPLINES, p.filters.discipline, locale), href: href({ discipline: undefined }) }] : []),
    ...(p.filters.status ? [{ label: label(PROJECT_STATUSES, p.filters.status, locale), href: href({ status: undefined }) }] : []),
  ];
  return (
    <Layout title={title} description={t(p.kind === 'project' ? 'documents.projects.lead' : 'documents.guides.lead')}>
      <h1>{title}</h1>
      <p class="lead">{t(p.kind === 'project' ? 'documents.projects.lead' : 'documents.guides.lead')}</p>
      <ul class="inline-list actions">
        {viewer && (
          <li>
            <a class="button" href={`${base}/nouveau`}>
              <Icon name="plus" />
              {t(`documents.${p.kind}.new`)}
            </a>
          </li>
        )}
        {p.kind === 'guide' && (
          <li>
            <a class="button button-secondary" href="/guides/collections">
              {t('collections.title')}
            </a>
          </li>
        )}
        {p.kind === 'project' && (
          <li>
            <a class="button button-secondary" href="/guides">
              {t('documents.guides.title')}
            </a>
          </li>
        )}
      </ul>
      <form method="get" action={base} class="doc-filters">
        <search class="search-box">
          <div class="search-fields doc-search-fields">
            <div class="search-words">
              <label for="filtre-q">{t('documents.list.words')}</label>
              <input
                id="filtre-q"
                type="search"
                name="q"
                value={p.filters.q}
                placeholder={t(`documents.list.placeholder.${p.kind}`)}
                maxlength={200}
              />
            </div>
            <button type="submit" class="button search-submit">
              <Icon name="search" />
              {t('documents.list.search')}
            </button>
          </div>
        </search>
        <FilterPanel active={chips.length} applyLabel={t('documents.list.search')}>
          <div class="filter-row">
            <FilterSelect name="niveau" label={t('documents.field.levels')} value={p.filters.level} options={LEVELS} />
            <FilterSelect name="discipline" label={t('documents.field.disciplines')} value={p.filters.discipline} options={DISCIPLINES} />
            {p.kind === 'project' && (
              <FilterSelect name="etat" label={t('documents.field.status')} value={p.filters.status} options={PROJECT_STATUSES} />
            )}
          </div>
        </FilterPanel>
      </form>
      <ActiveFilters chips={chips} clearHref={withoutFilters} />
      {p.result.total > 0 ? (
        <>
          <p role="status" class="result-count">
            {t('documents.list.count', { count: p.result.total })}
          </p>
          <DocumentCardList items={p.result.items} />
        </>
      ) : (
        <EmptyState
          title={t('documents.list.count', { count: 0 })}
          reason={t(chips.length > 0 ? 'places.list.noneFilters' : 'documents.list.none')}
          steps={[
            ...(chips.length > 0
              ? [
                  {
                    href: withoutFilters,
                    label: t('search.dropFilters'),
                    primary: true,
                  },
                ]
              : []),
            ...(p.filters.q
              ? [{ href: `/recherche?q=${encodeURIComponent(p.filters.q)}`, label: t('documents.list.searchEverywhere') }]
              : []),
            { href: viewer ? `${base}/nouveau` : '/inscription', label: t(`documents.${p.kind}.new`) },
          ]}
        />
      )}
      <Pagination page={p.page} pages={Math.ceil(p.result.total / p.pageSize)} href={(page) => href({}, page)} />
    </Layout>
  );
}
