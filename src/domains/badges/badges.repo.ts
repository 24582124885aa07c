import { eq, sql } from 'drizzle-orm';
import { type DbOrTx, part, queryRows } from '../../db/client.ts';
import type { ContributionKind } from '../recognition/recognition.schema.ts';
import {
  type AwardMode,
  badgeAwards,
  badgeClasses,
  badgeClassSkills,
  badgeEndorsements,
  type RuleMetric,
  STATUS_LIST_SIZE,
} from './badges.schema.ts';

export interface BadgeRow {
  id: string;
  slug: string;
  name: string;
  description: string;
  criteriaMd: string;
  criteriaHtml: string;
  placeId: string | null;
  placeSlug: string | null;
  placeName: string | null;
  imageKey: string | null;
  awardMode: AwardMode;
  ruleMetric: RuleMetric | null;
  ruleKind: ContributionKind | null;
  ruleThreshold: number | null;
  createdAt: Date;
  placeTeamIds: string[];
  skills: Array<{ id: string; slug: string; name: string }>;
  holders: number;
}

const BADGE = sql`select b.id, b.slug, b.name, b.description, b.criteria_md as "criteriaMd", b.criteria_html as "criteriaHtml",
    b.place_id as "placeId", pl.slug as "placeSlug", pl.name as "placeName", b.image_key as "imageKey", b.award_mode as "awardMode",
    b.rule_metric as "ruleMetric", b.rule_kind as "ruleKind", b.rule_threshold as "ruleThreshold", b.created_at as "createdAt",
    array(select pm.user_id::text from place_managers pm where pm.place_id = b.place_id) as "placeTeamIds",
    coalesce((select json_agg(json_build_object('id', s.id, 'slug', s.slug, 'name', s.name) order by s.name)
              from badge_class_skills bs join skills s on s.id = bs.skill_id where bs.class_id = b.id), '[]'::json) as skills,
    (select count(*)::int from badge_awards a where a.class_id = b.id and a.revoked_at is null) as holders
  from badge_classes b left join places pl on pl.id = b.place_id`;

export async function insertBadge(
  db: DbOrTx,
  values: typeof badgeClasses.$inferInsert,
  skillIds: string[],
): Promise<{ id: string; slug: string }> {
  const [row] = await db.insert(badgeClasses).values(values).returning({ id: badgeClasses.id, slug: badgeClasses.slug });
  if (!row) {
    throw new Error('insert returned nothing');
  }
  if (skillIds.length > 0) {
    await db.insert(badgeClassSkills).values(skillIds.map((skillId) => ({ classId: row.id, skillId })));
  }
  return row;
}

export async function updateBadge(
  db: DbOrTx,
  id: string,
  values: Partial<typeof badgeClasses.$inferInsert>,
  skillIds: string[],
): Promise<void> {
  await db
    .update(badgeClasses)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(badgeClasses.id, id));
  await db.delete(badgeClassSkills).where(eq(badgeClassSkills.classId, id));
  if (skillIds.length > 0) {
    await db.insert(badgeClassSkills).values(skillIds.map((skillId) => ({ classId: id, skillId })));
  }
}

export async function slugTaken(db: DbOrTx, slug: string): Promise<boolean> {
  const [row] = await db.select({ id: badgeClasses.id }).from(badgeClasses).where(eq(badgeClasses.slug, slug)).limit(1);
  return !!row;
}

export async function findBadgeBySlug(db: DbOrTx, slug: string): Promise<BadgeRow | undefined> {
  const [row] = await queryRows<BadgeRow>(db, sql`${BADGE} where b.slug = ${slug}`);
  return row;
}

export async function findBadgeById(db: DbOrTx, id: string): Promise<BadgeRow | undefined> {
  const [row] = await queryRows<BadgeRow>(db, sql`${BADGE} where b.id = ${id}`);
  return row;
}

/** Every badge: the network's first, then the places', by name. */
export async function listBadges(db: DbOrTx): Promise<BadgeRow[]> {
  return queryRows<BadgeRow>(db, sql`${BADGE} order by b.place_id is not null, b.name collate "und-x-icu" limit 500`);
}

