import { type SQL, sql } from 'drizzle-orm';
import { type Database, type DbOrTx, queryRows, readWithSettings, textArray, uuidList } from '../../db/client.ts';
import { distanceKm, normalisedText, type Point, withinKm } from '../../db/expressions.ts';

/** Everything one search box finds, in the order results are labelled on the page. */
export const RESULT_TYPES = [
  'project',
  'guide',
  'place',
  'event',
  'service',
  'tool',
  'skill',
  'community',
  'publication',
  'member',
] as const;
export type ResultType = (typeof RESULT_TYPES)[number];

export interface SearchFilters {
  types: ResultType[];
  levels: string[];
  disciplines: string[];
  regions: string[];
  licences: string[];
}

export interface Hit {
  type: ResultType;
  id: string;
  rank: number;
}

export interface FacetCounts {
  type: Record<string, number>;
  level: Record<string, number>;
  discipline: Record<string, number>;
  region: Record<string, number>;
  licence: Record<string, number>;
}

/**
 * How many matches of one kind are ranked at most. A word every project uses ("fablab") would
 * otherwise make each search read and rank 20,000 rows; past this many, the page says "more
 * than" and invites to narrow the search. Exact titles are always found, whatever the cap.
 */
export const BRANCH_CAP = 100;

/** Where a search is about, as the SQL needs it (see geo/locate.ts). */
export interface SearchLocation {
  kind: 'commune' | 'department' | 'region';
  code: string;
  regionCode: string | null;
  lat: number | null;
  lng: number | null;
  km: number;
}

export interface SearchInput {
  /** Every word required: places, members, communities, publications. Null when only a location was typed. */
  all: string | null;
  /** The same without words that named a school level: projects, guides, skills, tools. */
  docs: string | null;
  /** The query normalised: a title equal to it is the best match. */
  exact: string;
  location: SearchLocation | null;
  /** Skills the query names, with their rank (5 when the query is the skill's name); documents linked to them rank higher. */
  skills: Array<{ id: string; rank: number }>;
  /** Kinds of result the query asks for ("lieux à Toulouse"): they rank higher. */
  types: string[];
  /** School levels the query names: documents of those levels rank higher. */
  levels: string[];
  membersCanSee: boolean;
  filters: SearchFilters;
  limit: number;
  offset: number;
}

const tsq = (query: string) => sql`to_tsquery('fr_unaccent', ${query})`;
/** What the ranking reads of a candidate document, whichever way it was found. */
const DOC_COLUMNS = sql`id, kind, title_key, rank_vector, levels, disciplines, region_codes, licence, published_at, deleted_at`;
/** The commune a location is around, with its radius; null for a department or a region. */
const centreOf = (loc: SearchLocation | null): (Point & { km: number }) | null =>
  loc?.kind === 'commune' && loc.lat !== null && loc.lng !== null ? { lat: loc.lat, lng: loc.lng, km: loc.km } : null;
/** Rows within the location: a box then the distance around a commune, or the department / region. */
function withinLocation(loc: SearchLocation, cols: { lat: SQL; lng: SQL; department: SQL; region: SQL }): SQL {
  const centre = centreOf(loc);
  if (centre) {
    return withinKm(cols.lat, cols.lng, centre, centre.km);
  }
  return loc.kind === 'department' ? sql`${cols.department} = ${loc.code}` : sql`${cols.region} = ${loc.code}`;
}
/** Nearer is better: 2 inside the location, up to 0.5 more the closer to a commune's centre. */
function locationBonus(loc: SearchLocation, lat: SQL, lng: SQL): SQL {
  const centre = centreOf(loc);
  return centre ? sql`(2.5 - 0.5 * least(1, ${distanceKm(lat, lng, centre)} / ${centre.km}))` : sql`2`;
}
/** The same around a commune, beyond its radius too (a little less for every 400 km farther). */
function nearness(centre: Point & { km: number }, lat: SQL, lng: SQL): SQL {
  const d = distanceKm(lat, lng, centre);
  return sql`greatest(0, 2.5 - 0.5 * least(1, ${d} / ${centre.km}) - greatest(0, ${d} - ${centre.km}) / 400)`;
}

