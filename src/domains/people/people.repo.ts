import { and, eq, type SQL, sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../../db/client.ts';
import type { Visibility } from '../../lib/visibility.ts';
import { users } from '../accounts/accounts.schema.ts';
import { placeAffiliations, profiles } from './people.schema.ts';

export type ProfileRow = typeof profiles.$inferSelect;
export type MemberRow = ProfileRow & { displayName: string; emailVerified: boolean };

const textArray = (values: readonly string[]) =>
  values.length === 0
    ? sql`'{}'::text[]`
    : sql`array[${sql.join(
        values.map((v) => sql`${v}`),
        sql`, `,
      )}]::text[]`;

export async function insertProfile(db: DbOrTx, values: typeof profiles.$inferInsert): Promise<void> {
  await db.insert(profiles).values(values).onConflictDoNothing();
}

export async function insertProfilesBulk(db: DbOrTx, rows: Array<typeof profiles.$inferInsert>): Promise<void> {
  if (rows.length > 0) {
    await db.insert(profiles).values(rows);
  }
}

export async function slugTaken(db: DbOrTx, slug: string): Promise<boolean> {
  const [row] = await db.select({ id: profiles.userId }).from(profiles).where(eq(profiles.slug, slug)).limit(1);
  return !!row;
}

const memberSelect = (
  where: SQL,
) => sql`select p.user_id as "userId", p.slug, p.bio, p.photo_key as "photoKey", p.network_roles as "networkRoles",
    p.teaching_discipline as "teachingDiscipline", p.teaching_level as "teachingLevel", p.commune_insee as "communeInsee",
    p.commune_name as "communeName", p.department_code as "departmentCode", p.region_code as "regionCode", p.academie,
    p.latitude, p.longitude, p.open_to as "openTo", p.links, p.visibility, p.digest, p.unsubscribe_token as "unsubscribeToken",
    p.last_digest_at as "lastDigestAt", p.created_at as "createdAt", p.updated_at as "updatedAt",
    u.display_name as "displayName", (u.email_verified_at is not null) as "emailVerified"
  from profiles p join users u on u.id = p.user_id where ${where} limit 1`;

export async function findMemberBySlug(db: DbOrTx, slug: string): Promise<MemberRow | undefined> {
  const [row] = await queryRows<MemberRow>(db, memberSelect(sql`p.slug = ${slug}`));
  return row;
}

export async function findMemberById(db: DbOrTx, userId: string): Promise<MemberRow | undefined> {
  const [row] = await queryRows<MemberRow>(db, memberSelect(sql`p.user_id = ${userId}`));
  return row;
}

export async function findProfileByUnsubscribeToken(db: DbOrTx, token: string) {
  const [row] = await db
    .select({ userId: profiles.userId, digest: profiles.digest })
    .from(profiles)
    .where(eq(profiles.unsubscribeToken, token))
    .limit(1);
  return row;
}

export async function updateProfile(db: DbOrTx, userId: string, values: Partial<typeof profiles.$inferInsert>): Promise<void> {
  await db
    .update(profiles)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(profiles.userId, userId));
}

export async function updateDisplayName(db: DbOrTx, userId: string, displayName: string): Promise<void> {
  await db.update(users).set({ displayName, updatedAt: new Date() }).where(eq(users.id, userId));
}

/**
 * Rebuild what the directory searches for one member (or all, with `userId` null): the name,
 * plus each field at the level its owner chose (skills by name and synonyms).
 */
export async function refreshSearchText(db: DbOrTx, userId: string | null): Promise<void> {
  const field = (name: string, expr: SQL, levels: readonly Visibility[]) =>
    sql`case when p.visibility->>${name} = any(${textArray(levels)}) then coalesce(${expr}, '') else '' end`;
  const text = (levels: readonly Visibility[]) => sql`concat_ws(' ', u.display_name,
      ${field('bio', sql`p.bio`, levels)},
      ${field('roles', sql`tisserin_array_text(p.network_roles) || ' ' || coalesce(p.teaching_discipline, '')`, levels)},
      ${field('territory', sql`p.commune_name || ' ' || coalesce(p.academie, '')`, levels)},
      ${field('skills', sql`(select string_agg(s.name || ' ' || tisserin_array_text(s.synonyms), ' ') from member_skills ms join skills s on s.id = ms.skill_id where ms.user_id = p.user_id)`, levels)})`;
  await db.execute(sql`insert into profile_search (user_id, public_text, members_text)
    select p.user_id, ${text(['public'])}, ${text(['public', 'members'])}
    from profiles p join users u on u.id = p.user_id
    where ${userId ? sql`p.user_id = ${userId}` : sql`true`}
    on conflict (user_id) do update set public_text = excluded.public_text, members_text = excluded.members_text`);
}

// ---- directory ----------------------------------------------------------------------------

