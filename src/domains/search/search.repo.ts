import { type SQL, sql } from 'drizzle-orm';
import { type DbOrTx, queryRows, textArray, uuidList } from '../../db/client.ts';

/** Everything one search box finds, in the order results are labelled on the page. */
export const RESULT_TYPES = ['project', 'guide', 'place', 'tool', 'skill', 'community', 'publication', 'member'] as const;
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

/**
 * One branch of the search per kind of thing, each with the visibility rule of its own pages:
 * published places and documents only, accepted skills, members through the text of the fields
 * the viewer may see (`public_tsv` for visitors, `members_tsv` for confirmed members).
 * Rank: the full-text rank of the title and summary (title A, summary B — a body mention alone
 * ranks lowest), + 0.5 when the title itself matches, + 1 when the title is exactly what was
 * typed: an exact title always beats a body mention.
 *
 * Each branch matches on its GIN index alone ("offset 0" keeps the planner from mixing in other
 * indexes), then checks visibility on the matches. Documents come from three sources: the exact
 * title (a btree lookup), matches in the title or summary (small `rank_vector`), and matches
 * anywhere — each capped, so that title matches are never crowded out by body mentions (a
 * document found twice counts once, with its best rank).
 */
function branches(tsquery: string, exact: string, membersCanSee: boolean): SQL {
  const q = sql`to_tsquery('fr_unaccent', ${tsquery})`;
  const normalised = (title: SQL) => sql`trim(regexp_replace(tisserin_unaccent(lower(${title})), '[^a-z0-9]+', ' ', 'g'))`;
  /** `vector` holds the title as weight A: the bonuses are only looked for when the title matches. */
  const rank = (vector: SQL, title: SQL) =>
    sql`ts_rank(${vector}, ${q}) + case when ts_filter(${vector}, '{a}') @@ ${q}
          then 0.5 + case when ${normalised(title)} = ${exact} then 1 else 0 end else 0 end`;
  const none = sql`'{}'::text[]`;
  const memberVector = membersCanSee ? sql`ps.members_tsv` : sql`ps.public_tsv`;
  const docColumns = sql`id, kind, title, rank_vector, levels, disciplines, region_codes, licence, published_at, deleted_at`;
  const cap = BRANCH_CAP + 1; // one more than shown: tells whether the cap was reached
  return sql`
    select d.kind as type, d.id, ${rank(sql`d.rank_vector`, sql`d.title`)} as rank,
           d.levels, d.disciplines, d.region_codes as regions, d.licence, d.source
      from (
        (select ${docColumns}, 'exact' as source from documents where ${normalised(sql`title`)} = ${exact} limit 20)
        union all
        (select ${docColumns}, 'title' as source from documents where rank_vector @@ ${q} offset 0 limit ${cap})
        union all
        (select ${docColumns}, 'body' as source from documents where search_vector @@ ${q} offset 0 limit ${cap})
      ) d
     where d.published_at is not null and d.deleted_at is null
    union all
    select 'place', p.id, ${rank(sql`p.search_vector`, sql`p.name`)}, ${none}, ${none},
           case when p.region_code is null then ${none} else array[p.region_code] end, null, 'place'
      from (select id, name, search_vector, region_code, status, deleted_at from places where search_vector @@ ${q} offset 0 limit ${cap}) p
     where p.status = 'published' and p.deleted_at is null
    union all
    select 'tool', t.id, ${rank(sql`t.search_vector`, sql`t.name`)}, ${none}, ${none}, ${none}, t.licence, 'tool'
      from tools t where t.search_vector @@ ${q}
    union all
    select 'skill', s.id, ${rank(sql`s.search_vector`, sql`s.name`)}, ${none}, ${none}, ${none}, null, 'skill'
      from skills s where s.search_vector @@ ${q} and s.status = 'accepted'
    union all
    select 'community', c.id, ${rank(sql`c.search_vector`, sql`c.name`)}, ${none}, ${none},
           case when c.scale = 'region' and c.scale_code is not null then array[c.scale_code] else ${none} end, null, 'community'
      from communities c where c.search_vector @@ ${q}
    union all
    select 'publication', cp.id, ${rank(sql`cp.search_vector`, sql`cp.title`)}, ${none}, ${none}, ${none}, null, 'publication'
      from community_posts cp where cp.search_vector @@ ${q}
    union all
    select 'member', ps.user_id, ts_rank(ps.vector, ${q})
             + case when trim(regexp_replace(ps.sort_name, '[^a-z0-9]+', ' ', 'g')) = ${exact} then 1.5 else 0 end,
           ${none}, ${none}, ${none}, null, 'member'
      from (select ps.user_id, ps.sort_name, ${memberVector} as vector from profile_search ps where ${memberVector} @@ ${q} offset 0 limit ${cap}) ps
      join users u on u.id = ps.user_id
     where u.email_verified_at is not null`;
}

