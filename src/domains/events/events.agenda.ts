import { z } from '@hono/zod-openapi';
import { sql } from 'drizzle-orm';
import { type DbOrTx, part, readTogether, textArray } from '../../db/client.ts';
import type { Deps } from '../../deps.ts';
import { SLUG_PATTERN } from '../../lib/slug.ts';
import { commaList } from '../../lib/validation.ts';
import { listDepartments, listRegions } from '../geo/territories.ts';
import { AUDIENCE_CODES } from '../places/places.validation.ts';
import { querySessions } from './events.index.ts';
import { EVENT_KINDS } from './events.schema.ts';
import { isRealDate } from './recurrence.ts';

/** Sessions on a page of /agenda: a phone's few screens (each page is about 28 KB of HTML). */
export const AGENDA_PER_PAGE = 20;
export const AGENDA_FACETS = ['kind', 'region', 'audience'] as const;
export type AgendaFacet = (typeof AGENDA_FACETS)[number];

/** What /agenda, its feed and the API filter on (every field optional). */
export interface AgendaFilters {
  kind: string[];
  region: string[];
  department: string[];
  audience: string[];
  place?: string;
  community?: string;
  age?: number;
  online: boolean;
  free: boolean;
  from?: string;
  to?: string;
}

const list = commaList();
const flag = z
  .enum(['1', 'on', 'true', ''])
  .optional()
  .transform((v) => v === '1' || v === 'on' || v === 'true');
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'v.date')
  .refine(isRealDate, 'v.date')
  .optional()
  .or(z.literal('').transform(() => undefined));

/** The query string of /agenda (French names, as in the page's links) and of the API. */
export const AgendaQuery = z.object({
  type: list.openapi({ description: `Kinds: ${EVENT_KINDS.join(', ')}` }),
  region: list.openapi({ description: 'INSEE region codes' }),
  departement: list.openapi({ description: 'Department codes' }),
  public: list.openapi({ description: 'Audiences' }),
  lieu: z.string().regex(SLUG_PATTERN, 'v.choice').optional().openapi({ description: 'A place (its slug): what it organises' }),
  communaute: z.string().regex(SLUG_PATTERN, 'v.choice').optional().openapi({ description: 'A community (its slug)' }),
  age: z.coerce.number().int().min(0).max(120).optional().openapi({ type: 'integer', description: 'For a person of this age' }),
  enligne: flag.openapi({ description: '1: online or hybrid only' }),
  gratuit: flag.openapi({ description: '1: free only' }),
  du: day.openapi({ description: 'From this day (today by default)' }),
  au: day.openapi({ description: 'Until this day, included' }),
  page: z.coerce.number().int().min(1).max(500).optional(),
});
export type AgendaQueryInput = z.output<typeof AgendaQuery>;

/** Keep the values the facets know; `strict` reports the others (the API answers 400). */
export function normaliseAgenda(input: AgendaQueryInput, strict: boolean): { filters: AgendaFilters; unknown: Record<string, string[]> } {
  const unknown: Record<string, string[]> = {};
  const keep = (name: string, values: string[], allowed: readonly string[]) => {
    const set = new Set(allowed);
    const bad = values.filter((v) => !set.has(v));
    if (bad.length > 0 && strict) {
      unknown[name] = bad;
    }
    return [...new Set(values.filter((v) => set.has(v)))].sort();
  };
  return {
    filters: {
      kind: keep('type', input.type, EVENT_KINDS),
      region: keep(
        'region',
        input.region,
        listRegions().map((r) => r.code),
      ),
      department: keep(
        'departement',
        input.departement,
        listDepartments().map((d) => d.code),
      ),
      audience: keep('public', input.public, AUDIENCE_CODES),
      place: input.lieu,
      community: input.communaute,
      age: input.age,
      online: input.enligne,
      free: input.gratuit,
      from: input.du,
      to: input.au && input.du && input.au < input.du ? input.du : input.au,
    },
    unknown,
  };
}

/** The filters as a query string (the page's links, the feed's address): only what is set. */
export function agendaQueryString(f: AgendaFilters, extra: Record<string, string | undefined> = {}): string {
  const p = new URLSearchParams();
  const add = (k: string, v: string | undefined) => v && p.append(k, v);
  for (const v of f.kind) {
    add('type', v);
  }
  for (const v of f.region) {
    add('region', v);
  }
  for (const v of f.department) {
    add('departement', v);
  }
  for (const v of f.audience) {
    add('public', v);
  }
  add('lieu', f.place);
  add('communaute', f.community);
  add('age', f.age === undefined ? undefined : String(f.age));
  add('enligne', f.online ? '1' : undefined);
  add('gratuit', f.free ? '1' : undefined);
  add('du', f.from);
  add('au', f.to);
  for (const [k, v] of Object.entries(extra)) {
    add(k, v);
  }
  const s = p.toString();
  return s ? `?${s}` : '';
}

