import type { Deps } from '../../deps.ts';
import type { Viewer } from '../../lib/viewer.ts';
import { type GlobalSearch, PER_PAGE } from './search.params.ts';
import { type FacetCounts, type HitDetail, hitDetails, RESULT_TYPES, type ResultType, searchAll } from './search.repo.ts';
import { normaliseTitle, typoTolerantQuery } from './search.service.ts';

export interface SearchResult extends HitDetail {
  type: ResultType;
  url: string;
}

export interface GlobalSearchResult {
  items: SearchResult[];
  total: number;
  facets: FacetCounts;
}

const EMPTY: GlobalSearchResult = { items: [], total: 0, facets: { type: {}, level: {}, discipline: {}, region: {}, licence: {} } };

const PATHS: Record<ResultType, string> = {
  project: '/projets/',
  guide: '/guides/',
  place: '/lieux/',
  tool: '/outils/',
  skill: '/competences/',
  community: '/communautes/',
  publication: '/communautes/',
  member: '/membres/',
};

/** Confirmed members search the fields shown to members; everyone else only public ones. */
const membersCanSee = (viewer: Viewer | null) => Boolean(viewer?.emailVerified);

/**
 * Search everything the viewer may see: ranked hits for the page, then their titles and
 * highlighted snippets (only for the page, so a common word costs counts, not headlines).
 */
export async function searchEverything(
  deps: Deps,
  viewer: Viewer | null,
  s: GlobalSearch,
  opts: { perPage?: number; snippets?: boolean } = {},
): Promise<GlobalSearchResult> {
  const tsquery = s.q ? await typoTolerantQuery(deps.db, s.q) : null;
  if (!tsquery) {
    return EMPTY;
  }
  const perPage = opts.perPage ?? PER_PAGE;
  const members = membersCanSee(viewer);
  const { hits, total, facets } = await searchAll(deps.db, {
    tsquery,
    exact: normaliseTitle(s.q),
    membersCanSee: members,
    filters: s.filters,
    limit: perPage,
    offset: (s.page - 1) * perPage,
  });
  const byType = new Map<ResultType, string[]>();
  for (const h of hits) {
    byType.set(h.type, [...(byType.get(h.type) ?? []), h.id]);
  }
  const details = new Map<string, HitDetail>();
  await Promise.all(
    RESULT_TYPES.filter((t) => byType.has(t)).map(async (type) => {
      for (const d of await hitDetails(deps.db, type, byType.get(type) ?? [], tsquery, members, opts.snippets !== false)) {
        details.set(`${type}:${d.id}`, d);
      }
    }),
  );
  const items = hits.flatMap((h) => {
    const d = details.get(`${h.type}:${h.id}`);
    return d ? [{ ...d, type: h.type, url: `${PATHS[h.type]}${d.slug}` }] : [];
  });
  return { items, total, facets };
}
