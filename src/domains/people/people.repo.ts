import { and, eq, type SQL, sql } from 'drizzle-orm';
import { type DbOrTx, part, queryRows, textArray, uuidList } from '../../db/client.ts';
import { distanceKm, withinKm } from '../../db/expressions.ts';
import type { Visibility } from '../../lib/visibility.ts';
import { users } from '../accounts/accounts.schema.ts';
import { type ProfileField, placeAffiliations, profiles } from './people.schema.ts';

export type ProfileRow = typeof profiles.$inferSelect;
export type MemberRow = ProfileRow & { displayName: string; emailVerified: boolean };

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
  await db.execute(sql`insert into profile_search (user_id, public_text, members_text, sort_name)
    select p.user_id, ${text(['public'])}, ${text(['public', 'members'])}, lower(tisserin_unaccent(u.display_name))
    from profiles p join users u on u.id = p.user_id
    where ${userId ? sql`p.user_id = ${userId}` : sql`true`}
    on conflict (user_id) do update
      set public_text = excluded.public_text, members_text = excluded.members_text, sort_name = excluded.sort_name`);
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
const distanceSql = (lat: number, lng: number) => distanceKm(sql`p.latitude`, sql`p.longitude`, { lat, lng });

/**
 * A search as SQL: the conditions every facet shares (confirmed account, words, distance) and
 * one condition per facet, so that each facet's counts can ignore its own selection. Every
 * field is read only where its owner's visibility lets the viewer see it.
 */
function memberFilters(search: MemberSearch, visible: readonly Visibility[], tsquery: string | null) {
  const can = (field: string) => sql`p.visibility->>${field} = any(${textArray(visible)})`;
  const f = search.filters;
  const shared: SQL[] = [sql`u.email_verified_at is not null`];
  if (tsquery) {
    const vector = visible.includes('members') ? sql`ps.members_tsv` : sql`ps.public_tsv`;
    shared.push(sql`${vector} @@ to_tsquery('fr_unaccent', ${tsquery})`);
  }
  if (search.near) {
    shared.push(sql`${can('territory')} and ${withinKm(sql`p.latitude`, sql`p.longitude`, search.near, search.near.km)}`);
  }
  const hasSkill = (which: SQL, level3: boolean) =>
    sql`(${can('skills')} and exists (select 1 from member_skills ms join skills s on s.id = ms.skill_id
          where ms.user_id = p.user_id ${level3 ? sql`and ms.level = 3` : sql``} and ${which}))`;
  // "Can pass it on" without a chosen skill: a level-3 skill the words name (or any).
  const transmitNamed = search.transmit
    ? hasSkill(tsquery ? sql`s.search_vector @@ to_tsquery('fr_unaccent', ${tsquery})` : sql`true`, true)
    : null;
  if (transmitNamed && f.skill.length === 0) {
    shared.push(transmitNamed);
  }
  const facet: Record<MemberFacet, SQL> = {
    role: f.role.length > 0 ? sql`(${can('roles')} and p.network_roles && ${textArray(f.role)})` : sql`true`,
    openTo: f.openTo.length > 0 ? sql`(${can('openTo')} and p.open_to && ${textArray(f.openTo)})` : sql`true`,
    region: f.region.length > 0 ? sql`(${can('territory')} and p.region_code = any(${textArray(f.region)}))` : sql`true`,
    skill: f.skill.length > 0 ? hasSkill(sql`s.slug = any(${textArray(f.skill)})`, !!search.transmit) : sql`true`,
  };
  // The skill facet, ignoring the chosen skills, still honours "can pass it on".
  const skillFacet = transmitNamed && f.skill.length > 0 ? transmitNamed : sql`true`;
  return { can, shared: sql.join(shared, sql` and `), facet, skillFacet };
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
}

