import { and, eq, sql } from 'drizzle-orm';
import { type DbOrTx, part, queryRows, uuidList } from '../../db/client.ts';
import type { Visibility } from '../../lib/visibility.ts';
import { memberSkills, skills, skillVouches } from './skills.schema.ts';

export type SkillRow = Omit<typeof skills.$inferSelect, 'searchVector'>;

const skillColumns = {
  id: skills.id,
  slug: skills.slug,
  name: skills.name,
  family: skills.family,
  description: skills.description,
  synonyms: skills.synonyms,
  status: skills.status,
  mergedInto: skills.mergedInto,
  proposedBy: skills.proposedBy,
  createdAt: skills.createdAt,
};

const textArray = (values: string[]) =>
  sql`array[${sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )}]::text[]`;

export async function listSkills(db: DbOrTx, status: SkillRow['status'] = 'accepted') {
  return queryRows<SkillRow & { holders: number }>(
    db,
    sql`select s.id, s.slug, s.name, s.family, s.description, s.synonyms, s.status,
          (select count(*)::int from member_skills ms where ms.skill_id = s.id) as holders
        from skills s where s.status = ${status} order by s.name collate "und-x-icu"`,
  );
}

export async function findSkillBySlug(db: DbOrTx, slug: string): Promise<SkillRow | undefined> {
  const [row] = await db.select(skillColumns).from(skills).where(eq(skills.slug, slug)).limit(1);
  return row;
}

export async function findSkillById(db: DbOrTx, id: string): Promise<SkillRow | undefined> {
  const [row] = await db.select(skillColumns).from(skills).where(eq(skills.id, id)).limit(1);
  return row;
}

/**
 * Skills named by what people typed: the exact name or a synonym (accents and case ignored),
 * else the best full-text match. Merged skills lead to the skill they became.
 */
export async function findSkillsByTerms(db: DbOrTx, terms: string[]): Promise<Array<{ term: string; skill: SkillRow | null }>> {
  if (terms.length === 0) {
    return [];
  }
  const rows = await queryRows<SkillRow & { term: string }>(
    db,
    sql`select t.term, s.id, s.slug, s.name, s.family, s.description, s.synonyms, s.status
        from unnest(${textArray(terms)}) as t(term)
        left join lateral (
          select k.* from skills k
          where k.status = 'accepted'
            and (tisserin_unaccent(lower(k.name)) = tisserin_unaccent(lower(t.term))
                 or tisserin_unaccent(lower(t.term)) = any(select tisserin_unaccent(lower(x)) from unnest(k.synonyms) x)
                 or k.search_vector @@ plainto_tsquery('fr_unaccent', t.term))
          order by (tisserin_unaccent(lower(k.name)) = tisserin_unaccent(lower(t.term))) desc,
                   (tisserin_unaccent(lower(t.term)) = any(select tisserin_unaccent(lower(x)) from unnest(k.synonyms) x)) desc,
                   ts_rank_cd(k.search_vector, plainto_tsquery('fr_unaccent', t.term)) desc
          limit 1
        ) s on true`,
  );
  return rows.map((r) => ({ term: r.term, skill: r.id ? { ...r, term: undefined } : null })) as Array<{
    term: string;
    skill: SkillRow | null;
  }>;
}

/** Skills matching a full-text query (the skills search box and suggestions). */
export async function searchSkills(db: DbOrTx, tsquery: string, limit = 20) {
  return queryRows<SkillRow>(
    db,
    sql`select id, slug, name, family, description, synonyms, status from skills
        where status = 'accepted' and search_vector @@ to_tsquery('fr_unaccent', ${tsquery})
        order by ts_rank_cd(search_vector, to_tsquery('fr_unaccent', ${tsquery})) desc limit ${limit}`,
  );
}

export async function insertSkill(db: DbOrTx, values: typeof skills.$inferInsert): Promise<SkillRow> {
  const [row] = await db.insert(skills).values(values).returning(skillColumns);
  if (!row) {
    throw new Error('insert returned nothing');
  }
  return row;
}

export async function insertSkillsBulk(db: DbOrTx, rows: Array<typeof skills.$inferInsert>) {
  return rows.length > 0 ? db.insert(skills).values(rows).returning({ id: skills.id, slug: skills.slug, name: skills.name }) : [];
}

export async function updateSkill(db: DbOrTx, id: string, values: Partial<typeof skills.$inferInsert>): Promise<void> {
  await db.update(skills).set(values).where(eq(skills.id, id));
}

