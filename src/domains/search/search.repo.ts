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
 * One branch of the search per kind of thing, each with the visibility rule of its own pages:
 * published places and documents only, accepted skills, members through the text of the fields
 * the viewer may see (`public_tsv` for visitors, `members_tsv` for confirmed members).
 * Rank: the full-text rank (title A, summary B, body C), + 0.5 when the title itself matches,
 * + 1 when the title is exactly what was typed — an exact title always beats a body mention.
 */
function branches(tsquery: string, exact: string, membersCanSee: boolean): SQL {
  const q = sql`to_tsquery('fr_unaccent', ${tsquery})`;
  const exactTitle = (title: SQL) =>
    sql`case when trim(regexp_replace(tisserin_unaccent(lower(${title})), '[^a-z0-9]+', ' ', 'g')) = ${exact} then 1 else 0 end`;
  const rank = (vector: SQL, title: SQL) =>
    sql`ts_rank(${vector}, ${q}) + case when ts_filter(${vector}, '{a}') @@ ${q} then 0.5 else 0 end + ${exactTitle(title)}`;
  const none = sql`'{}'::text[]`;
  const memberVector = membersCanSee ? sql`ps.members_tsv` : sql`ps.public_tsv`;
  return sql`
    select d.kind as type, d.id, ${rank(sql`d.search_vector`, sql`d.title`)} as rank,
           d.levels, d.disciplines, d.region_codes as regions, d.licence
      from documents d
     where d.search_vector @@ ${q} and d.published_at is not null and d.deleted_at is null
    union all
    select 'place', p.id, ${rank(sql`p.search_vector`, sql`p.name`)}, ${none}, ${none},
           case when p.region_code is null then ${none} else array[p.region_code] end, null
      from places p
     where p.search_vector @@ ${q} and p.status = 'published' and p.deleted_at is null
    union all
    select 'tool', t.id, ${rank(sql`t.search_vector`, sql`t.name`)}, ${none}, ${none}, ${none}, t.licence
      from tools t where t.search_vector @@ ${q}
    union all
    select 'skill', s.id, ${rank(sql`s.search_vector`, sql`s.name`)}, ${none}, ${none}, ${none}, null
      from skills s where s.search_vector @@ ${q} and s.status = 'accepted'
    union all
    select 'community', c.id, ${rank(sql`c.search_vector`, sql`c.name`)}, ${none}, ${none},
           case when c.scale = 'region' and c.scale_code is not null then array[c.scale_code] else ${none} end, null
      from communities c where c.search_vector @@ ${q}
    union all
    select 'publication', cp.id, ${rank(sql`cp.search_vector`, sql`cp.title`)}, ${none}, ${none}, ${none}, null
      from community_posts cp where cp.search_vector @@ ${q}
    union all
    select 'member', ps.user_id, ts_rank(${memberVector}, ${q})
             + case when to_tsvector('fr_unaccent', u.display_name) @@ ${q} then 0.5 else 0 end
             + ${exactTitle(sql`u.display_name`)}, ${none}, ${none}, ${none}, null
      from profile_search ps join users u on u.id = ps.user_id
     where ${memberVector} @@ ${q} and u.email_verified_at is not null`;
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
): Promise<{ hits: Hit[]; total: number; facets: FacetCounts }> {
  const f = input.filters;
  const others = sql`${overlaps('levels', f.levels)} and ${overlaps('disciplines', f.disciplines)}
    and ${overlaps('regions', f.regions)} and ${f.licences.length > 0 ? sql`licence = any(${textArray(f.licences)})` : sql`true`}`;
  const typeFilter = f.types.length > 0 ? sql`type = any(${textArray(f.types)})` : sql`true`;
  const [row] = await queryRows<{ hits: Hit[] | null; total: number; facets: FacetCounts }>(
    db,
    sql`with m as materialized (${branches(input.tsquery, input.exact, input.membersCanSee)}),
         o as materialized (select * from m where ${others}),
         r as materialized (select * from o where ${typeFilter})
       select
         (select json_agg(json_build_object('type', type, 'id', id, 'rank', rank))
            from (select type, id, rank from r order by rank desc, id limit ${input.limit} offset ${input.offset}) page) as hits,
         (select count(*)::int from r) as total,
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
    facets: row?.facets ?? { type: {}, level: {}, discipline: {}, region: {}, licence: {} },
  };
}

export interface HitDetail {
  id: string;
  slug: string;
  title: string;
  /** Plain text with U+E000 … U+E001 around the matched words (escaped, then marked, by the view). */
  snippet: string;
  /** A short line under the title: commune, kind, licence… */
  meta: string | null;
}

/** Headline options: private-use characters as marks, so the text can be escaped before marking. */
const HEADLINE = 'StartSel=\uE000, StopSel=\uE001, MaxWords=28, MinWords=10, MaxFragments=2, FragmentDelimiter=" … "';

/** Titles, links and highlighted snippets for the hits of one page (one query per type present). */
export async function hitDetails(
  db: DbOrTx,
  type: ResultType,
  ids: readonly string[],
  tsquery: string,
  membersCanSee: boolean,
  snippets = true,
): Promise<HitDetail[]> {
  const q = sql`to_tsquery('fr_unaccent', ${tsquery})`;
  const headline = (text: SQL) => (snippets ? sql`ts_headline('fr_unaccent', left(${text}, 4000), ${q}, ${HEADLINE})` : sql`''`);
  const idList = uuidList(ids);
  switch (type) {
    case 'project':
    case 'guide':
      return queryRows<HitDetail>(
        db,
        sql`select d.id, d.slug, d.title, ${headline(sql`d.summary || E'\n' || d.body_text`)} as snippet, d.licence as meta
              from documents d where d.id in (${idList})`,
      );
    case 'place':
      return queryRows<HitDetail>(
        db,
        sql`select p.id, p.slug, p.name as title, ${headline(sql`coalesce(nullif(p.description_md, ''), p.excerpt)`)} as snippet,
                   concat_ws(' ', p.postcode, p.commune) as meta
              from places p where p.id in (${idList})`,
      );
    case 'tool':
      return queryRows<HitDetail>(
        db,
        sql`select t.id, t.slug, t.name as title, ${headline(sql`t.description_md`)} as snippet, t.licence as meta
              from tools t where t.id in (${idList})`,
      );
    case 'skill':
      return queryRows<HitDetail>(
        db,
        sql`select s.id, s.slug, s.name as title, ${headline(sql`s.description || ' ' || tisserin_array_text(s.synonyms)`)} as snippet, s.family as meta
              from skills s where s.id in (${idList})`,
      );
    case 'community':
      return queryRows<HitDetail>(
        db,
        sql`select c.id, c.slug, c.name as title, ${headline(sql`c.one_liner || E'\n' || c.objectives_md`)} as snippet, null as meta
              from communities c where c.id in (${idList})`,
      );
    case 'publication':
      return queryRows<HitDetail>(
        db,
        sql`select cp.id, c.slug || '#publication-' || cp.id as slug, cp.title, ${headline(sql`cp.body_md`)} as snippet, c.name as meta
              from community_posts cp join communities c on c.id = cp.community_id where cp.id in (${idList})`,
      );
    case 'member':
      return queryRows<HitDetail>(
        db,
        sql`select u.id, p.slug, u.display_name as title,
                   ${headline(membersCanSee ? sql`ps.members_text` : sql`ps.public_text`)} as snippet, null as meta
              from profile_search ps join users u on u.id = ps.user_id join profiles p on p.user_id = u.id
             where u.id in (${idList})`,
      );
  }
}
