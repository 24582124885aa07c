import { and, eq, inArray, sql } from 'drizzle-orm';
import { type DbOrTx, queryRows, textArray } from '../../db/client.ts';
import {
  eventFeedTokens,
  eventOrganisers,
  eventProjects,
  eventRegistrations,
  eventSessions,
  eventSkills,
  events,
  type RegistrationStatus,
} from './events.schema.ts';

export type EventRow = typeof events.$inferSelect;
export type SessionRow = typeof eventSessions.$inferSelect;
export type RegistrationRow = typeof eventRegistrations.$inferSelect;

export async function insertEvent(
  db: DbOrTx,
  values: typeof events.$inferInsert,
  links: { organiserIds: string[]; skillIds: string[] },
): Promise<EventRow> {
  const [row] = await db.insert(events).values(values).returning();
  if (!row) {
    throw new Error('insert returned nothing');
  }
  if (links.organiserIds.length > 0) {
    await db.insert(eventOrganisers).values(links.organiserIds.map((userId) => ({ eventId: row.id, userId })));
  }
  await setSkills(db, row.id, links.skillIds);
  return row;
}

export async function insertEventsBulk(db: DbOrTx, rows: Array<typeof events.$inferInsert>): Promise<Array<{ id: string }>> {
  const out: Array<{ id: string }> = [];
  for (let i = 0; i < rows.length; i += 500) {
    out.push(
      ...(await db
        .insert(events)
        .values(rows.slice(i, i + 500))
        .returning({ id: events.id })),
    );
  }
  return out;
}

export async function insertSessionsBulkInBatches(db: DbOrTx, rows: Array<Omit<typeof eventSessions.$inferInsert, 'id'>>): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) {
    await db.insert(eventSessions).values(rows.slice(i, i + 1000));
  }
}

export async function setSkills(db: DbOrTx, eventId: string, skillIds: string[]): Promise<void> {
  await db.delete(eventSkills).where(eq(eventSkills.eventId, eventId));
  if (skillIds.length > 0) {
    await db.insert(eventSkills).values(skillIds.map((skillId) => ({ eventId, skillId })));
  }
}

export async function addOrganiser(db: DbOrTx, eventId: string, userId: string): Promise<void> {
  await db.insert(eventOrganisers).values({ eventId, userId }).onConflictDoNothing();
}

export async function removeOrganiser(db: DbOrTx, eventId: string, userId: string): Promise<boolean> {
  const rows = await db
    .delete(eventOrganisers)
    .where(and(eq(eventOrganisers.eventId, eventId), eq(eventOrganisers.userId, userId)))
    .returning({ userId: eventOrganisers.userId });
  return rows.length > 0;
}

/** The projects an event is linked to (the project's page shows the event). */
export async function setProjects(db: DbOrTx, eventId: string, documentIds: string[]): Promise<void> {
  await db.delete(eventProjects).where(eq(eventProjects.eventId, eventId));
  if (documentIds.length > 0) {
    await db.insert(eventProjects).values([...new Set(documentIds)].map((documentId) => ({ eventId, documentId })));
  }
}

export async function updateEvent(db: DbOrTx, id: string, values: Partial<typeof events.$inferInsert>): Promise<void> {
  await db
    .update(events)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(events.id, id));
}

/** A change calendars must pick up: the event's SEQUENCE goes up. */
export async function bumpSequence(db: DbOrTx, id: string): Promise<void> {
  await db.execute(sql`update events set sequence = sequence + 1, updated_at = now() where id = ${id}`);
}

export async function slugExists(db: DbOrTx, slug: string): Promise<boolean> {
  const [row] = await db.select({ id: events.id }).from(events).where(eq(events.slug, slug)).limit(1);
  return !!row;
}

export type EventDetailRow = EventRow & {
  placeSlug: string | null;
  placeName: string | null;
  communitySlug: string | null;
  communityName: string | null;
  organiserIds: string[];
  /** The members who organise it: names and profiles, never an address. */
  organisers: Array<{ userId: string; displayName: string; profileSlug: string | null }>;
  skills: Array<{ slug: string; name: string }>;
  /** Published projects it is linked to. */
  projects: Array<{ id: string; slug: string; title: string }>;
};