export const MEMBER_FACETS = ['role', 'skill', 'region', 'openTo'] as const;
export type MemberFacet = (typeof MEMBER_FACETS)[number];

export interface MemberSearch {
  q: string;
  filters: Record<MemberFacet, string[]>;
  near?: { lat: number; lng: number; km: number };
  /** Only people who can pass the skill on (level "je peux transmettre"): the chosen skills, else those the words name. */
  transmit?: boolean;
  page: number;
}

/** Haversine distance in km between a profile's commune centre and a point. */
const distanceSql = (lat: number, lng: number) =>
  sql`(2 * 6371 * asin(sqrt(power(sin(radians(p.latitude - ${lat}) / 2), 2)
      + cos(radians(${lat})) * cos(radians(p.latitude)) * power(sin(radians(p.longitude - ${lng}) / 2), 2))))`;

function memberConditions(search: MemberSearch, visible: readonly Visibility[], tsquery: string | null, except?: MemberFacet): SQL {
  const can = (field: string) => sql`p.visibility->>${field} = any(${textArray(visible)})`;
  const parts: SQL[] = [sql`u.email_verified_at is not null`];
  if (tsquery) {
    const column = visible.includes('members') ? sql`ps.members_text` : sql`ps.public_text`;
    parts.push(sql`to_tsvector('fr_unaccent', ${column}) @@ to_tsquery('fr_unaccent', ${tsquery})`);
  }
  const f = search.filters;
  if (except !== 'role' && f.role.length > 0) {
    parts.push(sql`${can('roles')} and p.network_roles && ${textArray(f.role)}`);
  }
  if (except !== 'openTo' && f.openTo.length > 0) {
    parts.push(sql`${can('openTo')} and p.open_to && ${textArray(f.openTo)}`);
  }
  if (except !== 'region' && f.region.length > 0) {
    parts.push(sql`${can('territory')} and p.region_code = any(${textArray(f.region)})`);
  }
  if (except !== 'skill' && f.skill.length > 0) {
    parts.push(
      sql`${can('skills')} and exists (select 1 from member_skills ms join skills s on s.id = ms.skill_id where ms.user_id = p.user_id and s.slug = any(${textArray(f.skill)}))`,
    );
  }
  if (search.transmit) {
    const which =
      except !== 'skill' && f.skill.length > 0
        ? sql`s.slug = any(${textArray(f.skill)})`
        : tsquery
          ? sql`s.search_vector @@ to_tsquery('fr_unaccent', ${tsquery})`
          : sql`true`;
    parts.push(
      sql`${can('skills')} and exists (select 1 from member_skills ms join skills s on s.id = ms.skill_id where ms.user_id = p.user_id and ms.level = 3 and ${which})`,
    );
  }
  if (search.near) {
    const { lat, lng, km } = search.near;
    const dLat = km / 111;
    const dLng = km / (111 * Math.max(0.1, Math.cos((lat * Math.PI) / 180)));
    parts.push(
      sql`${can('territory')} and p.latitude between ${lat - dLat} and ${lat + dLat} and p.longitude between ${lng - dLng} and ${lng + dLng}
          and ${distanceSql(lat, lng)} <= ${km}`,
    );
  }
  return sql.join(parts, sql` and `);
}

export interface MemberCardRow {
  userId: string;
  slug: string;
  displayName: string;
  networkRoles: string[] | null;
  /** The start of the portrait's key (cache-busting), when the viewer may see it. */
  photoVersion: string | null;
  communeName: string | null;
  departmentCode: string | null;
  distanceKm: number | null;
  skills: Array<{ name: string; level: number }> | null;
  total: number;
}

/** One page of members matching a search, only with the fields the viewer may see. */
export async function findMemberCards(
  db: DbOrTx,
  search: MemberSearch,
  visible: readonly Visibility[],
  tsquery: string | null,
  limit: number,
) {
  const can = (field: string) => sql`p.visibility->>${field} = any(${textArray(visible)})`;
  const distance = search.near ? distanceSql(search.near.lat, search.near.lng) : sql`null`;
  return queryRows<MemberCardRow>(
    db,
    sql`select p.user_id as "userId", p.slug, u.display_name as "displayName",
          case when ${can('roles')} then p.network_roles end as "networkRoles",
          case when ${can('photo')} then left(p.photo_key, 10) end as "photoVersion",
          case when ${can('territory')} then p.commune_name end as "communeName",
          case when ${can('territory')} then p.department_code end as "departmentCode",
          case when ${can('territory')} and p.latitude is not null then round((${distance})::numeric, 1)::float8 end as "distanceKm",
          case when ${can('skills')} then (select json_agg(json_build_object('name', s.name, 'level', ms.level) order by ms.level desc, s.name)
              from member_skills ms join skills s on s.id = ms.skill_id where ms.user_id = p.user_id) end as skills,
          count(*) over ()::int as total
        from profiles p join users u on u.id = p.user_id left join profile_search ps on ps.user_id = p.user_id
        where ${memberConditions(search, visible, tsquery)}
        order by ${search.near ? sql`${distance} nulls last,` : sql``} u.display_name collate "und-x-icu"
        limit ${limit} offset ${(search.page - 1) * limit}`,
  );
}

