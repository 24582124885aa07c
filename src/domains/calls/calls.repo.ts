import { and, desc, eq, type SQL, sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../../db/client.ts';
import { distanceKm, withinKm } from '../../db/expressions.ts';
import type { Visibility } from '../../lib/visibility.ts';
import { callResponses, callSkills, calls } from './calls.schema.ts';

export type CallRow = typeof calls.$inferSelect;

const uuidArray = (ids: string[]) =>
  ids.length === 0
    ? sql`'{}'::uuid[]`
    : sql`array[${sql.join(
        ids.map((v) => sql`${v}`),
        sql`, `,
      )}]::uuid[]`;

export async function insertCall(db: DbOrTx, values: typeof calls.$inferInsert, skillIds: string[]): Promise<CallRow> {
  const [row] = await db.insert(calls).values(values).returning();
  if (!row) {
    throw new Error('insert returned nothing');
  }
  if (skillIds.length > 0) {
    await db.insert(callSkills).values(skillIds.map((skillId) => ({ callId: row.id, skillId })));
  }
  return row;
}

export async function slugExists(db: DbOrTx, slug: string): Promise<boolean> {
  const [row] = await db.select({ id: calls.id }).from(calls).where(eq(calls.slug, slug)).limit(1);
  return !!row;
}

export async function findCallBySlug(db: DbOrTx, slug: string) {
  const [row] = await queryRows<
    CallRow & { posterName: string | null; posterSlug: string | null; placeSlug: string | null; placeName: string | null }
  >(
    db,
    sql`select c.id, c.slug, c.title, c.description_md as "descriptionMd", c.description_html as "descriptionHtml", c.poster_id as "posterId",
          c.place_id as "placeId", c.commune_insee as "communeInsee", c.commune_name as "communeName", c.latitude, c.longitude,
          c.radius_km as "radiusKm", c.remote, c.on_site as "onSite", c.deadline::text as deadline, c.status, c.closed_at as "closedAt",
          c.created_at as "createdAt", u.display_name as "posterName", p.slug as "posterSlug", pl.slug as "placeSlug", pl.name as "placeName"
        from calls c left join users u on u.id = c.poster_id left join profiles p on p.user_id = c.poster_id
        left join places pl on pl.id = c.place_id and pl.status = 'published' and pl.deleted_at is null
        where c.slug = ${slug} limit 1`,
  );
  return row;
}

export async function findCallById(db: DbOrTx, id: string) {
  const [row] = await db.select().from(calls).where(eq(calls.id, id)).limit(1);
  return row;
}

export async function listCallSkills(db: DbOrTx, callId: string) {
  return queryRows<{ id: string; slug: string; name: string }>(
    db,
    sql`select s.id, s.slug, s.name from call_skills cs join skills s on s.id = cs.skill_id where cs.call_id = ${callId} order by s.name`,
  );
}

export async function updateCall(db: DbOrTx, id: string, values: Partial<typeof calls.$inferInsert>): Promise<void> {
  await db.update(calls).set(values).where(eq(calls.id, id));
}

export interface CallCardRow {
  id: string;
  slug: string;
  title: string;
  status: CallRow['status'];
  communeName: string | null;
  remote: boolean;
  onSite: boolean;
  deadline: string | null;
  createdAt: Date;
  skills: string[];
  total: number;
}

/** Calls, newest first; open ones unless `status` says otherwise; optionally needing a skill. */
export async function listCalls(db: DbOrTx, opts: { status: CallRow['status']; skillSlug?: string; limit: number; offset: number }) {
  const skill = opts.skillSlug
    ? sql`and exists (select 1 from call_skills cs join skills s on s.id = cs.skill_id where cs.call_id = c.id and s.slug = ${opts.skillSlug})`
    : sql``;
  return queryRows<CallCardRow>(
    db,
    sql`select c.id, c.slug, c.title, c.status, c.commune_name as "communeName", c.remote, c.on_site as "onSite", c.deadline::text as deadline,
          c.created_at as "createdAt",
          array(select s.name from call_skills cs join skills s on s.id = cs.skill_id where cs.call_id = c.id order by s.name) as skills,
          count(*) over ()::int as total
        from calls c where c.status = ${opts.status} ${skill}
        order by c.created_at desc limit ${opts.limit} offset ${opts.offset}`,
  );
}

export interface MatchRow {
  userId: string;
  displayName: string;
  slug: string;
  score: number;
  vouches: number;
  distanceKm: number | null;
  matched: Array<{ name: string; level: number }>;
  skillsVisibility: Visibility;
  territoryVisibility: Visibility;
}

/**
 * Members whose declared skills match the call's (synonyms were resolved to the same skill
 * when the call was posted) and who are within reach: within `radiusKm` of the call for work
 * on site, anywhere when it can be done remotely. Best first: levels, vouches, then distance.
 */
export async function matchMembers(
  db: DbOrTx,
  call: { skillIds: string[]; lat: number | null; lng: number | null; radiusKm: number; remote: boolean; excludeUserId: string | null },
  limit: number,
): Promise<MatchRow[]> {
  const { lat, lng } = call;
  const skillIds = uuidArray(call.skillIds);
  const distance = lat !== null && lng !== null ? distanceKm(sql`p.latitude`, sql`p.longitude`, { lat, lng }) : sql`null::float8`;
  // On site: within reach, nearest first among equals. Remote: anyone, ranked on skills alone
  // (the distance is still shown).
  let ranked: SQL;
  if (call.remote) {
    ranked = sql`select sc.user_id, sc.score, coalesce(vo.vouches, 0) as vouches
          from scored sc left join vouched vo on vo.user_id = sc.user_id
          order by sc.score desc, vouches desc, sc.user_id
          limit ${limit}`;
  } else {
    if (lat === null || lng === null) {
      return [];
    }
    ranked = sql`select sc.user_id, sc.score, coalesce(vo.vouches, 0) as vouches
          from scored sc
          join profiles p on p.user_id = sc.user_id
          left join vouched vo on vo.user_id = sc.user_id
          where ${withinKm(sql`p.latitude`, sql`p.longitude`, { lat, lng }, call.radiusKm)}
          order by sc.score desc, vouches desc, ${distance} asc, sc.user_id
          limit ${limit}`;
  }
  // Rank on numbers only (levels, vouches counted once per member, distance); names, pages and
  // the list of matched skills are read for the kept rows alone. Only confirmed accounts can
  // declare skills (skills.policy), so every holder is a confirmed member.
  return queryRows<MatchRow>(
    db,
    sql`with scored as (
          select ms.user_id, sum(ms.level)::int as score
          from member_skills ms
          where ms.skill_id = any(${skillIds}) and ms.user_id is distinct from ${call.excludeUserId}::uuid
          group by ms.user_id),
        vouched as (
          select v.user_id, count(*)::int as vouches from skill_vouches v where v.skill_id = any(${skillIds}) group by v.user_id),
        ranked as (${ranked})
        select r.user_id as "userId", (select display_name from users where id = r.user_id) as "displayName", p.slug, r.score, r.vouches,
          round((${distance})::numeric, 1)::float8 as "distanceKm",
          (select json_agg(json_build_object('name', s.name, 'level', ms.level) order by ms.level desc, s.name)
             from member_skills ms join skills s on s.id = ms.skill_id
             where ms.user_id = r.user_id and ms.skill_id = any(${skillIds})) as matched,
          p.visibility->>'skills' as "skillsVisibility", p.visibility->>'territory' as "territoryVisibility"
        from ranked r
        join profiles p on p.user_id = r.user_id
        order by r.score desc, r.vouches desc, "distanceKm" asc nulls last, r.user_id`,
  );
}

export async function insertResponse(db: DbOrTx, values: typeof callResponses.$inferInsert) {
  const [row] = await db.insert(callResponses).values(values).returning();
  return row;
}

export async function listResponses(db: DbOrTx, callId: string) {
  return queryRows<{
    id: string;
    body: string;
    createdAt: Date;
    responderName: string | null;
    responderSlug: string | null;
    responderId: string | null;
  }>(
    db,
    sql`select r.id, r.body, r.created_at as "createdAt", u.display_name as "responderName", p.slug as "responderSlug", r.responder_id as "responderId"
        from call_responses r left join users u on u.id = r.responder_id left join profiles p on p.user_id = r.responder_id
        where r.call_id = ${callId} order by r.created_at`,
  );
}

export async function listResponsesBy(db: DbOrTx, callId: string, responderId: string) {
  return db
    .select()
    .from(callResponses)
    .where(and(eq(callResponses.callId, callId), eq(callResponses.responderId, responderId)))
    .orderBy(desc(callResponses.createdAt));
}

export async function deleteContributionsOf(db: DbOrTx, userId: string): Promise<void> {
  await db.delete(callResponses).where(eq(callResponses.responderId, userId));
  await db.delete(calls).where(eq(calls.posterId, userId));
}

export async function listCallsPostedBy(db: DbOrTx, userId: string) {
  return db
    .select({ slug: calls.slug, title: calls.title, status: calls.status, createdAt: calls.createdAt })
    .from(calls)
    .where(eq(calls.posterId, userId))
    .orderBy(desc(calls.createdAt));
}

/** RGPD export: calls posted and answers written. */
export async function exportCalls(db: DbOrTx, userId: string) {
  return {
    posted: await queryRows(db, sql`select title, description_md, commune_name, status, created_at from calls where poster_id = ${userId}`),
    answers: await queryRows(
      db,
      sql`select c.title as call, r.body, r.created_at from call_responses r join calls c on c.id = r.call_id where r.responder_id = ${userId}`,
    ),
  };
}
