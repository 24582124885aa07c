/**
 * Keeps the search index in memory equal to the tables. Built once per process (in pages, so
 * requests go on meanwhile); then, before each search, one small statement reads what the
 * triggers of migration 0028 noted since (`search_changes`), and the rows named are read again.
 * A search therefore sees every write committed before it — the author's own included, from any
 * process — without the index listening for events that a write path could forget to send.
 */
import { type SQL, sql } from 'drizzle-orm';
import { type Database, type DbOrTx, queryRows, readPlannedForValues, textArray } from '../../db/client.ts';
import { normalisedText } from '../../db/expressions.ts';
import type { Deps } from '../../deps.ts';
import { type IndexRow, SearchIndex } from './search.index.ts';
import type { ResultType } from './search.repo.ts';

/** Which kinds of row a change of `search_changes.type` names. */
type ChangeType = 'doc' | 'place' | 'skill' | 'tool' | 'community' | 'publication' | 'event' | 'service' | 'member';
const CHANGE_TYPES: readonly ChangeType[] = ['doc', 'place', 'skill', 'tool', 'community', 'publication', 'event', 'service', 'member'];

const PAGE = 500;
/** Rebuilt when this share of its slots are dead (rows changed or deleted since it was built). */
const REBUILD_SHARE = 0.25;

interface Raw {
  id: string;
  type: ResultType;
  title_key: string;
  v: string;
  pv?: string;
  levels?: string[];
  disciplines?: string[];
  regions?: string[] | null;
  licence?: string | null;
  lat?: number | null;
  lng?: number | null;
  department?: string | null;
  region?: string | null;
  published?: number | null;
  skills?: string[];
  place_id?: string | null;
  until?: number | null;
  territory?: string | null;
}

const epochMs = (column: SQL) => sql`(extract(epoch from ${column}) * 1000)::float8`;

/**
 * The rows of one kind that search shows, those whose id passes `filter` (a page after an id,
 * or some ids), given the id column to test.
 */
function rowsOf(type: ChangeType, filter: (idColumn: string) => SQL): SQL {
  switch (type) {
    case 'doc':
      return sql`select d.id, d.kind as type, d.title_key, d.search_vector::text as v, d.levels, d.disciplines,
          d.region_codes as regions, d.licence, ${epochMs(sql`d.published_at`)} as published,
          array(select l.target_id::text from document_links l where l.document_id = d.id and l.target_type = 'skill') as skills
        from documents d where d.published_at is not null and d.deleted_at is null and ${filter(ID_COLUMN[type])}`;
    case 'place':
      return sql`select p.id, 'place' as type, ${normalisedText(sql`p.name`)} as title_key, p.search_vector::text as v,
          case when p.region_code is null then '{}'::text[] else array[p.region_code] end as regions,
          p.latitude as lat, p.longitude as lng, p.department_code as department, p.region_code as region
        from places p where p.status = 'published' and p.deleted_at is null and ${filter(ID_COLUMN[type])}`;
    case 'skill':
      return sql`select s.id, 'skill' as type, ${normalisedText(sql`s.name`)} as title_key, s.search_vector::text as v
        from skills s where s.status = 'accepted' and ${filter(ID_COLUMN[type])}`;
    case 'tool':
      return sql`select t.id, 'tool' as type, ${normalisedText(sql`t.name`)} as title_key, t.search_vector::text as v, t.licence
        from tools t where ${filter(ID_COLUMN[type])}`;
    case 'community':
      return sql`select c.id, 'community' as type, ${normalisedText(sql`c.name`)} as title_key, c.search_vector::text as v,
          case when c.scale = 'region' and c.scale_code is not null then array[c.scale_code] else '{}'::text[] end as regions
        from communities c where ${filter(ID_COLUMN[type])}`;
    case 'publication':
      return sql`select pu.id, 'publication' as type, ${normalisedText(sql`pu.title`)} as title_key, pu.search_vector::text as v
        from publications pu where pu.status = 'published' and ${filter(ID_COLUMN[type])}`;
    case 'event':
      return sql`select e.id, 'event' as type, ${normalisedText(sql`e.title`)} as title_key, e.search_vector::text as v,
          case when e.region_code is null then '{}'::text[] else array[e.region_code] end as regions, e.region_code as region,
          ${epochMs(sql`(select max(s.ends_at) from event_sessions s where s.event_id = e.id)`)} as until
        from events e where e.status <> 'cancelled' and ${filter(ID_COLUMN[type])}`;
    case 'service':
      return sql`select o.id, 'service' as type, ${normalisedText(sql`o.title`)} as title_key, o.search_vector::text as v,
          case when o.region_code is null then '{}'::text[] else array[o.region_code] end as regions, o.region_code as region, o.place_id
        from service_offers o where o.status = 'published' and o.closed_at is null and ${filter(ID_COLUMN[type])}`;
    case 'member':
      // The id tested on each table joined: the planner does not carry a range from one to the
      // others, and each page of the build read both other tables from their start.
      return sql`select u.id, 'member' as type, trim(regexp_replace(ps.sort_name, '[^a-z0-9]+', ' ', 'g')) as title_key,
          ps.members_tsv::text as v, ps.public_tsv::text as pv, p.latitude as lat, p.longitude as lng,
          p.department_code as department, p.region_code as region, p.visibility->>'territory' as territory
        from profile_search ps join users u on u.id = ps.user_id left join profiles p on p.user_id = u.id and ${filter('p.user_id')}
        where u.email_verified_at is not null and ${filter('u.id')} and ${filter('ps.user_id')}`;
  }
}

