import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client.ts';
import type { Deps } from '../../deps.ts';
import { COMMUNITIES_TOPIC } from '../communities/communities.service.ts';
import { PLACES_TOPIC } from '../places/places.service.ts';
import type { AgendaFacet, AgendaFilters, CalendarRow } from './events.agenda.ts';
import { EVENTS_TOPIC } from './events.service.ts';

/**
 * The agenda's filters and counts, in memory. Every page of /agenda counts the sessions that
 * match its filters and, for each facet, those that match all the others: on the embedded
 * database that meant reading and joining every session of the year at each request (60 ms of
 * CPU at 50,000 sessions). Here each session is four numbers in typed arrays and each event a
 * few fields; a request tests each event once against the filters, then walks the sessions of
 * its period. The database then reads only the page's 20 sessions, by id.
 *
 * Rebuilt (one query) after any change to events, places or communities — registrations do not
 * change what is filtered — and at least every ten minutes.
 */
export interface IndexedEvent {
  /** What calendars show of it (the month view, the map, the feeds read no database). */
  slug: string;
  title: string;
  status: 'scheduled' | 'postponed' | 'cancelled';
  attendanceMode: string;
  venueName: string | null;
  address: string | null;
  commune: string | null;
  latitude: number | null;
  longitude: number | null;
  timeZone: string;
  sequence: number;
  updatedAt: number;
  descriptionMd: string;
  kind: string;
  region: string | null;
  department: string | null;
  audiences: string[];
  ageMin: number | null;
  ageMax: number | null;
  free: boolean;
  online: boolean;
  place: string | null;
  community: string | null;
}

interface Built {
  events: IndexedEvent[];
  ids: string[];
  /** Per session: cancelled (1) or not, its own sequence and last change. */
  cancelled: Uint8Array;
  sequence: Int32Array;
  updated: Float64Array;
  starts: Float64Array;
  ends: Float64Array;
  event: Int32Array;
  /** The longest session, to find those that started before a period and still run in it. */
  longest: number;
  /** Each event's sessions, their starts and their ends each sorted: from evFirst[e] to evFirst[e + 1]. */
  evFirst: Int32Array;
  evStarts: Float64Array;
  evEnds: Float64Array;
  builtAt: number;
}

/** How far back the index reaches: the feeds carry the month just past. */
const PAST_MS = 32 * 86_400_000;
const MAX_AGE_MS = 10 * 60_000;

interface Holder {
  built: Built | null;
  building: Promise<Built> | null;
  generation: number;
}

const holders = new WeakMap<Deps, Holder>();

function holderOf(deps: Deps): Holder {
  let h = holders.get(deps);
  if (!h) {
    const holder: Holder = { built: null, building: null, generation: 0 };
    for (const topic of [EVENTS_TOPIC, PLACES_TOPIC, COMMUNITIES_TOPIC]) {
      deps.changes.subscribe(topic, () => {
        holder.built = null;
        holder.generation++;
      });
    }
    holders.set(deps, holder);
    h = holder;
  }
  return h;
}