/**
 * One branch per kind of thing, each with the visibility rule of its own pages (published
 * places and documents, accepted skills, members through the fields the viewer may see), and a
 * rank in tiers, so that each kind is judged on its own merits and then compared fairly:
 *   4 the title is exactly what was typed · 3 the title holds every word · 2 the title and summary
 *   (a place's name, commune and kinds; a skill's synonyms) hold them · 1 only the body does;
 * plus: a skill the query names (5), documents linked to it (+0.6) or of a level it names (+0.5),
 * places in the location it names (+2, nearer first), a little of the full-text rank (≤ 0.3).
 * Members rank by their text only (1), or 4 for their exact name: people are found, not pushed.
 *
 * Each text match reads its GIN index alone ("offset 0" keeps the planner from mixing indexes)
 * and is capped; visibility is checked on the matches.
 */
function branches(input: SearchInput): SQL {
  const { all, docs, exact, location: loc, levels } = input;
  const skillIds = input.skills.map((k) => k.id);
  const cap = BRANCH_CAP + 1; // one more than shown: tells whether the cap was reached
  const none = sql`'{}'::text[]`;
  const skills = textArray(skillIds);
  const textRank = (vector: SQL, query: string | null) => (query ? sql`least(ts_rank(${vector}, ${tsq(query)}), 0.3)` : sql`0`);
  // `titleKey`: the title normalised (a column computed at save time, or normalisedText);
  // `second`: the weights of tier 2, or null when they are the whole vector.
  const tier = (vector: SQL, titleKey: SQL, query: string | null, second: string | null) =>
    query
      ? sql`case when ${titleKey} = ${exact} then 4 when ts_filter(${vector}, '{a}') @@ ${tsq(query)} then 3
            when ${second ? sql`ts_filter(${vector}, ${sql.raw(`'${second}'`)})` : vector} @@ ${tsq(query)} then 2 else 1 end`
      : sql`case when ${titleKey} = ${exact} then 4 else 1 end`;
  const parts: SQL[] = [];

  // Projects and guides: exact title, title and summary, body, linked to a named skill, in the location or level named.
  const docColumns = DOC_COLUMNS;
  const docSources: SQL[] = [sql`(select ${docColumns}, 'exact' as source from documents where title_key = ${exact} limit 20)`];
  if (docs) {
    // The bodies are searched only when titles and summaries matched fewer than the cap: a
    // common word ("laser") is in thousands of bodies, whose index must then be read whole
    // (~9 ms at 20,000 projects), and a body-only match ranks below every title match anyway
    // (tier 1; at most 2.75 with every bonus, where linked ones come through 'skill' too).
    docSources.push(sql`(select * from title_hits)`);
    docSources.push(sql`(select ${docColumns}, 'body' as source from documents
      where (select count(*) from title_hits) < ${cap} and search_vector @@ ${tsq(docs)} offset 0 limit ${cap})`);
  }
  if (skillIds.length > 0) {
    docSources.push(sql`(select ${docColumns}, 'skill' as source from documents
      where id in (select document_id from document_links where target_type = 'skill' and target_id = any(${skills}::uuid[]) limit ${cap * skillIds.length})
      limit ${cap})`);
  } else if (!docs && (levels.length > 0 || loc?.regionCode)) {
    const scope = levels.length > 0 ? sql`levels && ${textArray(levels)}` : sql`region_codes && ${textArray([loc?.regionCode ?? ''])}`;
    docSources.push(sql`(select ${docColumns}, 'scope' as source from documents where ${scope} order by published_at desc limit ${cap})`);
  }
  // "offset 0": probe each candidate's links by the primary key, rather than hash every link to
  // the skill (thousands for a common one) into a table first.
  const linked =
    skillIds.length > 0
      ? sql`case when exists (select 1 from document_links l where l.document_id = d.id and l.target_type = 'skill'
              and l.target_id = any(${skills}::uuid[]) offset 0) then 0.6 else 0 end`
      : sql`0`;
  parts.push(sql`
    select d.kind as type, d.id,
           greatest(${tier(sql`d.rank_vector`, sql`d.title_key`, docs, null)}, case when d.source = 'skill' then 2 else 0 end)
             + ${linked}
             + ${levels.length > 0 ? sql`case when d.levels && ${textArray(levels)} then 0.5 else 0 end` : sql`0`}
             + ${loc?.regionCode ? sql`case when d.region_codes && ${textArray([loc.regionCode])} then 0.3 else 0 end` : sql`0`}
             + ${textRank(sql`d.rank_vector`, docs)} + case when d.kind = 'project' then 0.05 else 0.04 end as rank,
           d.levels, d.disciplines, d.region_codes as regions, d.licence, d.source
      from (${sql.join(docSources, sql` union all `)}) d
     where d.published_at is not null and d.deleted_at is null`);

  // Places: every place there when only a location was typed; with words, the matching places
  // nearest the commune named (beyond its radius too: the nearest fablab may be 80 km away), or
  // those in the department or region named. The matches are read first ("offset 0"): otherwise
  // the planner walks the published places and tests each one's words.
  if (all || loc) {
    const near = centreOf(loc);
    const area =
      loc && (!all || !near)
        ? withinLocation(loc, { lat: sql`latitude`, lng: sql`longitude`, department: sql`department_code`, region: sql`region_code` })
        : null;
    const where = sql.join([...(all ? [sql`search_vector @@ ${tsq(all)}`] : []), ...(area ? [area] : [])], sql` and `);
    const order = near ? sql`order by ${distanceKm(sql`latitude`, sql`longitude`, near)} nulls last` : sql`offset 0`;
    const bonus = near
      ? sql`case when p.latitude is null then 0 else ${nearness(near, sql`p.latitude`, sql`p.longitude`)} end`
      : loc
        ? sql`2`
        : sql`0`;
    parts.push(sql`
      select 'place', p.id,
             ${tier(sql`p.search_vector`, normalisedText(sql`p.name`), all, '{a,b}')} + ${textRank(sql`p.search_vector`, all)} + ${bonus} + 0.02,
             ${none}, ${none}, case when p.region_code is null then ${none} else array[p.region_code] end, null, 'place'
        from (select id, name, search_vector, region_code, latitude, longitude
                from (select * from places where ${where} offset 0) matches
               where status = 'published' and deleted_at is null ${order} limit ${cap}) p`);
  }

  // Skills: those the query names first, then by their words.
  if (docs || skillIds.length > 0) {
    const match = sql.join(
      [...(docs ? [sql`s.search_vector @@ ${tsq(docs)}`] : []), ...(skillIds.length > 0 ? [sql`s.id = any(${skills}::uuid[])`] : [])],
      sql` or `,
    );
    parts.push(sql`
      select 'skill', s.id,
             greatest(${
               input.skills.length > 0
                 ? sql`case ${sql.join(
                     input.skills.map((k) => sql`when s.id = ${k.id}::uuid then ${k.rank}::float8`),
                     sql` `,
                   )} else 0 end`
                 : sql`0`
             }, ${tier(sql`s.search_vector`, normalisedText(sql`s.name`), docs, '{a,b,c}')})
               + ${textRank(sql`s.search_vector`, docs)} + 0.03,
             ${none}, ${none}, ${none}, null, 'skill'
        from skills s where s.status = 'accepted' and (${match})`);
  }

  if (docs) {
    parts.push(sql`
      select 'tool', t.id,
             ${tier(sql`t.search_vector`, normalisedText(sql`t.name`), docs, '{a,c}')}
               + case when ts_filter(t.search_vector, '{a}') @@ ${tsq(docs)} then 0 else 0.3 end
               + ${textRank(sql`t.search_vector`, docs)} + 0.02,
             ${none}, ${none}, ${none}, t.licence, 'tool'
        from tools t where t.search_vector @@ ${tsq(docs)}`);
  }

  const text = all ?? (loc ? null : docs);
  if (text) {
    parts.push(sql`
      select 'community', c.id, ${tier(sql`c.search_vector`, normalisedText(sql`c.name`), text, '{a,b}')} + ${textRank(sql`c.search_vector`, text)} + 0.01,
             ${none}, ${none},
             case when c.scale = 'region' and c.scale_code is not null then array[c.scale_code] else ${none} end, null, 'community'
        from communities c where c.search_vector @@ ${tsq(text)}`);
    parts.push(sql`
      select 'publication', pu.id, ${tier(sql`pu.search_vector`, normalisedText(sql`pu.title`), text, '{a}')} + ${textRank(sql`pu.search_vector`, text)},
             ${none}, ${none}, ${none}, null, 'publication'
        from publications pu where pu.status = 'published' and pu.search_vector @@ ${tsq(text)}`);
    // Events and offers are somewhere: when the query names where (a region, a department, a
    // commune), only those of its region.
    const inRegion = (column: SQL) => (loc?.regionCode ? sql`and ${column} = ${loc.regionCode}` : sql``);
    // Events still to come (a past workshop is not what one looks for), not cancelled.
    parts.push(sql`
      select 'event', e.id, ${tier(sql`e.search_vector`, normalisedText(sql`e.title`), text, '{a,b}')} + ${textRank(sql`e.search_vector`, text)} + 0.015,
             ${none}, ${none}, case when e.region_code is null then ${none} else array[e.region_code] end, null, 'event'
        from (select * from events where search_vector @@ ${tsq(text)} offset 0) e
       where e.status <> 'cancelled' and exists (select 1 from event_sessions s where s.event_id = e.id and s.ends_at > now())
         ${inRegion(sql`e.region_code`)}
       limit ${cap}`);
    // Open offers, visible as their place is. The place is read per offer by its key (a scalar
    // subquery): as "exists", the planner hashed every published place first (15 ms at 5,000).
    parts.push(sql`
      select 'service', o.id, ${tier(sql`o.search_vector`, normalisedText(sql`o.title`), text, '{a}')} + ${textRank(sql`o.search_vector`, text)} + 0.015,
             ${none}, ${none}, case when o.region_code is null then ${none} else array[o.region_code] end, null, 'service'
        from (select * from service_offers where search_vector @@ ${tsq(text)} offset 0) o
       where o.status = 'published' and o.closed_at is null
         and (o.place_id is null or (select p.status = 'published' and p.deleted_at is null from places p where p.id = o.place_id))
         ${inRegion(sql`o.region_code`)}
       limit ${cap}`);
  }

  // Members: by the text of the fields the viewer may see; near the location when only a place
  // was typed (their profile is read only then).
  const memberVector = input.membersCanSee ? sql`ps.members_tsv` : sql`ps.public_tsv`;
  const levelsSeen = input.membersCanSee ? sql`array['public', 'members']` : sql`array['public']`;
  if (all) {
    // Around a commune named, the nearest first (beyond its radius too), when their commune is
    // visible to the viewer; in a department or region named, those there first.
    const point = centreOf(loc);
    const visibleWhere = sql`p.visibility->>'territory' = any(${levelsSeen}) and p.latitude is not null`;
    const near = point
      ? sql`case when ${visibleWhere} then ${nearness(point, sql`p.latitude`, sql`p.longitude`)} else 0 end`
      : loc
        ? sql`case when ${visibleWhere} and ${withinLocation(loc, { lat: sql`p.latitude`, lng: sql`p.longitude`, department: sql`p.department_code`, region: sql`p.region_code` })} then 2 else 0 end`
        : sql`0`;
    const order = point
      ? sql`order by case when ${visibleWhere} then ${distanceKm(sql`p.latitude`, sql`p.longitude`, point)} end nulls last`
      : sql`offset 0`;
    parts.push(sql`
      select 'member', ps.user_id,
             case when trim(regexp_replace(ps.sort_name, '[^a-z0-9]+', ' ', 'g')) = ${exact} then 4 else 1 end + ${textRank(sql`ps.vector`, all)} + ps.near,
             ${none}, ${none}, ${none}, null, 'member'
        from (select ps.user_id, ps.sort_name, ${memberVector} as vector, ${near} as near
                from profile_search ps ${loc ? sql`join profiles p on p.user_id = ps.user_id` : sql``}
               where ${memberVector} @@ ${tsq(all)} ${order} limit ${cap}) ps
        join users u on u.id = ps.user_id
       where u.email_verified_at is not null`);
  } else if (loc) {
    parts.push(sql`
      select 'member', p.user_id, 1 + ${locationBonus(loc, sql`p.latitude`, sql`p.longitude`)} * 0.2,
             ${none}, ${none}, ${none}, null, 'member'
        from profiles p join users u on u.id = p.user_id
       where u.email_verified_at is not null and p.visibility->>'territory' = any(${levelsSeen})
         and ${withinLocation(loc, { lat: sql`p.latitude`, lng: sql`p.longitude`, department: sql`p.department_code`, region: sql`p.region_code` })}
       limit ${cap}`);
  }
  // Each branch in parentheses: a branch's own "limit" must not apply to the whole union.
  return sql.join(
    parts.map((part) => sql`(${part})`),
    sql` union all `,
  );
}