const overlaps = (column: string, values: readonly string[]) =>
  values.length > 0 ? sql`${sql.raw(column)} && ${textArray(values)}` : sql`true`;

/**
 * Ranked hits for one page, the total, and facet counts. Type counts ignore the type filter
 * (so one can switch type); the other facets count what the current filters leave.
 */
export async function searchAll(
  db: DbOrTx,
  input: { tsquery: string; exact: string; membersCanSee: boolean; filters: SearchFilters; limit: number; offset: number },
): Promise<{ hits: Hit[]; total: number; capped: boolean; facets: FacetCounts }> {
  const f = input.filters;
  const others = sql`${overlaps('levels', f.levels)} and ${overlaps('disciplines', f.disciplines)}
    and ${overlaps('regions', f.regions)} and ${f.licences.length > 0 ? sql`licence = any(${textArray(f.licences)})` : sql`true`}`;
  const typeFilter = f.types.length > 0 ? sql`type = any(${textArray(f.types)})` : sql`true`;
  // A prefix query (search as you type) makes the planner guess that reading every published
  // row and testing its large vector is cheaper than the GIN index (0.3–0.4 s at 20,000
  // projects), and then join the few matches to every user or document by hashing them all:
  // each branch matches on its GIN index alone ("offset 0" keeps it apart), visibility is
  // checked on the matches, and this one query runs without sequential scans or hash joins.
  const [row] = await db.transaction(async (tx) => {
    await tx.execute(
      sql`select set_config('enable_seqscan', 'off', true), set_config('enable_hashjoin', 'off', true), set_config('enable_mergejoin', 'off', true)`,
    );
    return queryRows<{ hits: Hit[] | null; total: number; capped: boolean | null; facets: FacetCounts }>(
      tx,
      sql`with raw as materialized (${branches(input.tsquery, input.exact, input.membersCanSee)}),
         m as materialized (select distinct on (type, id) type, id, rank, levels, disciplines, regions, licence from raw order by type, id, rank desc),
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
  });
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

/** The detail query of one kind of result, for some ids (one branch of hitDetails' union). */
function detailsOf(type: ResultType, ids: readonly string[], membersCanSee: boolean, snippets: boolean): SQL {
  const excerpt = (text: SQL) => (snippets ? sql`left(${text}, 1500)` : sql`''`);
  const idList = uuidList(ids);
  switch (type) {
    case 'project':
    case 'guide':
      return sql`select ${type}::text as type, d.id, d.slug, d.title, ${excerpt(sql`d.summary || E'\n' || d.body_text`)} as text, d.licence as meta
              from documents d where d.id in (${idList})`;
    case 'place':
      return sql`select 'place'::text as type, p.id, p.slug, p.name as title, ${excerpt(sql`coalesce(nullif(p.description_md, ''), p.excerpt)`)} as text,
                   concat_ws(' ', p.postcode, p.commune) as meta
              from places p where p.id in (${idList})`;
    case 'tool':
      return sql`select 'tool'::text as type, t.id, t.slug, t.name as title, ${excerpt(sql`t.description_md`)} as text, t.licence as meta
              from tools t where t.id in (${idList})`;
    case 'skill':
      return sql`select 'skill'::text as type, s.id, s.slug, s.name as title, ${excerpt(sql`s.description || ' ' || tisserin_array_text(s.synonyms)`)} as text, s.family as meta
              from skills s where s.id in (${idList})`;
    case 'community':
      return sql`select 'community'::text as type, c.id, c.slug, c.name as title, ${excerpt(sql`c.one_liner || E'\n' || c.objectives_md`)} as text, null as meta
              from communities c where c.id in (${idList})`;
    case 'publication':
      return sql`select 'publication'::text as type, cp.id, c.slug || '#publication-' || cp.id as slug, cp.title, ${excerpt(sql`cp.body_md`)} as text, c.name as meta
              from community_posts cp join communities c on c.id = cp.community_id where cp.id in (${idList})`;
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
  const parts = [...idsByType].map(([type, ids]) => sql`(${detailsOf(type, ids, membersCanSee, snippets)})`);
  if (parts.length === 0) {
    return [];
  }
  return queryRows<HitDetail & { type: ResultType }>(db, sql.join(parts, sql` union all `));
}