async function build(deps: Deps): Promise<Built> {
  // Two JSON values rather than 50,000 rows: the embedded database hands them over far faster.
  const [row] = await queryRows<{
    sessions: Array<[string, number, number, string, number, number, number]> | null;
    events: Array<IndexedEvent & { id: string }> | null;
  }>(
    deps.db,
    sql`with s as (select s.id, s.event_id, s.starts_at, s.ends_at, s.status, s.sequence, s.updated_at from event_sessions s
                    where s.ends_at > ${new Date(Date.now() - PAST_MS).toISOString()}::timestamptz)
        select (select json_agg(json_build_array(s.id, (extract(epoch from s.starts_at) * 1000)::float8,
                                                  (extract(epoch from s.ends_at) * 1000)::float8, s.event_id,
                                                  case when s.status = 'cancelled' then 1 else 0 end, s.sequence,
                                                  (extract(epoch from s.updated_at) * 1000)::float8)
                                order by s.starts_at, s.id) from s) as sessions,
               (select json_agg(json_build_object('id', ev.id, 'slug', ev.slug, 'title', ev.title, 'status', ev.status,
                                 'attendanceMode', ev.attendance_mode, 'venueName', ev.venue_name, 'address', ev.address,
                                 'commune', ev.commune, 'latitude', ev.latitude, 'longitude', ev.longitude, 'timeZone', ev.time_zone,
                                 'sequence', ev.sequence, 'updatedAt', (extract(epoch from ev.updated_at) * 1000)::float8,
                                 'descriptionMd', left(ev.description_md, 300),
                                 'kind', ev.kind, 'region', ev.region_code, 'department', ev.department_code,
                                 'audiences', ev.audiences, 'ageMin', ev.age_min, 'ageMax', ev.age_max, 'free', ev.free,
                                 'online', ev.attendance_mode <> 'onsite', 'place', p.slug, 'community', c.slug))
                  from events ev left join places p on p.id = ev.place_id left join communities c on c.id = ev.community_id
                 where ev.id in (select distinct event_id from s)) as events`,
  );
  const position = new Map<string, number>();
  const events: IndexedEvent[] = [];
  for (const { id, ...e } of row?.events ?? []) {
    position.set(id, events.length);
    events.push(e);
  }
  const sessions = row?.sessions ?? [];
  const n = sessions.length;
  const perEvent = new Int32Array(events.length + 1);
  const built: Built = {
    events,
    ids: new Array<string>(n),
    cancelled: new Uint8Array(n),
    sequence: new Int32Array(n),
    updated: new Float64Array(n),
    starts: new Float64Array(n),
    ends: new Float64Array(n),
    event: new Int32Array(n),
    longest: 0,
    evFirst: perEvent,
    evStarts: new Float64Array(n),
    evEnds: new Float64Array(n),
    builtAt: Date.now(),
  };
  sessions.forEach(([id, start, end, eventId, cancelled, sequence, updated], i) => {
    const e = position.get(eventId) ?? 0;
    built.ids[i] = id;
    built.cancelled[i] = cancelled;
    built.sequence[i] = sequence;
    built.updated[i] = updated;
    built.starts[i] = start;
    built.ends[i] = end;
    built.event[i] = e;
    built.longest = Math.max(built.longest, end - start);
    perEvent[e + 1] = (perEvent[e + 1] ?? 0) + 1;
  });
  for (let e = 0; e < events.length; e++) {
    perEvent[e + 1] = (perEvent[e + 1] ?? 0) + (perEvent[e] ?? 0);
  }
  const fill = perEvent.slice(0, events.length);
  for (let i = 0; i < n; i++) {
    const e = built.event[i] ?? 0;
    const at = fill[e] ?? 0;
    built.evStarts[at] = built.starts[i] ?? 0;
    built.evEnds[at] = built.ends[i] ?? 0;
    fill[e] = at + 1;
  }
  // Starts are already in order within an event; ends are sorted apart (sessions may overlap).
  for (let e = 0; e < events.length; e++) {
    built.evEnds.subarray(perEvent[e], perEvent[e + 1]).sort();
  }
  return built;
}

/** How many of an event's sessions run in [from, to): those starting before `to`, less those ended by `from`. */
function runningIn(b: Built, e: number, from: number, to: number): number {
  const first = b.evFirst[e] ?? 0;
  const last = b.evFirst[e + 1] ?? 0;
  return bound(b.evStarts, first, last, to, false) - bound(b.evEnds, first, last, from, true);
}

/** In sorted[first, last): how many values are below `t` (or at most `t` when `inclusive`). */
function bound(sorted: Float64Array, first: number, last: number, t: number, inclusive: boolean): number {
  let lo = first;
  let hi = last;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const v = sorted[mid] ?? 0;
    if (v < t || (inclusive && v === t)) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo - first;
}

async function current(deps: Deps): Promise<Built> {
  const h = holderOf(deps);
  if (h.built && Date.now() - h.built.builtAt < MAX_AGE_MS) {
    return h.built;
  }
  if (!h.building) {
    const generation = h.generation;
    h.building = build(deps)
      .then((b) => {
        // Built across a change: serve it to those waiting, but do not keep it.
        if (generation === h.generation) {
          h.built = b;
        }
        return b;
      })
      .finally(() => {
        h.building = null;
      });
  }
  return h.building;
}

const KIND = 1;
const REGION = 2;
const AUDIENCE = 4;
const REST = 8;
const ALL = KIND | REGION | AUDIENCE | REST;

/** For each event, which filters it passes (one bit each; the facets' own filters apart). */
function masks(events: IndexedEvent[], f: AgendaFilters): Uint8Array {
  const kinds = new Set(f.kind);
  const regions = new Set(f.region);
  const departments = new Set(f.department);
  const audiences = new Set(f.audience);
  const out = new Uint8Array(events.length);
  events.forEach((e, i) => {
    let m = 0;
    if (kinds.size === 0 || kinds.has(e.kind)) {
      m |= KIND;
    }
    if (regions.size === 0 || (e.region !== null && regions.has(e.region))) {
      m |= REGION;
    }
    if (audiences.size === 0 || e.audiences.some((a) => audiences.has(a))) {
      m |= AUDIENCE;
    }
    const rest =
      (departments.size === 0 || (e.department !== null && departments.has(e.department))) &&
      (!f.place || e.place === f.place) &&
      (!f.community || e.community === f.community) &&
      (f.age === undefined || ((e.ageMin === null || e.ageMin <= f.age) && (e.ageMax === null || e.ageMax >= f.age))) &&
      (!f.online || e.online) &&
      (!f.free || e.free);
    if (rest) {
      m |= REST;
    }
    out[i] = m;
  });
  return out;
}