export async function findEvent(db: DbOrTx, ref: { slug: string } | { id: string }): Promise<EventDetailRow | undefined> {
  const where = 'slug' in ref ? sql`e.slug = ${ref.slug}` : sql`e.id = ${ref.id}`;
  const [row] = await queryRows<EventDetailRow>(
    db,
    sql`select e.id, e.slug, e.title, e.description_md as "descriptionMd", e.description_html as "descriptionHtml", e.kind,
          e.place_id as "placeId", e.community_id as "communityId", e.created_by as "createdBy", e.attendance_mode as "attendanceMode",
          e.venue_name as "venueName", e.address, e.postcode, e.commune, e.insee_code as "inseeCode", e.department_code as "departmentCode",
          e.region_code as "regionCode", e.latitude, e.longitude, e.online_url as "onlineUrl", e.time_zone as "timeZone", e.audiences,
          e.age_min as "ageMin", e.age_max as "ageMax", e.accessibility, e.free, e.price, e.conditions, e.cover_key as "coverKey",
          e.cover_alt as "coverAlt", e.registration, e.registration_url as "registrationUrl", e.questions, e.status, e.sequence,
          e.report_md as "reportMd", e.report_html as "reportHtml", e.report_attendance as "reportAttendance", e.reported_at as "reportedAt",
          e.created_at as "createdAt", e.updated_at as "updatedAt",
          pl.slug as "placeSlug", pl.name as "placeName", c.slug as "communitySlug", c.name as "communityName",
          coalesce((select array_agg(o.user_id) from event_organisers o where o.event_id = e.id), '{}'::uuid[]) as "organiserIds",
          coalesce((select json_agg(json_build_object('userId', o.user_id, 'displayName', u.display_name, 'profileSlug', pr.slug)
                                    order by u.display_name)
                      from event_organisers o join users u on u.id = o.user_id left join profiles pr on pr.user_id = o.user_id
                     where o.event_id = e.id), '[]'::json) as organisers,
          coalesce((select json_agg(json_build_object('slug', s.slug, 'name', s.name) order by s.name)
                    from event_skills es join skills s on s.id = es.skill_id where es.event_id = e.id), '[]'::json) as skills,
          coalesce((select json_agg(json_build_object('id', d.id, 'slug', d.slug, 'title', d.title) order by d.title)
                    from event_projects ep join documents d on d.id = ep.document_id
                    where ep.event_id = e.id and d.deleted_at is null and d.published_at is not null), '[]'::json) as projects
        from events e
        left join places pl on pl.id = e.place_id and pl.deleted_at is null
        left join communities c on c.id = e.community_id
        where ${where} limit 1`,
  );
  return row;
}

export interface SessionWithCounts extends SessionRow {
  /** Places taken by confirmed registrations (guests included). */
  taken: number;
  waiting: number;
}

const sessionColumns = sql`s.id, s.event_id as "eventId", s.starts_at as "startsAt", s.ends_at as "endsAt", s.capacity, s.reserved,
  s.waitlist, s.status, s.sequence, s.reminded_at as "remindedAt", s.updated_at as "updatedAt",
  coalesce((select sum(r.seats) from event_registrations r where r.session_id = s.id and r.status = 'confirmed'), 0)::int as taken,
  (select count(*) from event_registrations r where r.session_id = s.id and r.status = 'waiting')::int as waiting`;

export async function listSessions(db: DbOrTx, eventId: string): Promise<SessionWithCounts[]> {
  return queryRows<SessionWithCounts>(
    db,
    sql`select ${sessionColumns} from event_sessions s where s.event_id = ${eventId} order by s.starts_at`,
  );
}

export async function findSession(db: DbOrTx, id: string): Promise<SessionWithCounts | undefined> {
  const [row] = await queryRows<SessionWithCounts>(db, sql`select ${sessionColumns} from event_sessions s where s.id = ${id}`);
  return row;
}

/**
 * Hold the session's row until the transaction ends: two people asking for the last place at
 * the same instant are served one after the other.
 */
export async function lockSession(db: DbOrTx, id: string): Promise<void> {
  await db.execute(sql`select id from event_sessions where id = ${id} for update`);
}

export async function insertSessions(db: DbOrTx, rows: Array<Omit<typeof eventSessions.$inferInsert, 'id'>>): Promise<SessionRow[]> {
  return rows.length === 0 ? [] : db.insert(eventSessions).values(rows).returning();
}

