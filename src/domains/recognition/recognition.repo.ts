import { eq, type SQL, sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../../db/client.ts';
import type { Visibility } from '../../lib/visibility.ts';
import {
  type ContributionKind,
  type ContributionSource,
  type ContributionStatus,
  contributions,
  recognitionSettings,
} from './recognition.schema.ts';

export type ContributionInsert = typeof contributions.$inferInsert;

/** A contribution as its pages show it: with the names of its member, place, project and reviewer, and the two teams. */
export interface ContributionRow {
  id: string;
  memberId: string;
  memberName: string;
  memberSlug: string | null;
  kind: ContributionKind;
  startedOn: string;
  endedOn: string | null;
  minutes: number | null;
  placeId: string | null;
  placeSlug: string | null;
  placeName: string | null;
  projectId: string | null;
  projectSlug: string | null;
  projectTitle: string | null;
  description: string;
  evidenceUrl: string | null;
  evidenceKey: string | null;
  source: ContributionSource;
  status: ContributionStatus;
  reviewerId: string | null;
  reviewerName: string | null;
  reviewerSlug: string | null;
  reviewedAt: Date | null;
  reviewMessage: string | null;
  createdAt: Date;
  updatedAt: Date;
  placeTeamIds: string[];
  projectTeamIds: string[];
}

// Places and projects that are gone or hidden keep their name here, without a link.
const SELECT = sql`select c.id, c.member_id as "memberId", mu.display_name as "memberName", mp.slug as "memberSlug", c.kind,
    c.started_on::text as "startedOn", c.ended_on::text as "endedOn", c.minutes,
    c.place_id as "placeId", case when pl.status = 'published' and pl.deleted_at is null then pl.slug end as "placeSlug", pl.name as "placeName",
    c.document_id as "projectId", case when d.published_at is not null and d.deleted_at is null then d.slug end as "projectSlug", d.title as "projectTitle",
    c.description, c.evidence_url as "evidenceUrl", c.evidence_key as "evidenceKey", c.source, c.status,
    c.reviewer_id as "reviewerId", ru.display_name as "reviewerName", rp.slug as "reviewerSlug", c.reviewed_at as "reviewedAt",
    c.review_message as "reviewMessage", c.created_at as "createdAt", c.updated_at as "updatedAt",
    array(select pm.user_id::text from place_managers pm where pm.place_id = c.place_id) as "placeTeamIds",
    array(select dm.user_id::text from document_members dm where dm.document_id = c.document_id) as "projectTeamIds"
  from contributions c
  join users mu on mu.id = c.member_id left join profiles mp on mp.user_id = c.member_id
  left join places pl on pl.id = c.place_id
  left join documents d on d.id = c.document_id
  left join users ru on ru.id = c.reviewer_id left join profiles rp on rp.user_id = c.reviewer_id`;

const select = (where: SQL, tail: SQL = sql``) => sql`${SELECT} where ${where} ${tail}`;

export async function insertContribution(db: DbOrTx, values: ContributionInsert): Promise<{ id: string }> {
  const [row] = await db.insert(contributions).values(values).returning({ id: contributions.id });
  if (!row) {
    throw new Error('insert returned nothing');
  }
  return row;
}

export async function updateContribution(db: DbOrTx, id: string, values: Partial<ContributionInsert>): Promise<void> {
  await db
    .update(contributions)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(contributions.id, id));
}

export async function deleteContribution(db: DbOrTx, id: string): Promise<void> {
  await db.delete(contributions).where(eq(contributions.id, id));
}

export async function findContribution(db: DbOrTx, id: string, opts: { forUpdate?: boolean } = {}): Promise<ContributionRow | undefined> {
  const [row] = await queryRows<ContributionRow>(db, select(sql`c.id = ${id}`, opts.forUpdate ? sql`for update of c` : sql``));
  return row;
}

/** A member's contributions, newest first (the record's timeline and totals). */
export async function listContributionsOf(db: DbOrTx, memberId: string): Promise<ContributionRow[]> {
  return queryRows<ContributionRow>(
    db,
    select(sql`c.member_id = ${memberId}`, sql`order by c.started_on desc, c.created_at desc limit 2000`),
  );
}

/**
 * Contributions waiting for an answer that the viewer may be asked to confirm: at a place whose
 * team they are in, on a project whose team they are in, or (moderators) any. The policy decides
 * which of these are really theirs.
 */
export async function listPendingFor(db: DbOrTx, userId: string, moderator: boolean): Promise<ContributionRow[]> {
  return queryRows<ContributionRow>(
    db,
    select(
      sql`c.status = 'pending' and c.member_id <> ${userId} and (${moderator}
          or c.place_id in (select place_id from place_managers where user_id = ${userId})
          or c.document_id in (select document_id from document_members where user_id = ${userId}))`,
      sql`order by c.created_at limit 500`,
    ),
  );
}

