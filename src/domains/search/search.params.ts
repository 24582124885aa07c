import { z } from '@hono/zod-openapi';
import { queryList } from '../../lib/openapi.ts';
import { hasForbiddenChars } from '../../lib/validation.ts';
import { DISCIPLINES, LEVELS, LICENCE_IDS } from '../documents/documents.content.ts';
import { listRegions } from '../geo/territories.ts';
import { TOOL_CATALOGUE } from '../tools/tools.catalogue.ts';
import { RESULT_TYPES, type ResultType, type SearchFilters } from './search.repo.ts';

export const PER_PAGE = 20;
export const MAX_PAGE = 50;
export const SEARCH_FACETS = ['type', 'level', 'discipline', 'region', 'licence'] as const;
export type SearchFacet = (typeof SEARCH_FACETS)[number];

/** A normalised search: the page, the API and the cache key are built from it. */
export interface GlobalSearch {
  q: string;
  filters: SearchFilters;
  page: number;
}

export const GlobalSearchQuery = z
  .object({
    q: z
      .string()
      .max(200, 'v.tooLong')
      .refine((v) => !hasForbiddenChars(v), 'v.badChars')
      .optional(),
    type: queryList.openapi({ description: `Kinds of results: ${RESULT_TYPES.join(', ')}` }),
    level: queryList.openapi({ description: 'School levels (projects and guides)' }),
    discipline: queryList.openapi({ description: 'Disciplines (projects and guides)' }),
    region: queryList.openapi({ description: 'INSEE region codes' }),
    licence: queryList.openapi({ description: 'Licence ids (documents) or SPDX ids (tools)' }),
    page: z.coerce.number().int().min(1).max(MAX_PAGE).optional(),
  })
  .openapi('SearchQuery');

/** The values each facet knows, built once (a search parses its query string on every request). */
const KNOWN: Record<Exclude<SearchFacet, 'type'>, ReadonlySet<string>> = {
  level: new Set(Object.keys(LEVELS)),
  discipline: new Set(Object.keys(DISCIPLINES)),
  region: new Set(listRegions().map((r) => r.code)),
  licence: new Set([...LICENCE_IDS, ...TOOL_CATALOGUE.map((t) => t.licence)]),
};

/** Keep only values the facets know (a stale link's values are dropped, not errors). */
export function normaliseGlobalSearch(input: z.infer<typeof GlobalSearchQuery>): GlobalSearch {
  const keep = (facet: Exclude<SearchFacet, 'type'>, values: string[]) => {
    const allowed = KNOWN[facet];
    return [...new Set(values.filter((v) => allowed.has(v)))].sort();
  };
  return {
    q: (input.q ?? '').trim().replace(/\s+/g, ' '),
    filters: {
      types: [...new Set(input.type.filter((t): t is ResultType => (RESULT_TYPES as readonly string[]).includes(t)))].sort(),
      levels: keep('level', input.level),
      disciplines: keep('discipline', input.discipline),
      regions: keep('region', input.region),
      licences: keep('licence', input.licence),
    },
    page: input.page ?? 1,
  };
}

/** Which list of the filters a facet's values go in. */
export const FACET_FILTER: Record<SearchFacet, keyof SearchFilters> = {
  type: 'types',
  level: 'levels',
  discipline: 'disciplines',
  region: 'regions',
  licence: 'licences',
};

/** The link for this search with one facet value toggled (or another page). */
export function globalSearchHref(s: GlobalSearch, change?: { facet?: SearchFacet; value?: string; page?: number }): string {
  const params = new URLSearchParams();
  if (s.q) {
    params.set('q', s.q);
  }
  for (const facet of SEARCH_FACETS) {
    let values: string[] = s.filters[FACET_FILTER[facet]];
    if (change?.facet === facet && change.value) {
      const v = change.value;
      values = values.includes(v) ? values.filter((x) => x !== v) : [...values, v];
    }
    for (const v of values) {
      params.append(facet, v);
    }
  }
  const page = change?.page ?? (change?.facet ? 1 : s.page);
  if (page > 1) {
    params.set('page', String(page));
  }
  const qs = params.toString();
  return qs ? `/recherche?${qs}` : '/recherche';
}

export const isSelected = (s: GlobalSearch, facet: SearchFacet, value: string) =>
  (s.filters[FACET_FILTER[facet]] as string[]).includes(value);