export async function updateSession(db: DbOrTx, id: string, values: Partial<typeof eventSessions.$inferInsert>): Promise<void> {
  await db
    .update(eventSessions)
    .set({ ...values, updatedAt: new Date(), sequence: sql`${eventSessions.sequence} + 1` })
    .where(eq(eventSessions.id, id));
}

export async function countSessions(db: DbOrTx, eventId: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from event_sessions where event_id = ${eventId}`);
  return row?.n ?? 0;
}

export async function insertRegistration(db: DbOrTx, values: typeof eventRegistrations.$inferInsert): Promise<RegistrationRow> {
  const [row] = await db.insert(eventRegistrations).values(values).returning();
  if (!row) {
    throw new Error('insert returned nothing');
  }
  return row;
}

export async function findActiveRegistration(db: DbOrTx, sessionId: string, userId: string): Promise<RegistrationRow | undefined> {
  const [row] = await db
    .select()
    .from(eventRegistrations)
    .where(
      and(
        eq(eventRegistrations.sessionId, sessionId),
        eq(eventRegistrations.userId, userId),
        sql`${eventRegistrations.status} <> 'cancelled'`,
      ),
    )
    .limit(1);
  return row;
}

export async function findRegistration(db: DbOrTx, ref: { id: string } | { token: string }): Promise<RegistrationRow | undefined> {
  const [row] = await db
    .select()
    .from(eventRegistrations)
    .where('id' in ref ? eq(eventRegistrations.id, ref.id) : eq(eventRegistrations.cancelToken, ref.token))
    .limit(1);
  return row;
}

export async function setRegistrationStatus(db: DbOrTx, id: string, status: RegistrationStatus): Promise<void> {
  await db
    .update(eventRegistrations)
    .set({
      status,
      ...(status === 'cancelled' ? { cancelledAt: new Date() } : {}),
      ...(status === 'confirmed' ? { promotedAt: new Date() } : {}),
    })
    .where(eq(eventRegistrations.id, id));
}

/** Confirmed seats of a session (read inside the transaction that holds its lock). */
export async function seatsTaken(db: DbOrTx, sessionId: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select coalesce(sum(seats), 0)::int as n from event_registrations where session_id = ${sessionId} and status = 'confirmed'`,
  );
  return row?.n ?? 0;
}

/** The waiting list of a session, in the order people joined it. */
export async function listWaiting(db: DbOrTx, sessionId: string): Promise<RegistrationRow[]> {
  return db
    .select()
    .from(eventRegistrations)
    .where(and(eq(eventRegistrations.sessionId, sessionId), eq(eventRegistrations.status, 'waiting')))
    .orderBy(eventRegistrations.createdAt, eventRegistrations.id);
}

/** The registrations of an event (or of one of its sessions), whole: for writing to them. */
export async function listRegistrations(
  db: DbOrTx,
  eventId: string,
  opts: { sessionId?: string; statuses: RegistrationStatus[] },
): Promise<RegistrationRow[]> {
  return db
    .select()
    .from(eventRegistrations)
    .where(
      and(
        opts.sessionId
          ? eq(eventRegistrations.sessionId, opts.sessionId)
          : sql`${eventRegistrations.sessionId} in (select id from event_sessions where event_id = ${eventId})`,
        inArray(eventRegistrations.status, opts.statuses),
      ),
    )
    .orderBy(eventRegistrations.createdAt, eventRegistrations.id);
}

export interface RegistrantRow {
  id: string;
  userId: string;
  displayName: string;
  profileSlug: string | null;
  seats: number;
  answers: string[];
  status: RegistrationStatus;
  createdAt: Date;
  sessionId: string;
}

/** Who registered to the sessions of an event (names only: addresses never leave the server). */
export async function listRegistrants(db: DbOrTx, eventId: string, opts: { sessionId?: string; statuses?: RegistrationStatus[] } = {}) {
  return queryRows<RegistrantRow>(
    db,
    sql`select r.id, r.user_id as "userId", u.display_name as "displayName", p.slug as "profileSlug", r.seats, r.answers, r.status,
          r.created_at as "createdAt", r.session_id as "sessionId"
        from event_registrations r join event_sessions s on s.id = r.session_id join users u on u.id = r.user_id
        left join profiles p on p.user_id = r.user_id
        where s.event_id = ${eventId}
          ${opts.sessionId ? sql`and r.session_id = ${opts.sessionId}` : sql``}
          ${opts.statuses ? sql`and r.status = any(${textArray(opts.statuses)})` : sql``}
        order by s.starts_at, r.status, r.created_at, r.id`,
  );
}