/** First position whose start is at least `t` (the sessions are in start order). */
function lowerBound(starts: Float64Array, t: number): number {
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((starts[mid] ?? 0) < t) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

export interface IndexResult {
  /** The sessions of the page, in time order. */
  ids: string[];
  /** The same, as calendars show them (no database read). */
  rows: CalendarRow[];
  total: number;
  facets: Record<AgendaFacet, Record<string, number>>;
}

/**
 * The sessions running in `range` that match the filters: a page of their ids, how many there
 * are, and each facet's counts under every filter but its own — as the SQL of the agenda did.
 * Without counts (the month view, the feeds), `total` and `facets` are not to be read.
 */
export async function querySessions(
  deps: Deps,
  f: AgendaFilters,
  range: { from: Date; to?: Date },
  page: { limit: number; offset: number },
  opts: { counts: boolean } = { counts: true },
): Promise<IndexResult> {
  const b = await current(deps);
  const m = masks(b.events, f);
  const from = range.from.getTime();
  const to = range.to ? range.to.getTime() : Number.POSITIVE_INFINITY;
  const facets: Record<AgendaFacet, Record<string, number>> = { kind: {}, region: {}, audience: {} };
  let total = 0;
  // The counts, event by event: each event's sessions in the period are counted by two binary searches.
  if (opts.counts) {
    const add = (counts: Record<string, number>, key: string, n: number) => {
      counts[key] = (counts[key] ?? 0) + n;
    };
    b.events.forEach((e, i) => {
      const mask = m[i] ?? 0;
      // Every count needs the filters that are not facets, and all facets' filters but one at most.
      if (!(mask & REST) || ((mask | KIND) !== ALL && (mask | REGION) !== ALL && (mask | AUDIENCE) !== ALL)) {
        return;
      }
      const n = runningIn(b, i, from, to);
      if (n === 0) {
        return;
      }
      if (mask === ALL) {
        total += n;
      }
      if ((mask | KIND) === ALL) {
        add(facets.kind, e.kind, n);
      }
      if ((mask | REGION) === ALL && e.region !== null) {
        add(facets.region, e.region, n);
      }
      if ((mask | AUDIENCE) === ALL) {
        for (const a of e.audiences) {
          add(facets.audience, a, n);
        }
      }
    });
  }
  // The page: the sessions in time order, from the first that may still run.
  const ids: string[] = [];
  const at: number[] = [];
  let skipped = 0;
  const n = b.ids.length;
  for (let i = lowerBound(b.starts, from - b.longest); i < n && ids.length < page.limit; i++) {
    if ((b.starts[i] ?? 0) >= to) {
      break;
    }
    if ((b.ends[i] ?? 0) <= from || m[b.event[i] ?? 0] !== ALL) {
      continue;
    }
    if (skipped < page.offset) {
      skipped++;
    } else {
      ids.push(b.ids[i] ?? '');
      at.push(i);
    }
  }
  return { ids, total, facets, rows: calendarRowsAt(b, at) };
}

function calendarRowsAt(b: Built, positions: number[]): CalendarRow[] {
  return positions.map((i) => {
    const e = b.events[b.event[i] ?? 0] as IndexedEvent;
    return {
      sessionId: b.ids[i] ?? '',
      startsAt: new Date(b.starts[i] ?? 0),
      endsAt: new Date(b.ends[i] ?? 0),
      sessionStatus: b.cancelled[i] ? 'cancelled' : 'scheduled',
      slug: e.slug,
      title: e.title,
      kind: e.kind,
      status: e.status,
      attendanceMode: e.attendanceMode,
      venueName: e.venueName,
      address: e.address,
      commune: e.commune,
      latitude: e.latitude,
      longitude: e.longitude,
      timeZone: e.timeZone,
      sequence: e.sequence + (b.sequence[i] ?? 0),
      updatedAt: new Date(Math.max(e.updatedAt, b.updated[i] ?? 0)),
      descriptionMd: e.descriptionMd,
    };
  });
}
