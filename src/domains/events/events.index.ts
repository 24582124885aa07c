import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client.ts';
import type { Deps } from '../../deps.ts';
import { COMMUNITIES_TOPIC } from '../communities/communities.service.ts';
import { PLACES_TOPIC } from '../places/places.service.ts';
import type { AgendaFacet, AgendaFilters } from './events.agenda.ts';
import { EVENTS_TOPIC } from './events.service.ts';

/**
 * The agenda's filters and counts, in memory. Every page of /agenda counts the sessions that
 * match its filters and, for each facet, those that match all the others: on the embedded
 * database that meant reading and joining every session of the year at each request (60 ms of
 * CPU at 50,000 sessions). Here each session is four numbers in typed arrays and each event a
 * few fields; a request tests each event once against the filters, then walks the sessions of
 * its period. The database then reads only the page's 30 sessions, by id.
 *
 * Rebuilt (one query) after any change to events, places or communities — registrations do not
 * change what is filtered — and at least every ten minutes.
 */
export interface IndexedEvent {
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
  starts: Float64Array;
  ends: Float64Array;
  event: Int32Array;
  /** The longest session, to find those that started before a period and still run in it. */
  longest: number;
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
    sessions: Array<[string, number, number, string]> | null;
    events: Array<{
      id: string;
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
    }> | null;
  }>(
    deps.db,
    sql`with s as (select s.id, s.event_id, s.starts_at, s.ends_at from event_sessions s
                    where s.ends_at > ${new Date(Date.now() - PAST_MS).toISOString()}::timestamptz)
        select (select json_agg(json_build_array(s.id, (extract(epoch from s.starts_at) * 1000)::float8,
                                                  (extract(epoch from s.ends_at) * 1000)::float8, s.event_id)
                                order by s.starts_at, s.id) from s) as sessions,
               (select json_agg(json_build_object('id', ev.id, 'kind', ev.kind, 'region', ev.region_code, 'department', ev.department_code,
                                 'audiences', ev.audiences, 'ageMin', ev.age_min, 'ageMax', ev.age_max, 'free', ev.free,
                                 'online', ev.attendance_mode <> 'onsite', 'place', p.slug, 'community', c.slug))
                  from events ev left join places p on p.id = ev.place_id left join communities c on c.id = ev.community_id
                 where ev.id in (select distinct event_id from s)) as events`,
  );
  const position = new Map<string, number>();
  const events: IndexedEvent[] = [];
  for (const e of row?.events ?? []) {
    position.set(e.id, events.length);
    events.push({
      kind: e.kind,
      region: e.region,
      department: e.department,
      audiences: e.audiences,
      ageMin: e.ageMin,
      ageMax: e.ageMax,
      free: e.free,
      online: e.online,
      place: e.place,
      community: e.community,
    });
  }
  const sessions = row?.sessions ?? [];
  const n = sessions.length;
  const built: Built = {
    events,
    ids: new Array<string>(n),
    starts: new Float64Array(n),
    ends: new Float64Array(n),
    event: new Int32Array(n),
    longest: 0,
    builtAt: Date.now(),
  };
  sessions.forEach(([id, start, end, eventId], i) => {
    built.ids[i] = id;
    built.starts[i] = start;
    built.ends[i] = end;
    built.event[i] = position.get(eventId) ?? 0;
    built.longest = Math.max(built.longest, end - start);
  });
  return built;
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
  total: number;
  facets: Record<AgendaFacet, Record<string, number>>;
}

/**
 * The sessions running in `range` that match the filters: a page of their ids, how many there
 * are, and each facet's counts under every filter but its own — as the SQL of the agenda did.
 * Without counts (the month view, the feeds), the walk stops at the page's last session and
 * `total` and `facets` are not to be read.
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
  const ids: string[] = [];
  let total = 0;
  const bump = (counts: Record<string, number>, key: string) => {
    counts[key] = (counts[key] ?? 0) + 1;
  };
  const n = b.ids.length;
  for (let i = lowerBound(b.starts, from - b.longest); i < n; i++) {
    const start = b.starts[i] ?? 0;
    if (start >= to) {
      break;
    }
    if ((b.ends[i] ?? 0) <= from) {
      continue;
    }
    const ev = b.event[i] ?? 0;
    const mask = m[ev] ?? 0;
    if (mask === ALL) {
      if (total >= page.offset && ids.length < page.limit) {
        ids.push(b.ids[i] ?? '');
      }
      total++;
    }
    if (!opts.counts) {
      if (ids.length >= page.limit) {
        break;
      }
      continue;
    }
    const e = b.events[ev];
    if (!e) {
      continue;
    }
    if ((mask | KIND) === ALL) {
      bump(facets.kind, e.kind);
    }
    if ((mask | REGION) === ALL && e.region !== null) {
      bump(facets.region, e.region);
    }
    if ((mask | AUDIENCE) === ALL) {
      for (const a of e.audiences) {
        bump(facets.audience, a);
      }
    }
  }
  return { ids, total, facets };
}