/** Documents whose title or summary match (read by `branches`; the body is searched only when they are few). */
function titleHits(input: SearchInput): SQL {
  return input.docs
    ? sql`select ${DOC_COLUMNS}, 'title' as source from documents where rank_vector @@ ${tsq(input.docs)} offset 0 limit ${BRANCH_CAP + 1}`
    : sql`select ${DOC_COLUMNS}, 'title' as source from documents where false`;
}

const overlaps = (column: string, values: readonly string[]) =>
  values.length > 0 ? sql`${sql.raw(column)} && ${textArray(values)}` : sql`true`;

/** A page of ranked hits, how many there are in all, and the facets. */
export interface SearchFound {
  hits: Hit[];
  total: number;
  /** Some kind had more matches than are ranked: the total is "more than". */
  capped: boolean;
  facets: FacetCounts;
}

/**
 * Ranked hits for one page, the total, and facet counts. Type counts ignore the type filter
 * (so one can switch type); the other facets count what the current filters leave.
 */
export async function searchAll(database: Database, input: SearchInput): Promise<SearchFound> {
  const f = input.filters;
  const others = sql`${overlaps('levels', f.levels)} and ${overlaps('disciplines', f.disciplines)}
    and ${overlaps('regions', f.regions)} and ${f.licences.length > 0 ? sql`licence = any(${textArray(f.licences)})` : sql`true`}`;
  const typeFilter = f.types.length > 0 ? sql`type = any(${textArray(f.types)})` : sql`true`;
  // A prefix query (search as you type) makes the planner guess that reading every published
  // row and testing its large vector is cheaper than the GIN index (0.3–0.4 s at 20,000
  // projects), and then join the few matches to every user or document by hashing them all:
  // each branch matches on its GIN index alone ("offset 0" keeps it apart), visibility is
  // checked on the matches, and this one query runs without sequential scans or hash joins.
  // Without JIT too: a sequential scan that is still needed (no index serves it) then costs so
  // much on paper that a PostgreSQL server compiled the query with LLVM — 750 ms for a search
  // by a commune's name alone ("jardin"). PGlite has no JIT. Planned for its own words each time
  // (the embedded database plans its other prepared reads once): how many rows a word matches
  // decides the plan.
  const [row] = await readWithSettings<{ hits: Hit[] | null; total: number; capped: boolean | null; facets: FacetCounts }>(
    database,
    { enable_seqscan: 'off', enable_hashjoin: 'off', enable_mergejoin: 'off', jit: 'off', plan_cache_mode: 'force_custom_plan' },
    sql`with title_hits as materialized (${titleHits(input)}),
         raw as materialized (${branches(input)}),
         m as materialized (select distinct on (type, id) type, id,
             rank + ${input.types.length > 0 ? sql`case when type = any(${textArray(input.types)}) then 1.5 else 0 end` : sql`0`} as rank,
             levels, disciplines, regions, licence from raw order by type, id, rank desc),
         o as materialized (select * from m where ${others}),
         r as materialized (select * from o where ${typeFilter})
       select
         (select json_agg(json_build_object('type', type, 'id', id, 'rank', rank))
            from (select type, id, rank from r order by rank desc, id limit ${input.limit} offset ${input.offset}) page) as hits,
         (select count(*)::int from r) as total,
         exists (select 1 from raw group by source having count(*) > ${BRANCH_CAP}) as capped,
         json_build_object(
           'type', (select coalesce(json_object_agg(type, n), '{}') from (select type, count(*) as n from o group by type) x),
           'level', (select coalesce(json_object_agg(v, n), '{}') from (select v, count(*) as n from r, unnest(levels) v group by v) x),
           'discipline', (select coalesce(json_object_agg(v, n), '{}') from (select v, count(*) as n from r, unnest(disciplines) v group by v) x),
           'region', (select coalesce(json_object_agg(v, n), '{}') from (select v, count(*) as n from r, unnest(regions) v group by v) x),
           'licence', (select coalesce(json_object_agg(licence, n), '{}') from (select licence, count(*) as n from r where licence is not null group by licence) x)
         ) as facets`,
  );
  return {
    hits: row?.hits ?? [],
    total: row?.total ?? 0,
    capped: row?.capped ?? false,
    facets: row?.facets ?? { type: {}, level: {}, discipline: {}, region: {}, licence: {} },
  };
}