/** The published places and projects a member already logged contributions at (offered again in the form). */
export async function recentTargetsOf(db: DbOrTx, memberId: string) {
  const places = await queryRows<{ slug: string; name: string }>(
    db,
    sql`select pl.slug, pl.name from places pl
        where pl.id in (select place_id from contributions where member_id = ${memberId})
          and pl.status = 'published' and pl.deleted_at is null
        order by pl.name collate "und-x-icu" limit 50`,
  );
  const projects = await queryRows<{ slug: string; title: string }>(
    db,
    sql`select d.slug, d.title from documents d
        where d.id in (select document_id from contributions where member_id = ${memberId})
          and d.kind = 'project' and d.published_at is not null and d.deleted_at is null
        order by d.title collate "und-x-icu" limit 50`,
  );
  return { places, projects };
}

/**
 * Who documented a published project, from its revisions: one contribution per author, from the
 * day of their first revision to that of their last, written again at each save.
 */
export async function recordDocumentation(db: DbOrTx, projectId: string): Promise<string[]> {
  const rows = await queryRows<{ memberId: string }>(
    db,
    sql`
    insert into contributions (member_id, kind, started_on, ended_on, document_id, description, source, source_ref, status)
    select r.author_id, 'documentation', min(r.day), nullif(max(r.day), min(r.day)), d.id,
           'Documentation du projet « ' || d.title || ' »', 'documentation', d.id, 'confirmed'
    from (select author_id, (created_at at time zone 'Europe/Paris')::date as day from document_revisions
          where document_id = ${projectId} and author_id is not null) r
    join documents d on d.id = ${projectId} and d.kind = 'project' and d.published_at is not null and d.deleted_at is null
    group by r.author_id, d.id, d.title
    on conflict (member_id, source, source_ref)
    do update set started_on = excluded.started_on, ended_on = excluded.ended_on, description = excluded.description, updated_at = now()
    returning member_id as "memberId"`,
  );
  return rows.map((r) => r.memberId);
}

/** A call's poster said who met the need: a confirmed contribution for each, the poster as who confirmed. */
export async function recordCallHelp(
  db: DbOrTx,
  call: { id: string; title: string; posterId: string; placeId: string | null; closedOn: string },
  helperIds: readonly string[],
): Promise<void> {
  for (const helperId of helperIds) {
    await db.execute(sql`
      insert into contributions (member_id, kind, started_on, ended_on, place_id, description, source, source_ref, status, reviewer_id, reviewed_at)
      select ${helperId}, 'accompagnement', least(first.day, ${call.closedOn}::date), nullif(${call.closedOn}::date, least(first.day, ${call.closedOn}::date)),
             ${call.placeId}, ${`Réponse à l’appel à compétences « ${call.title} »`}, 'call', ${call.id}, 'confirmed', ${call.posterId}, now()
      from (select (min(created_at) at time zone 'Europe/Paris')::date as day from call_responses
            where call_id = ${call.id} and responder_id = ${helperId}) first
      where first.day is not null
      on conflict (member_id, source, source_ref) do nothing`);
  }
}

export async function recordVisibility(db: DbOrTx, userId: string): Promise<Visibility> {
  const [row] = await db
    .select({ visibility: recognitionSettings.visibility })
    .from(recognitionSettings)
    .where(eq(recognitionSettings.userId, userId));
  return row?.visibility ?? 'members';
}

export async function setRecordVisibility(db: DbOrTx, userId: string, visibility: Visibility): Promise<void> {
  await db
    .insert(recognitionSettings)
    .values({ userId, visibility })
    .onConflictDoUpdate({ target: recognitionSettings.userId, set: { visibility, updatedAt: new Date() } });
}

/** RGPD export: one's contributions, one's answers to others' and who may read one's record. */
export async function exportRecognition(db: DbOrTx, userId: string) {
  const mine = await queryRows<Record<string, unknown>>(
    db,
    sql`select c.kind, c.started_on::text as "startedOn", c.ended_on::text as "endedOn", c.minutes, pl.name as place, d.title as project,
          c.description, c.evidence_url as "evidenceUrl", c.evidence_key as "evidenceKey", c.source, c.status, c.review_message as "reviewMessage", c.reviewed_at as "reviewedAt",
          c.created_at as "createdAt"
        from contributions c left join places pl on pl.id = c.place_id left join documents d on d.id = c.document_id
        where c.member_id = ${userId} order by c.started_on`,
  );
  const reviewed = await queryRows<Record<string, unknown>>(
    db,
    sql`select c.id, c.status, c.review_message as "reviewMessage", c.reviewed_at as "reviewedAt"
        from contributions c where c.reviewer_id = ${userId} order by c.reviewed_at`,
  );
  return { contributions: mine, reviewed, recordVisibility: await recordVisibility(db, userId) };
}

/** The files sent with one's contributions (removed with one's account). */
export async function evidenceKeysOf(db: DbOrTx, userId: string): Promise<string[]> {
  const rows = await queryRows<{ key: string }>(
    db,
    sql`select evidence_key as key from contributions where member_id = ${userId} and evidence_key is not null`,
  );
  return rows.map((r) => r.key);
}
