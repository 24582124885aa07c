import type { Deps } from '../../deps.ts';
import type { Viewer } from '../../lib/viewer.ts';
import type { Location } from '../geo/locate.ts';
import { searchIndex } from './search.index.sync.ts';
import { type GlobalSearch, PER_PAGE } from './search.params.ts';
import { understandQuery } from './search.query.ts';
import { rankSearch } from './search.rank.ts';
import {
  type FacetCounts,
  type HitDetail,
  hitDetails,
  PLAIN_TEXT_TYPES,
  type ResultType,
  type SearchLocation,
  searchAll,
} from './search.repo.ts';
import { snippetOf, snippetOfPlainText } from './search.service.ts';

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
  /** Nothing held every word: these results hold some of them. */
  partial: boolean;
  /** Where the query said the search is about ("fablab Rennes"): places there come first. */
  location: Location | null;
  facets: FacetCounts;
}

const EMPTY: GlobalSearchResult = {
  items: [],
  total: 0,
  capped: false,
  partial: false,
  location: null,
  facets: { type: {}, level: {}, discipline: {}, region: {}, licence: {} },
};

const PATHS: Record<ResultType, string> = {
  project: '/projets/',
  guide: '/guides/',
  place: '/lieux/',
  event: '/agenda/',
  service: '/services/',
  tool: '/outils/',
  skill: '/competences/',
  community: '/communautes/',
  publication: '/publications/',
  member: '/membres/',
};

/** How far around a commune a search named reaches. */
export const LOCATION_KM = 30;

/** Confirmed members search the fields shown to members; everyone else only public ones. */
const membersCanSee = (viewer: Viewer | null) => Boolean(viewer?.emailVerified);

export function toSearchLocation(l: Location, km = LOCATION_KM): SearchLocation {
  return {
    kind: l.kind,
    code: l.code,
    regionCode: l.kind === 'region' ? l.code : (l.regionCode ?? null),
    lat: l.lat ?? null,
    lng: l.lng ?? null,
    km,
  };
}

/**
 * Search everything the viewer may see: read what the query means (a place, skills, levels),
 * rank hits in tiers (every word first; any word when nothing holds them all) — over the index
 * in memory, or in SQL with SEARCH_ENGINE=database — then fetch the page's titles and
 * plain-text snippets (only for the page).
 */
export async function searchEverything(
  deps: Deps,
  viewer: Viewer | null,
  s: GlobalSearch,
  opts: { perPage?: number; snippets?: boolean; typing?: boolean } = {},
): Promise<GlobalSearchResult> {
  if (!s.q) {
    return EMPTY;
  }
  const u = await understandQuery(deps, s.q, { typing: opts.typing });
  if (!u.all && !u.location && u.skills.length === 0 && u.levels.length === 0) {
    return EMPTY;
  }
  const perPage = opts.perPage ?? PER_PAGE;
  const members = membersCanSee(viewer);
  const base = {
    exact: u.exact,
    location: u.location ? toSearchLocation(u.location) : null,
    // The query is the skill's name: it comes first; a synonym: it comes before title matches; a mention: among them.
    skills: u.skills.map((k) => ({ id: k.id, rank: k.whole ? (k.byName ? 5 : 3.95) : 2.5 })),
    types: u.types,
    levels: u.levels,
    membersCanSee: members,
    filters: s.filters,
    limit: perPage,
    offset: (s.page - 1) * perPage,
  };
  let partial = false;
  // Every word, or any (when nothing holds them all); documents without the words that named a
  // level (they carry levels as data). Null when no word is left: only a place or a level was typed.
  const rank = async (words: 'all' | 'any') => {
    if (deps.config.searchEngine === 'memory') {
      const q = words === 'all' ? u.allQuery : u.anyQuery;
      return rankSearch(await searchIndex(deps), { ...base, all: q, docs: words === 'all' ? u.docsQuery : q });
    }
    const [all, docs] = words === 'all' ? [u.all, u.allButLevels] : [u.any, u.any];
    return searchAll(deps.database, { ...base, all, docs });
  };
  let found = await rank('all');
  if (found.total === 0 && u.any) {
    partial = true;
    found = await rank('any');
  }
  const { hits, total, capped, facets } = found;
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
    const snippet = !text ? '' : PLAIN_TEXT_TYPES.has(h.type) ? snippetOfPlainText(text, u.terms) : snippetOf(text, u.terms);
    return [{ ...rest, type: h.type, url: `${PATHS[h.type]}${d.slug}`, snippet }];
  });
  return { items, total, capped, partial, location: u.location, facets };
}