/** Move everything attached to `fromId` onto `intoId` (declarations, vouches, calls, follows). */
export async function moveSkillUsage(db: DbOrTx, fromId: string, intoId: string): Promise<void> {
  await db.execute(sql`insert into member_skills (user_id, skill_id, level, created_at)
    select user_id, ${intoId}, level, created_at from member_skills where skill_id = ${fromId}
    on conflict (user_id, skill_id) do update set level = greatest(member_skills.level, excluded.level)`);
  await db.execute(sql`insert into skill_vouches (user_id, skill_id, voucher_id, created_at)
    select user_id, ${intoId}, voucher_id, created_at from skill_vouches where skill_id = ${fromId}
    on conflict do nothing`);
  await db.execute(
    sql`insert into call_skills (call_id, skill_id) select call_id, ${intoId} from call_skills where skill_id = ${fromId} on conflict do nothing`,
  );
  await db.execute(sql`insert into follows (user_id, target_type, target_id, created_at)
    select user_id, 'skill', ${intoId}, created_at from follows where target_type = 'skill' and target_id = ${fromId} on conflict do nothing`);
  await db.execute(sql`delete from member_skills where skill_id = ${fromId}`);
  await db.execute(sql`delete from call_skills where skill_id = ${fromId}`);
  await db.execute(sql`delete from follows where target_type = 'skill' and target_id = ${fromId}`);
}

export async function upsertMemberSkill(db: DbOrTx, userId: string, skillId: string, level: number): Promise<void> {
  await db
    .insert(memberSkills)
    .values({ userId, skillId, level })
    .onConflictDoUpdate({ target: [memberSkills.userId, memberSkills.skillId], set: { level } });
}

export async function deleteMemberSkill(db: DbOrTx, userId: string, skillId: string): Promise<void> {
  await db.delete(skillVouches).where(and(eq(skillVouches.userId, userId), eq(skillVouches.skillId, skillId)));
  await db.delete(memberSkills).where(and(eq(memberSkills.userId, userId), eq(memberSkills.skillId, skillId)));
}

export async function findMemberSkill(db: DbOrTx, userId: string, skillId: string) {
  const [row] = await db
    .select()
    .from(memberSkills)
    .where(and(eq(memberSkills.userId, userId), eq(memberSkills.skillId, skillId)))
    .limit(1);
  return row;
}

export interface MemberSkillRow {
  skillId: string;
  slug: string;
  name: string;
  family: string;
  level: number;
  vouches: number;
  vouchedByViewer: boolean;
}

/** A member's declared skills, with the number of vouches and whether `viewerId` gave one. */
/** A member's skills, strongest first, with their vouches (a part of one statement: readTogether). */
export const memberSkillsPart = (userId: string, viewerId: string | null) =>
  part<MemberSkillRow>(
    sql`select s.id as "skillId", s.slug, s.name, s.family, ms.level,
          (select count(*)::int from skill_vouches v where v.user_id = ms.user_id and v.skill_id = ms.skill_id) as vouches,
          exists(select 1 from skill_vouches v where v.user_id = ms.user_id and v.skill_id = ms.skill_id
            and v.voucher_id in (${uuidList(viewerId ? [viewerId] : [])})) as "vouchedByViewer"
        from member_skills ms join skills s on s.id = ms.skill_id
        where ms.user_id = ${userId}
        order by ms.level desc, s.name collate "und-x-icu"`,
  );

export async function listMemberSkills(db: DbOrTx, userId: string, viewerId: string | null): Promise<MemberSkillRow[]> {
  return queryRows<MemberSkillRow>(db, memberSkillsPart(userId, viewerId).query);
}

export async function insertVouch(db: DbOrTx, values: { userId: string; skillId: string; voucherId: string }): Promise<void> {
  await db.insert(skillVouches).values(values).onConflictDoNothing();
}

export async function deleteVouch(db: DbOrTx, values: { userId: string; skillId: string; voucherId: string }): Promise<boolean> {
  const rows = await db
    .delete(skillVouches)
    .where(
      and(eq(skillVouches.userId, values.userId), eq(skillVouches.skillId, values.skillId), eq(skillVouches.voucherId, values.voucherId)),
    )
    .returning({ userId: skillVouches.userId });
  return rows.length > 0;
}

/** Who vouched for a member's skill (display names; only confirmed members vouch). */
export async function listVouchers(db: DbOrTx, userId: string, skillId: string) {
  return queryRows<{ voucherId: string; displayName: string; slug: string | null }>(
    db,
    sql`select v.voucher_id as "voucherId", u.display_name as "displayName", p.slug
        from skill_vouches v join users u on u.id = v.voucher_id left join profiles p on p.user_id = v.voucher_id
        where v.user_id = ${userId} and v.skill_id = ${skillId} order by v.created_at`,
  );
}

