import { z } from '@hono/zod-openapi';
import { commaList, hasForbiddenChars } from '../../lib/validation.ts';
import { listDepartments, listRegions } from '../geo/territories.ts';
import { AUDIENCE_CODES, EQUIPMENT_CODES, KIND_CODES } from './places.validation.ts';

export const FACETS = ['kind', 'region', 'department', 'equipment', 'audience'] as const;
export type Facet = (typeof FACETS)[number];

export const PER_PAGE = 20;
export const MAX_PAGE = 500;

/** Distances offered by the "près de…" filter, in km. */
export const NEAR_KM = [5, 10, 30, 50, 100, 200] as const;
export const DEFAULT_KM = 30;

/** Normalised search: the cache key and the SQL are built from this. */
export interface PlaceSearch {
  q: string;
  filters: Record<Facet, string[]>;
  page: number;
  /** "Près de…": a commune (or postcode) and a distance. Without it, a place named in `q` locates the search. */
  near: { text: string; km: number; point?: { lat: number; lng: number } } | null;
}

/** A search around a point (a commune's centre, or coordinates given as such) has a radius in km; a department or region has none. */
export const hasRadius = (kind: string): kind is 'commune' | 'point' => kind === 'commune' || kind === 'point';

/** No facet value chosen. */
export const noFilters = (): Record<Facet, string[]> =>
  Object.fromEntries(FACETS.map((f) => [f, [] as string[]])) as Record<Facet, string[]>;

export function allowedValues(facet: Facet): readonly string[] {
  switch (facet) {
    case 'kind':
      return KIND_CODES;
    case 'equipment':
      return EQUIPMENT_CODES;
    case 'audience':
      return AUDIENCE_CODES;
    case 'region':
      return listRegions().map((r) => r.code);
    case 'department':
      return listDepartments().map((d) => d.code);
  }
}

const list = commaList();

/** Query-string schema shared by /lieux, /carte and the API. */
export const PlaceSearchQuery = z
  .object({
    q: z
      .string()
      .max(200, 'v.tooLong')
      .refine((v) => !hasForbiddenChars(v), 'v.badChars')
      .optional(),
    kind: list.openapi({ description: 'Kinds (comma-separated or repeated)' }),
    region: list.openapi({ description: 'INSEE region codes' }),
    department: list.openapi({ description: 'Department codes' }),
    equipment: list,
    audience: list,
    pres: z
      .string()
      .max(100, 'v.tooLong')
      .refine((v) => !hasForbiddenChars(v), 'v.badChars')
      .optional()
      .openapi({ description: 'Près de : a commune or a postcode; places within `km` of it, nearest first', example: 'Vitré' }),
    km: z.coerce
      .number()
      .int()
      .refine((v) => (NEAR_KM as readonly number[]).includes(v), 'v.choice')
      .optional()
      .openapi({ description: `Distance around \`pres\` in km: ${NEAR_KM.join(', ')} (${DEFAULT_KM} by default)` }),
    lat: z.coerce.number().min(-90).max(90).optional().openapi({
      type: 'number',
      description: 'With `lng`: places within `km` of this point (WGS 84), nearest first; takes the place of `pres`',
      example: 48.1173,
    }),
    lng: z.coerce.number().min(-180).max(180).optional().openapi({ type: 'number', description: 'With `lat`', example: -1.6778 }),
    page: z.coerce.number().int().min(1).max(MAX_PAGE).optional(),
  })
  .refine((v) => (v.lat === undefined) === (v.lng === undefined), { message: 'v.required', path: ['lng'] })
  .openapi('PlaceSearchQuery');

/**
 * Keep only values the facets know. `strict` reports the unknown ones instead (the API answers
 * 400; a page simply ignores a stale link's values).
 */
export function normaliseSearch(
  input: z.output<typeof PlaceSearchQuery>,
  strict: boolean,
): { search: PlaceSearch; unknown: Record<string, string[]> } {
  const unknown: Record<string, string[]> = {};
  const filters = {} as Record<Facet, string[]>;
  for (const facet of FACETS) {
    const allowed = new Set(allowedValues(facet));
    const values = [...new Set(input[facet])].sort();
    filters[facet] = values.filter((v) => allowed.has(v));
    const bad = values.filter((v) => !allowed.has(v));
    if (bad.length > 0 && strict) {
      unknown[facet] = bad;
    }
  }
  return {
    search: {
      q: (input.q ?? '').trim().replace(/\s+/g, ' '),
      filters,
      page: input.page ?? 1,
      near:
        input.lat !== undefined && input.lng !== undefined
          ? { text: `${input.lat}, ${input.lng}`, km: input.km ?? DEFAULT_KM, point: { lat: input.lat, lng: input.lng } }
          : input.pres?.trim()
            ? { text: input.pres.trim().replace(/\s+/g, ' '), km: input.km ?? DEFAULT_KM }
            : null,
    },
    unknown,
  };
}

/** The query string for a search, with one facet value toggled, the page, the words or the "près de" changed. */
export function searchHref(
  base: string,
  s: PlaceSearch,
  change?: { facet?: Facet; value?: string; page?: number; q?: string; near?: PlaceSearch['near'] },
): string {
  const params = new URLSearchParams();
  const q = change?.q ?? s.q;
  if (q) {
    params.set('q', q);
  }
  const near = change && 'near' in change ? change.near : s.near;
  if (near?.point) {
    params.set('lat', String(near.point.lat));
    params.set('lng', String(near.point.lng));
    params.set('km', String(near.km));
  } else if (near) {
    params.set('pres', near.text);
    params.set('km', String(near.km));
  }
  for (const facet of FACETS) {
    let values = s.filters[facet];
    if (change?.facet === facet && change.value) {
      values = values.includes(change.value) ? values.filter((v) => v !== change.value) : [...values, change.value];
    }
    for (const v of values) {
      params.append(facet, v);
    }
  }
  // Any other change starts again from the first page.
  const page = change?.page ?? (change ? 1 : s.page);
  if (page > 1) {
    params.set('page', String(page));
  }
  const qs = params.toString();
  return qs ? `${base}?${qs}` : base;
}

export function searchKey(s: PlaceSearch): string {
  return JSON.stringify([
    s.q.toLowerCase(),
    FACETS.map((f) => s.filters[f]),
    s.page,
    s.near?.text.toLowerCase() ?? null,
    s.near?.km ?? null,
  ]);
}