export interface AgendaRow {
  sessionId: string;
  startsAt: Date;
  endsAt: Date;
  sessionStatus: 'scheduled' | 'cancelled';
  capacity: number | null;
  reserved: number;
  taken: number;
  slug: string;
  title: string;
  kind: string;
  status: 'scheduled' | 'postponed' | 'cancelled';
  attendanceMode: string;
  venueName: string | null;
  commune: string | null;
  departmentCode: string | null;
  latitude: number | null;
  longitude: number | null;
  free: boolean;
  timeZone: string;
  registration: string;
  placeName: string | null;
  coverKey: string | null;
  ageMin: number | null;
  ageMax: number | null;
}

const rowColumns = sql`s.id as "sessionId", s.starts_at as "startsAt", s.ends_at as "endsAt", s.status as "sessionStatus", s.capacity, s.reserved,
  coalesce((select sum(r.seats) from event_registrations r where r.session_id = s.id and r.status = 'confirmed'), 0)::int as taken,
  e.slug, e.title, e.kind, e.status, e.attendance_mode as "attendanceMode", e.venue_name as "venueName", e.commune,
  e.department_code as "departmentCode", e.latitude, e.longitude, e.free, e.time_zone as "timeZone", e.registration,
  pl.name as "placeName", e.cover_key as "coverKey", e.age_min as "ageMin", e.age_max as "ageMax"`;

const from = sql`event_sessions s join events e on e.id = s.event_id left join places pl on pl.id = e.place_id`;

/**
 * The rows of these sessions, in time order: one statement, its rows as one JSON value (the
 * embedded database hands thousands of rows over far faster that way than row by row).
 */
async function rowsOf(db: DbOrTx, ids: string[]): Promise<AgendaRow[]> {
  if (ids.length === 0) {
    return [];
  }
  const { rows } = await readTogether(db, {
    rows: part<AgendaRow>(sql`select ${rowColumns} from ${from} where s.id = any(${textArray(ids)}::uuid[]) order by s.starts_at, s.id`, [
      'startsAt',
      'endsAt',
    ]),
  });
  return rows;
}

/** A page of sessions in time order, their total, and the facets' counts (from the in-memory index; the page's rows from the database). */
export async function searchAgenda(
  deps: Deps,
  f: AgendaFilters,
  range: { from: Date; to?: Date },
  page: { limit: number; offset: number },
) {
  const found = await querySessions(deps, f, range, page);
  return { rows: await rowsOf(deps.db, found.ids), total: found.total, facets: found.facets };
}

/** What a calendar (the month view, the feeds) needs of a session: no counts of places. */
export interface CalendarRow {
  sessionId: string;
  startsAt: Date;
  endsAt: Date;
  sessionStatus: 'scheduled' | 'cancelled';
  slug: string;
  title: string;
  kind: string;
  status: 'scheduled' | 'postponed' | 'cancelled';
  attendanceMode: string;
  venueName: string | null;
  address: string | null;
  commune: string | null;
  latitude: number | null;
  longitude: number | null;
  timeZone: string;
  sequence: number;
  updatedAt: Date;
  descriptionMd: string;
}

/** Every session in a period (the month view, the feeds), in time order, at most `limit`: from the in-memory index alone. */
export async function sessionsBetween(
  deps: Deps,
  f: AgendaFilters,
  range: { from: Date; to?: Date },
  limit: number,
): Promise<CalendarRow[]> {
  return (await querySessions(deps, f, range, { limit, offset: 0 }, { counts: false })).rows;
}

/** Where something is on: one point per event with a place on the map, its next session in the period. */
export interface MapPoint {
  slug: string;
  title: string;
  kind: string;
  startsAt: Date;
  timeZone: string;
  commune: string | null;
  venueName: string | null;
  latitude: number;
  longitude: number;
}

export async function eventsOnMap(deps: Deps, f: AgendaFilters, range: { from: Date; to?: Date }, limit: number): Promise<MapPoint[]> {
  const seen = new Set<string>();
  const points: MapPoint[] = [];
  // The index's sessions come in time order: an event's first one in the period is its next.
  for (const r of await sessionsBetween(deps, f, range, 5000)) {
    if (points.length >= limit) {
      break;
    }
    if (seen.has(r.slug) || r.latitude === null || r.longitude === null || r.attendanceMode === 'online') {
      continue;
    }
    seen.add(r.slug);
    points.push({ ...r, latitude: r.latitude, longitude: r.longitude });
  }
  return points;
}