/** The id column each kind is filtered on. */
const ID_COLUMN: Record<ChangeType, string> = {
  doc: 'd.id',
  place: 'p.id',
  skill: 's.id',
  tool: 't.id',
  community: 'c.id',
  publication: 'pu.id',
  event: 'e.id',
  service: 'o.id',
  member: 'u.id',
};

function toRow(r: Raw): IndexRow {
  const isDoc = r.type === 'project' || r.type === 'guide';
  return {
    type: r.type,
    id: r.id,
    titleKey: r.title_key ?? '',
    vector: r.v ?? '',
    publicVector: r.type === 'member' ? (r.pv ?? '') : undefined,
    rankOnTitle: isDoc,
    levels: r.levels,
    disciplines: r.disciplines,
    regions: r.regions ?? undefined,
    licence: r.licence ?? null,
    lat: r.lat ?? null,
    lng: r.lng ?? null,
    department: r.department ?? null,
    region: r.region ?? null,
    publishedAt: r.published ?? undefined,
    skills: r.skills,
    placeId: r.place_id ?? null,
    until: r.until ?? null,
    territory: r.territory === 'public' ? 2 : r.territory === 'members' ? 1 : 0,
  };
}

interface Cursor {
  /** The highest change seen. */
  seq: number;
  /** The oldest transaction still running when last read: its changes (and later ones') are read again. */
  xmin: string;
  /** Changes already applied among those that may be read again. */
  applied: Set<number>;
}

/** Where the changes stand now: the highest change, and the oldest transaction still running. */
const CURSOR_NOW = sql`coalesce((select max(seq) from search_changes), 0)::float8 as seq, pg_snapshot_xmin(pg_current_snapshot())::text as xmin`;

/**
 * Read every row into a new index, page by page (other requests are served between pages), and
 * where the changes stood before the first page: what the index holds from then on is read again.
 */
async function build(db: DbOrTx): Promise<{ index: SearchIndex; cursor: Cursor }> {
  const [now] = await queryRows<{ seq: number; xmin: string }>(db, sql`select ${CURSOR_NOW}`);
  const cursor: Cursor = { seq: now?.seq ?? 0, xmin: now?.xmin ?? '0', applied: new Set() };
  const index = new SearchIndex();
  for (const type of CHANGE_TYPES) {
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows = await queryRows<Raw>(
        db,
        sql`${rowsOf(type, (id) => sql`${sql.raw(id)} > ${after}::uuid`)} order by ${sql.raw(ID_COLUMN[type])} limit ${PAGE}`,
      );
      for (const r of rows) {
        index.put(toRow(r));
      }
      const last = rows.at(-1);
      if (!last || rows.length < PAGE) {
        break;
      }
      after = last.id;
    }
  }
  index.trim();
  return { index, cursor };
}

