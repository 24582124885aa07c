import type { Deps } from '../../deps.ts';
import type { Viewer } from '../../lib/viewer.ts';
import { type GlobalSearch, PER_PAGE } from './search.params.ts';
import { type FacetCounts, type HitDetail, hitDetails, type ResultType, searchAll } from './search.repo.ts';
import { normaliseTitle, snippetOf, typoTolerantTerms } from './search.service.ts';

export interface SearchResult extends Omit<HitDetail, 'text'> {
  type: ResultType;
  url: string;
  /** Plain text with U+E000 … U+E001 around the matched words (escaped, then marked, by the view). */
  snippet: string;
}

export interface GlobalSearchResult {
  items: SearchResult[];
  total: number;
  /** Some kind had more matches than are ranked: the total is "more than". */
  capped: boolean;
  facets: FacetCounts;
}

const EMPTY: GlobalSearchResult = {
  items: [],
  total: 0,
  capped: false,
  facets: { type: {}, level: {}, discipline: {}, region: {}, licence: {} },
};

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
  const query = s.q ? await typoTolerantTerms(deps.db, s.q) : null;
  if (!query) {
    return EMPTY;
  }
  const { tsquery, terms } = query;
  const perPage = opts.perPage ?? PER_PAGE;
  const members = membersCanSee(viewer);
  const { hits, total, capped, facets } = await searchAll(deps.db, {
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
  for (const d of await hitDetails(deps.db, byType, members, opts.snippets !== false)) {
    details.set(`${d.type}:${d.id}`, d);
  }
  const items = hits.flatMap((h) => {
    const d = details.get(`${h.type}:${h.id}`);
    if (!d) {
      return [];
    }
    const { text, ...rest } = d;
    return [{ ...rest, type: h.type, url: `${PATHS[h.type]}${d.slug}`, snippet: text ? snippetOf(text, terms) : '' }];
  });
  return { items, total, capped, facets };
}