export interface HolderRow {
  userId: string;
  displayName: string;
  slug: string;
  level: number;
  vouches: number;
  communeName: string | null;
  latitude: number | null;
  longitude: number | null;
}

/**
 * Members who declared a skill and let the viewer see their skills; their commune (and its
 * centre, for the map) only when their territory is visible too.
 */
export async function listSkillHolders(db: DbOrTx, skillId: string, visible: Visibility[], limit = 200): Promise<HolderRow[]> {
  return queryRows<HolderRow>(
    db,
    sql`select u.id as "userId", u.display_name as "displayName", p.slug, ms.level,
          (select count(*)::int from skill_vouches v where v.user_id = ms.user_id and v.skill_id = ms.skill_id) as vouches,
          case when p.visibility->>'territory' = any(${textArray(visible)}) then p.commune_name end as "communeName",
          case when p.visibility->>'territory' = any(${textArray(visible)}) then p.latitude end as latitude,
          case when p.visibility->>'territory' = any(${textArray(visible)}) then p.longitude end as longitude
        from member_skills ms
        join users u on u.id = ms.user_id and u.email_verified_at is not null
        join profiles p on p.user_id = ms.user_id
        where ms.skill_id = ${skillId} and p.visibility->>'skills' = any(${textArray(visible)})
        order by ms.level desc, vouches desc, u.display_name collate "und-x-icu"
        limit ${limit}`,
  );
}

/** Places where members holding the skill take part or manage (the skill's places). */
export async function listSkillPlaces(db: DbOrTx, skillId: string, visible: Visibility[], limit = 20) {
  return queryRows<{ slug: string; name: string; commune: string | null; holders: number }>(
    db,
    sql`select pl.slug, pl.name, pl.commune, count(distinct ms.user_id)::int as holders
        from member_skills ms
        join profiles p on p.user_id = ms.user_id and p.visibility->>'skills' = any(${textArray(visible)})
          and p.visibility->>'places' = any(${textArray(visible)})
        join (select user_id, place_id from place_affiliations union select user_id, place_id from place_managers) a on a.user_id = ms.user_id
        join places pl on pl.id = a.place_id and pl.status = 'published' and pl.deleted_at is null
        where ms.skill_id = ${skillId}
        group by pl.slug, pl.name, pl.commune
        order by holders desc, pl.name collate "und-x-icu" limit ${limit}`,
  );
}

export async function countProposedSkills(db: DbOrTx): Promise<number> {
  const [row] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from skills where status = 'proposed'`);
  return row?.n ?? 0;
}

/** Skills waiting for a decision, with who proposed them (their display name) and when. */
export async function listProposedSkills(db: DbOrTx) {
  return queryRows<SkillRow & { proposerName: string | null; proposerSlug: string | null; createdAt: Date }>(
    db,
    sql`select s.id, s.slug, s.name, s.family, s.description, s.synonyms, s.status, s.proposed_by as "proposedBy",
          s.created_at as "createdAt", u.display_name as "proposerName", p.slug as "proposerSlug"
        from skills s left join users u on u.id = s.proposed_by left join profiles p on p.user_id = s.proposed_by
        where s.status = 'proposed' order by s.created_at`,
  );
}

/** Who may see a member's skills, and their profile's address. */
export async function skillsVisibilityOf(db: DbOrTx, userId: string) {
  const [row] = await queryRows<{ visibility: Visibility; slug: string }>(
    db,
    sql`select visibility->>'skills' as visibility, slug from profiles where user_id = ${userId}`,
  );
  return row;
}

/** RGPD export: declared skills, vouches received (with who gave them) and given. */
export async function exportSkills(db: DbOrTx, userId: string) {
  return {
    declared: await queryRows(
      db,
      sql`select s.name, ms.level, ms.created_at from member_skills ms join skills s on s.id = ms.skill_id where ms.user_id = ${userId}`,
    ),
    vouchesReceived: await queryRows(
      db,
      sql`select s.name as skill, u.display_name as "from", v.created_at from skill_vouches v join skills s on s.id = v.skill_id join users u on u.id = v.voucher_id where v.user_id = ${userId}`,
    ),
    vouchesGiven: await queryRows(
      db,
      sql`select s.name as skill, u.display_name as "to", v.created_at from skill_vouches v join skills s on s.id = v.skill_id join users u on u.id = v.user_id where v.voucher_id = ${userId}`,
    ),
    proposed: await queryRows(db, sql`select name, status, created_at from skills where proposed_by = ${userId}`),
  };
}

/** Whether the reference holds anything at all (a cheap check at start-up). */
export async function hasSkills(db: DbOrTx): Promise<boolean> {
  const rows = await queryRows<{ one: number }>(db, sql`select 1 as one from skills limit 1`);
  return rows.length > 0;
}