/** Read again the rows these changes name: those still shown replace theirs, the others leave. */
async function apply(db: DbOrTx, index: SearchIndex, changes: Array<[ChangeType, string]>): Promise<void> {
  const byType = new Map<ChangeType, Set<string>>();
  for (const [type, id] of changes) {
    byType.set(type, (byType.get(type) ?? new Set()).add(id));
  }
  for (const [type, ids] of byType) {
    const list = [...ids];
    for (let i = 0; i < list.length; i += PAGE) {
      const chunk = list.slice(i, i + PAGE);
      const rows = await queryRows<Raw>(
        db,
        rowsOf(type, (id) => sql`${sql.raw(id)} = any(${textArray(chunk)}::uuid[])`),
      );
      const found = new Set(rows.map((r) => r.id));
      for (const id of chunk) {
        if (!found.has(id)) {
          index.remove(id);
        }
      }
      for (const r of rows) {
        index.put(toRow(r));
      }
    }
  }
}

class LiveIndex {
  private index: SearchIndex | null = null;
  private cursor: Cursor | null = null;
  private pending: Promise<SearchIndex> | null = null;
  private rebuilding = false;
  /** A rebuilt index, taken at the next sync (never in the middle of one). */
  private next: { index: SearchIndex; cursor: Cursor } | null = null;

  /** The embedded database's write epoch when the changes were last read (see Database.writeEpoch). */
  private epoch: number | null = null;

  constructor(
    private readonly database: Database,
    private readonly onError: (err: unknown) => void,
  ) {}

  private get db(): DbOrTx {
    return this.database.db;
  }

  /** The index, up to date with every committed write. Concurrent callers share one sync. */
  current(): Promise<SearchIndex> {
    this.pending ??= this.sync().finally(() => {
      this.pending = null;
    });
    return this.pending;
  }

  private async sync(): Promise<SearchIndex> {
    if (this.next) {
      ({ index: this.index, cursor: this.cursor } = this.next);
      this.next = null;
      this.epoch = null;
    }
    if (!this.index || !this.cursor) {
      ({ index: this.index, cursor: this.cursor } = await build(this.db));
    }
    const index = this.index;
    const cursor = this.cursor;
    // On the embedded database this process sends every write: nothing sent since the last look, nothing to read.
    const epoch = this.database.writeEpoch?.() ?? null;
    if (epoch !== null && epoch === this.epoch) {
      return index;
    }
    // After a bulk load the table holds hundreds of thousands of rows and these few are its last.
    const [row] = await readPlannedForValues<{
      changes: Array<[number, ChangeType, string]>;
      seq: number;
      xmin: string;
      oldest: number | null;
    }>(
      this.database,
      sql`select coalesce((select json_agg(json_build_array(seq, type, id) order by seq) from search_changes
                 where seq > ${cursor.seq} or xid >= ${cursor.xmin}::xid8), '[]') as changes,
               (select min(seq) from search_changes)::float8 as oldest, ${CURSOR_NOW}`,
    );
    if (!row) {
      return index;
    }
    if (row.oldest !== null && row.oldest > cursor.seq + 1 && cursor.seq > 0) {
      // Changes this process never read were pruned (it stayed idle a long time): read all again.
      this.index = null;
      this.cursor = null;
      return this.sync();
    }
    const fresh = row.changes.filter(([seq]) => !cursor.applied.has(seq));
    if (fresh.length > 0) {
      await apply(
        this.db,
        index,
        fresh.map(([, type, id]) => [type, id]),
      );
    }
    this.cursor = { seq: Math.max(cursor.seq, row.seq), xmin: row.xmin, applied: new Set(row.changes.map(([seq]) => seq)) };
    // Rows of a transaction still running are read again next time (the epoch moves when it ends).
    this.epoch = epoch;
    if (index.deadShare > REBUILD_SHARE && index.size > 1000 && !this.rebuilding) {
      this.rebuildInBackground();
    }
    return index;
  }

  /** A fresh index without the dead slots; searches use the old one until it is ready. */
  private rebuildInBackground() {
    this.rebuilding = true;
    void (async () => {
      try {
        this.next = await build(this.db);
      } catch (err) {
        this.onError(err);
      } finally {
        this.rebuilding = false;
      }
    })();
  }
}

const live = new WeakMap<Deps, LiveIndex>();

/** The search index of this process, up to date (built at the first call). */
export function searchIndex(deps: Deps): Promise<SearchIndex> {
  let l = live.get(deps);
  if (!l) {
    l = new LiveIndex(deps.database, (err) => deps.logger.warn({ err }, 'search index rebuild failed'));
    live.set(deps, l);
  }
  return l.current();
}

/** Forget changes every process has long read (a process idle longer rebuilds its index). */
export async function pruneSearchChanges(db: DbOrTx): Promise<void> {
  await db.execute(sql`delete from search_changes where at < now() - interval '2 days'`);
}