/** Counts per facet value (each facet ignores its own selection), on visible fields only. */
export async function countMemberFacets(db: DbOrTx, search: MemberSearch, visible: readonly Visibility[], tsquery: string | null) {
  const can = (field: string) => sql`p.visibility->>${field} = any(${textArray(visible)})`;
  const from = sql`from profiles p join users u on u.id = p.user_id left join profile_search ps on ps.user_id = p.user_id`;
  return queryRows<{ facet: MemberFacet; value: string; count: number }>(
    db,
    sql`select 'role' as facet, r.v as value, count(*)::int as count ${from} cross join lateral unnest(p.network_roles) r(v)
          where ${memberConditions(search, visible, tsquery, 'role')} and ${can('roles')} group by r.v
        union all
        select 'openTo', o.v, count(*)::int ${from} cross join lateral unnest(p.open_to) o(v)
          where ${memberConditions(search, visible, tsquery, 'openTo')} and ${can('openTo')} group by o.v
        union all
        select 'region', p.region_code, count(*)::int ${from}
          where ${memberConditions(search, visible, tsquery, 'region')} and ${can('territory')} and p.region_code is not null group by p.region_code
        union all
        (select 'skill', s.slug, count(*)::int ${from} join member_skills ms on ms.user_id = p.user_id join skills s on s.id = ms.skill_id
          where ${memberConditions(search, visible, tsquery, 'skill')} and ${can('skills')} group by s.slug order by 3 desc limit 40)`,
  );
}

// ---- affiliations -------------------------------------------------------------------------

export async function upsertAffiliation(db: DbOrTx, userId: string, placeId: string, role: string): Promise<void> {
  await db
    .insert(placeAffiliations)
    .values({ userId, placeId, role })
    .onConflictDoUpdate({ target: [placeAffiliations.userId, placeAffiliations.placeId], set: { role } });
}

export async function deleteAffiliation(db: DbOrTx, userId: string, placeId: string): Promise<void> {
  await db.delete(placeAffiliations).where(and(eq(placeAffiliations.userId, userId), eq(placeAffiliations.placeId, placeId)));
}

/** The places a member takes part in (with their role) or manages, published ones only. */
export async function listMemberPlaces(db: DbOrTx, userId: string) {
  return queryRows<{ placeId: string; slug: string; name: string; commune: string | null; role: string; manager: boolean }>(
    db,
    sql`select pl.id as "placeId", pl.slug, pl.name, pl.commune, coalesce(a.role, 'animation') as role, (pm.user_id is not null) as manager
        from places pl
        left join place_affiliations a on a.place_id = pl.id and a.user_id = ${userId}
        left join place_managers pm on pm.place_id = pl.id and pm.user_id = ${userId}
        where (a.user_id is not null or pm.user_id is not null) and pl.status = 'published' and pl.deleted_at is null
        order by pl.name collate "und-x-icu"`,
  );
}

export async function findAffiliation(db: DbOrTx, userId: string, placeId: string) {
  const [row] = await db
    .select()
    .from(placeAffiliations)
    .where(and(eq(placeAffiliations.userId, userId), eq(placeAffiliations.placeId, placeId)))
    .limit(1);
  return row;
}

/** Members taking part in a place whose "places" field the viewer may see. */
export async function listPlaceParticipants(db: DbOrTx, placeId: string, visible: readonly Visibility[]) {
  return queryRows<{ slug: string; displayName: string; role: string }>(
    db,
    sql`select p.slug, u.display_name as "displayName", a.role
        from place_affiliations a join profiles p on p.user_id = a.user_id join users u on u.id = a.user_id
        where a.place_id = ${placeId} and p.visibility->>'places' = any(${textArray(visible)})
        order by u.display_name collate "und-x-icu" limit 100`,
  );
}

export async function countProfiles(db: DbOrTx): Promise<number> {
  const [row] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from profiles`);
  return Number(row?.n ?? 0);
}

/** RGPD export: the whole profile (private fields included) and the places one takes part in. */
export async function exportProfile(db: DbOrTx, userId: string) {
  const [profile] = await queryRows<Record<string, unknown>>(
    db,
    sql`select slug, bio, network_roles, teaching_discipline, teaching_level, commune_name, department_code, region_code, academie,
          open_to, links, visibility, digest, created_at, updated_at from profiles where user_id = ${userId}`,
  );
  const affiliations = await queryRows(
    db,
    sql`select pl.name as place, a.role, a.created_at from place_affiliations a join places pl on pl.id = a.place_id where a.user_id = ${userId}`,
  );
  return { profile, affiliations };
}