/** One page of members matching a search (by distance, else by name), only with the fields the viewer may see. */
export async function findMemberCards(
  db: DbOrTx,
  search: MemberSearch,
  visible: readonly Visibility[],
  tsquery: string | null,
  limit: number,
) {
  const { can, shared, facet } = memberFilters(search, visible, tsquery);
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
              from member_skills ms join skills s on s.id = ms.skill_id where ms.user_id = p.user_id) end as skills
        from profile_search ps join profiles p on p.user_id = ps.user_id join users u on u.id = ps.user_id
        where ${shared} and ${facet.role} and ${facet.openTo} and ${facet.region} and ${facet.skill}
        order by ${search.near ? sql`${distance} nulls last,` : sql``} ps.sort_name, ps.user_id
        limit ${limit} offset ${(search.page - 1) * limit}`,
  );
}

/**
 * The number of matches, and the counts per facet value (each facet ignoring its own
 * selection), on visible fields only: the matching members are found once, then counted.
 */
export async function countMemberFacets(db: DbOrTx, search: MemberSearch, visible: readonly Visibility[], tsquery: string | null) {
  const { can, shared, facet, skillFacet } = memberFilters(search, visible, tsquery);
  return queryRows<{ facet: MemberFacet | 'total'; value: string | null; count: number }>(
    db,
    sql`with base as materialized (
          select p.user_id,
            case when ${can('roles')} then p.network_roles end as roles,
            case when ${can('openTo')} then p.open_to end as open_to,
            case when ${can('territory')} then p.region_code end as region,
            ${can('skills')} as skills_visible,
            ${facet.role} as ok_role, ${facet.openTo} as ok_open, ${facet.region} as ok_region, ${facet.skill} as ok_skill,
            ${skillFacet} as ok_skill_facet
          from profile_search ps join profiles p on p.user_id = ps.user_id join users u on u.id = ps.user_id
          where ${shared})
        select 'total' as facet, null as value, (count(*) filter (where ok_role and ok_open and ok_region and ok_skill))::int as count from base
        union all
        select 'role', r.v, count(*)::int from base cross join lateral unnest(base.roles) r(v)
          where ok_open and ok_region and ok_skill group by r.v
        union all
        select 'openTo', o.v, count(*)::int from base cross join lateral unnest(base.open_to) o(v)
          where ok_role and ok_region and ok_skill group by o.v
        union all
        select 'region', region, count(*)::int from base
          where region is not null and ok_role and ok_open and ok_skill group by region
        union all
        (select 'skill', s.slug, count(*)::int from base join member_skills ms on ms.user_id = base.user_id join skills s on s.id = ms.skill_id
          where skills_visible and ok_role and ok_open and ok_region and ok_skill_facet group by s.slug order by 3 desc limit 40)`,
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

/** How many people have a confirmed account. */
export async function countVerifiedMembers(db: DbOrTx): Promise<number> {
  const [row] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from users where email_verified_at is not null`);
  return Number(row?.n ?? 0);
}

/** The places a member takes part in (with their role) or manages, published ones only. */
export type MemberPlaceRow = { placeId: string; slug: string; name: string; commune: string | null; role: string; manager: boolean };

export async function listMemberPlaces(db: DbOrTx, userId: string) {
  return queryRows<MemberPlaceRow>(db, memberPlacesPart(userId).query);
}

/** The places a member takes part in or manages (a part of one statement: readTogether). */
export const memberPlacesPart = (userId: string) =>
  part<MemberPlaceRow>(
    // From the member's own rows (two index lookups), not from every place.
    sql`select pl.id as "placeId", pl.slug, pl.name, pl.commune, coalesce(a.role, 'animation') as role, (pm.user_id is not null) as manager
        from (select place_id from place_affiliations where user_id = ${userId}
              union select place_id from place_managers where user_id = ${userId}) mine
        join places pl on pl.id = mine.place_id
        left join place_affiliations a on a.place_id = pl.id and a.user_id = ${userId}
        left join place_managers pm on pm.place_id = pl.id and pm.user_id = ${userId}
        where pl.status = 'published' and pl.deleted_at is null
        order by pl.name collate "und-x-icu"`,
  );

export async function findAffiliation(db: DbOrTx, userId: string, placeId: string) {
  const [row] = await db
    .select()
    .from(placeAffiliations)
    .where(and(eq(placeAffiliations.userId, userId), eq(placeAffiliations.placeId, placeId)))
    .limit(1);
  return row;
}

/** Members taking part in a place whose "places" field the viewer may see. */
export const placeParticipantsPart = (placeId: string, visible: readonly Visibility[]) =>
  part<{ slug: string; displayName: string; role: string }>(
    sql`select p.slug, u.display_name as "displayName", a.role
        from place_affiliations a join profiles p on p.user_id = a.user_id join users u on u.id = a.user_id
        where a.place_id = ${placeId} and p.visibility->>'places' = any(${textArray(visible)})
        order by u.display_name collate "und-x-icu" limit 100`,
  );

export async function listPlaceParticipants(db: DbOrTx, placeId: string, visible: readonly Visibility[]) {
  return queryRows<{ slug: string; displayName: string; role: string }>(db, placeParticipantsPart(placeId, visible).query);
}

/** How one person takes part in a place (none for nobody). */
export const affiliationPart = (userId: string | null, placeId: string) =>
  part<{ role: string }>(
    sql`select role from place_affiliations where user_id in (${uuidList(userId ? [userId] : [])}) and place_id = ${placeId} limit 1`,
  );

/** The visibility of one profile field of each of `userIds`. */
export const fieldVisibilitiesPart = (userIds: readonly string[], field: ProfileField) =>
  part<{ userId: string; visibility: Visibility }>(
    sql`select user_id as "userId", visibility->>${field} as visibility from profiles where user_id in (${uuidList(userIds)})`,
  );

/** The visibility of one profile field of each of `userIds` (a missing profile is absent). */
export async function fieldVisibilities(db: DbOrTx, userIds: readonly string[], field: ProfileField) {
  if (userIds.length === 0) {
    return [];
  }
  return queryRows<{ userId: string; visibility: Visibility }>(db, fieldVisibilitiesPart(userIds, field).query);
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