export interface MyRegistrationRow {
  id: string;
  status: RegistrationStatus;
  seats: number;
  sessionId: string;
  startsAt: Date;
  endsAt: Date;
  sessionStatus: string;
  sessionSequence: number;
  eventSlug: string;
  eventTitle: string;
  kind: string;
  eventStatus: string;
  eventSequence: number;
  timeZone: string;
  updatedAt: Date;
  venueName: string | null;
  address: string | null;
  commune: string | null;
  latitude: number | null;
  longitude: number | null;
  attendanceMode: string;
  /** Position in the waiting list (1 = next), for waiting registrations. */
  position: number | null;
}

export async function listMyRegistrations(db: DbOrTx, userId: string, opts: { upcomingOnly: boolean; eventId?: string }) {
  return queryRows<MyRegistrationRow>(
    db,
    sql`select r.id, r.status, r.seats, s.id as "sessionId", s.starts_at as "startsAt", s.ends_at as "endsAt", s.status as "sessionStatus",
          s.sequence as "sessionSequence", e.slug as "eventSlug", e.title as "eventTitle", e.kind, e.status as "eventStatus", e.sequence as "eventSequence",
          e.time_zone as "timeZone", greatest(e.updated_at, s.updated_at) as "updatedAt", e.venue_name as "venueName", e.address, e.commune,
          e.latitude, e.longitude, e.attendance_mode as "attendanceMode",
          case when r.status = 'waiting' then (select count(*)::int from event_registrations w where w.session_id = r.session_id
            and w.status = 'waiting' and (w.created_at, w.id) <= (r.created_at, r.id)) end as position
        from event_registrations r join event_sessions s on s.id = r.session_id join events e on e.id = s.event_id
        where r.user_id = ${userId} and r.status <> 'cancelled' ${opts.eventId ? sql`and s.event_id = ${opts.eventId}` : sql``}
          ${opts.upcomingOnly ? sql`and s.ends_at > now()` : sql`and s.ends_at > now() - interval '1 year'`}
        order by s.starts_at`,
  );
}

export async function findFeedToken(db: DbOrTx, userId: string): Promise<string | undefined> {
  const [row] = await db.select({ token: eventFeedTokens.token }).from(eventFeedTokens).where(eq(eventFeedTokens.userId, userId));
  return row?.token;
}

export async function saveFeedToken(db: DbOrTx, userId: string, token: string): Promise<void> {
  await db
    .insert(eventFeedTokens)
    .values({ userId, token })
    .onConflictDoUpdate({ target: eventFeedTokens.userId, set: { token, createdAt: new Date() } });
}

export async function findUserByFeedToken(db: DbOrTx, token: string): Promise<string | undefined> {
  const [row] = await db.select({ userId: eventFeedTokens.userId }).from(eventFeedTokens).where(eq(eventFeedTokens.token, token));
  return row?.userId;
}

/** Sessions starting within the next day whose registrants have not been reminded. */
export async function listSessionsToRemind(db: DbOrTx, now: Date): Promise<Array<{ id: string; eventId: string }>> {
  return queryRows(
    db,
    sql`select s.id, s.event_id as "eventId" from event_sessions s join events e on e.id = s.event_id
        where s.status = 'scheduled' and e.status = 'scheduled' and s.reminded_at is null
          and s.starts_at > ${now.toISOString()}::timestamptz and s.starts_at <= ${now.toISOString()}::timestamptz + interval '24 hours'
        order by s.starts_at limit 200`,
  );
}

export async function markReminded(db: DbOrTx, sessionId: string): Promise<void> {
  await db.update(eventSessions).set({ remindedAt: new Date() }).where(eq(eventSessions.id, sessionId));
}

/** Events (all public) for sitemap.xml: how many, then a slice in a stable order. */
export async function sitemapCount(db: DbOrTx): Promise<number> {
  const [row] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from events`);
  return Number(row?.n ?? 0);
}

export async function sitemapSlugs(db: DbOrTx, offset: number, limit: number) {
  return queryRows<{ slug: string; lastmod: Date }>(
    db,
    sql`select slug, updated_at as lastmod from events order by id offset ${offset} limit ${limit}`,
  );
}