export interface HitDetail {
  id: string;
  slug: string;
  title: string;
  /** The beginning of the text the snippet is cut from (empty for suggestions). */
  text: string;
  /** A short line under the title: commune, kind, licence… */
  meta: string | null;
}

/** Kinds whose detail text is plain words, stripped of Markdown when saved (a document's `body_text`); the others' is Markdown. */
export const PLAIN_TEXT_TYPES: ReadonlySet<ResultType> = new Set(['project', 'guide']);

/** The detail query of one kind of result, for some ids (one branch of hitDetails' union). */
function detailsOf(type: ResultType, ids: readonly string[], membersCanSee: boolean, snippets: boolean): SQL {
  const excerpt = (text: SQL) => (snippets ? sql`left(${text}, 1500)` : sql`''`);
  const idList = uuidList(ids);
  switch (type) {
    case 'project':
    case 'guide':
      return sql`select ${type}::text as type, d.id, d.slug, d.title, ${excerpt(sql`concat_ws(' ', nullif(d.summary, ''), nullif(d.body_text, ''))`)} as text, d.licence as meta
              from documents d where d.id in (${idList})`;
    case 'place':
      return sql`select 'place'::text as type, p.id, p.slug, p.name as title, ${excerpt(sql`coalesce(nullif(p.description_md, ''), p.excerpt)`)} as text,
                   concat_ws(' ', p.postcode, p.commune) as meta
              from places p where p.id in (${idList})`;
    case 'event':
      return sql`select 'event'::text as type, e.id, e.slug, e.title, ${excerpt(sql`e.description_md`)} as text,
                   concat_ws(' · ', to_char((select min(s.starts_at) from event_sessions s where s.event_id = e.id and s.ends_at > now()) at time zone e.time_zone, 'DD/MM/YYYY'), coalesce(e.commune, e.venue_name)) as meta
              from events e where e.id in (${idList})`;
    case 'service':
      return sql`select 'service'::text as type, o.id, o.slug, o.title, ${excerpt(sql`o.description_md`)} as text,
                   coalesce(p.name, c.name) as meta
              from service_offers o left join places p on p.id = o.place_id left join communities c on c.id = o.community_id
             where o.id in (${idList})`;
    case 'tool':
      return sql`select 'tool'::text as type, t.id, t.slug, t.name as title, ${excerpt(sql`t.description_md`)} as text, t.licence as meta
              from tools t where t.id in (${idList})`;
    case 'skill':
      return sql`select 'skill'::text as type, s.id, s.slug, s.name as title, ${excerpt(sql`s.description`)} as text, s.family as meta
              from skills s where s.id in (${idList})`;
    case 'community':
      return sql`select 'community'::text as type, c.id, c.slug, c.name as title, ${excerpt(sql`c.one_liner || E'\n' || c.objectives_md`)} as text, null as meta
              from communities c where c.id in (${idList})`;
    case 'publication':
      return sql`select 'publication'::text as type, pu.id, pu.slug, pu.title, ${excerpt(sql`case when pu.summary <> '' then pu.summary else pu.body_md end`)} as text,
                   coalesce(pl.name, c.name, u.display_name) as meta
              from publications pu left join places pl on pl.id = pu.place_id left join communities c on c.id = pu.community_id
              left join users u on u.id = pu.author_id where pu.id in (${idList})`;
    case 'member': {
      // What a person reads of a member: their bio and commune, each only if the searcher may see
      // it (the indexed text also holds skill synonyms, which make a poor extract).
      const levels = membersCanSee ? sql`array['public', 'members']` : sql`array['public']`;
      const visible = (field: string, value: SQL) => sql`case when p.visibility->>${field} = any(${levels}) then ${value} end`;
      return sql`select 'member'::text as type, u.id, p.slug, u.display_name as title,
                   ${excerpt(sql`coalesce(${visible('bio', sql`p.bio`)}, '')`)} as text, ${visible('territory', sql`p.commune_name`)} as meta
              from users u join profiles p on p.user_id = u.id
             where u.id in (${idList})`;
    }
  }
}

/** Titles, links and the text to cut snippets from, for the hits of one page: one query for every kind present. */
export async function hitDetails(
  db: DbOrTx,
  idsByType: ReadonlyMap<ResultType, readonly string[]>,
  membersCanSee: boolean,
  snippets = true,
): Promise<Array<HitDetail & { type: ResultType }>> {
  // Kinds in one order whatever the hits' order: the statement's text then depends only on which
  // kinds are present, and the few texts there are stay prepared in the database thread.
  const parts = RESULT_TYPES.filter((type) => idsByType.has(type)).map(
    (type) => sql`(${detailsOf(type, idsByType.get(type) ?? [], membersCanSee, snippets)})`,
  );
  if (parts.length === 0) {
    return [];
  }
  return queryRows<HitDetail & { type: ResultType }>(db, sql.join(parts, sql` union all `));
}