/** The rules that might apply to a member: the network's, and those of places where they have confirmed contributions. */
export async function listRuleBadgesFor(db: DbOrTx, memberId: string): Promise<BadgeRow[]> {
  return queryRows<BadgeRow>(
    db,
    sql`${BADGE} where b.award_mode = 'rule' and (b.place_id is null or b.place_id in (
          select place_id from contributions where member_id = ${memberId} and status = 'confirmed' and place_id is not null))`,
  );
}

/** Members whose confirmed contributions a rule could count (at the badge's place, of its kind). */
export async function ruleCandidates(
  db: DbOrTx,
  badge: { placeId: string | null; ruleKind: string | null },
  limit = 5000,
): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select distinct member_id as id from contributions
        where status = 'confirmed'
          and (${badge.placeId}::uuid is null or place_id = ${badge.placeId}::uuid)
          and (${badge.ruleKind}::text is null or kind = ${badge.ruleKind}::text)
        limit ${limit}`,
  );
  return rows.map((r) => r.id);
}

export async function hasActiveAward(db: DbOrTx, classId: string, recipientId: string): Promise<boolean> {
  const [row] = await queryRows<{ one: number }>(
    db,
    sql`select 1 as one from badge_awards where class_id = ${classId} and recipient_id = ${recipientId} and revoked_at is null limit 1`,
  );
  return !!row;
}

/**
 * A free place in the revocation list, drawn at random (W3C advice: an index in order tells
 * when a credential was issued). The unique index guards against two transactions drawing alike.
 */
export async function freeStatusIndex(db: DbOrTx): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const index = Math.floor(Math.random() * STATUS_LIST_SIZE);
    const [taken] = await queryRows<{ one: number }>(db, sql`select 1 as one from badge_awards where status_index = ${index}`);
    if (!taken) {
      return index;
    }
  }
  throw new Error('the revocation list is nearly full');
}

export async function insertAward(db: DbOrTx, values: typeof badgeAwards.$inferInsert): Promise<void> {
  await db.insert(badgeAwards).values(values);
}

export interface AwardRow {
  id: string;
  classId: string;
  recipientId: string | null;
  recipientName: string | null;
  recipientSlug: string | null;
  awardedBy: string | null;
  awarderName: string | null;
  awardedAt: Date;
  statusIndex: number;
  credential: Record<string, unknown>;
  revokedAt: Date | null;
  revokedReason: string | null;
  hidden: boolean;
  badgeSlug: string;
  badgeName: string;
  badgeDescription: string;
  badgePlaceId: string | null;
  badgePlaceName: string | null;
  badgePlaceSlug: string | null;
  badgeImageKey: string | null;
  placeTeamIds: string[];
}

const AWARD = sql`select a.id, a.class_id as "classId", a.recipient_id as "recipientId", ru.display_name as "recipientName", rp.slug as "recipientSlug",
    a.awarded_by as "awardedBy", au.display_name as "awarderName", a.awarded_at as "awardedAt", a.status_index as "statusIndex", a.credential,
    a.revoked_at as "revokedAt", a.revoked_reason as "revokedReason", a.hidden,
    b.slug as "badgeSlug", b.name as "badgeName", b.description as "badgeDescription", b.place_id as "badgePlaceId",
    pl.name as "badgePlaceName", pl.slug as "badgePlaceSlug", b.image_key as "badgeImageKey",
    array(select pm.user_id::text from place_managers pm where pm.place_id = b.place_id) as "placeTeamIds"
  from badge_awards a join badge_classes b on b.id = a.class_id left join places pl on pl.id = b.place_id
  left join users ru on ru.id = a.recipient_id left join profiles rp on rp.user_id = a.recipient_id
  left join users au on au.id = a.awarded_by`;

export async function findAward(db: DbOrTx, id: string, opts: { forUpdate?: boolean } = {}): Promise<AwardRow | undefined> {
  const [row] = await queryRows<AwardRow>(db, sql`${AWARD} where a.id = ${id} ${opts.forUpdate ? sql`for update of a` : sql``}`);
  return row;
}

export async function listAwardsOf(db: DbOrTx, recipientId: string): Promise<AwardRow[]> {
  return queryRows<AwardRow>(db, sql`${AWARD} where a.recipient_id = ${recipientId} order by a.awarded_at desc limit 500`);
}

export async function listAwardsOfBadge(db: DbOrTx, classId: string): Promise<AwardRow[]> {
  return queryRows<AwardRow>(db, sql`${AWARD} where a.class_id = ${classId} order by a.awarded_at desc limit 1000`);
}

export async function updateAward(db: DbOrTx, id: string, values: Partial<typeof badgeAwards.$inferInsert>): Promise<void> {
  await db.update(badgeAwards).set(values).where(eq(badgeAwards.id, id));
}

/** The places in the list that are revoked. */
export async function revokedIndexes(db: DbOrTx): Promise<number[]> {
  const rows = await queryRows<{ i: number }>(db, sql`select status_index as i from badge_awards where revoked_at is not null`);
  return rows.map((r) => r.i);
}

/** What the list says of one place: unused, valid, or revoked (with the reason). */
export async function statusAt(db: DbOrTx, index: number) {
  const [row] = await queryRows<{ revokedAt: Date | null; revokedReason: string | null }>(
    db,
    sql`select revoked_at as "revokedAt", revoked_reason as "revokedReason" from badge_awards where status_index = ${index}`,
  );
  return row;
}

/** Account deleted: its awards are revoked (the list must say so), in the deleting transaction. */
export async function revokeAwardsOf(db: DbOrTx, userId: string): Promise<void> {
  await db.execute(
    sql`update badge_awards set revoked_at = now(), revoked_reason = 'Compte supprimé à la demande de son titulaire.'
        where recipient_id = ${userId} and revoked_at is null`,
  );
}

/** RGPD export: one's badges (the credentials themselves: they are one's own). */
export async function exportAwards(db: DbOrTx, userId: string) {
  return queryRows<Record<string, unknown>>(
    db,
    sql`select b.name as badge, a.awarded_at as "awardedAt", a.revoked_at as "revokedAt", a.revoked_reason as "revokedReason", a.hidden, a.credential
        from badge_awards a join badge_classes b on b.id = a.class_id where a.recipient_id = ${userId} order by a.awarded_at`,
  );
}

export async function insertEndorsement(db: DbOrTx, values: typeof badgeEndorsements.$inferInsert): Promise<void> {
  await db.insert(badgeEndorsements).values(values);
}

export async function hasEndorsed(db: DbOrTx, awardId: string, endorserId: string): Promise<boolean> {
  const [row] = await queryRows<{ one: number }>(
    db,
    sql`select 1 as one from badge_endorsements where award_id = ${awardId} and endorser_id = ${endorserId} limit 1`,
  );
  return !!row;
}

/** Who endorsed an award and why, oldest first. */
export async function listEndorsements(db: DbOrTx, awardId: string) {
  return queryRows<{ id: string; endorserId: string; endorserName: string; endorserSlug: string | null; comment: string; createdAt: Date }>(
    db,
    sql`select e.id, e.endorser_id as "endorserId", u.display_name as "endorserName", p.slug as "endorserSlug", e.comment, e.created_at as "createdAt"
        from badge_endorsements e join users u on u.id = e.endorser_id left join profiles p on p.user_id = e.endorser_id
        where e.award_id = ${awardId} order by e.created_at limit 200`,
  );
}

export async function findEndorsementCredential(db: DbOrTx, id: string) {
  const [row] = await queryRows<{ credential: Record<string, unknown> }>(
    db,
    sql`select credential from badge_endorsements where id = ${id}`,
  );
  return row?.credential;
}

/** RGPD export: the endorsements one wrote. */
export async function exportEndorsements(db: DbOrTx, userId: string) {
  return queryRows<Record<string, unknown>>(
    db,
    sql`select b.name as badge, e.comment, e.created_at as "createdAt" from badge_endorsements e
        join badge_awards a on a.id = e.award_id join badge_classes b on b.id = a.class_id where e.endorser_id = ${userId} order by e.created_at`,
  );
}

/** The badges a member shows (valid, not hidden), newest first: a part of their page's one statement. */
export const memberBadgesPart = (userId: string) =>
  part<{ id: string; slug: string; name: string }>(
    sql`select a.id, b.slug, b.name from badge_awards a join badge_classes b on b.id = a.class_id
        where a.recipient_id = ${userId} and a.revoked_at is null and not a.hidden order by a.awarded_at desc limit 24`,
  );
