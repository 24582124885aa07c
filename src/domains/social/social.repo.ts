import { and, count, desc, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import { type DbOrTx, part, queryRows, uuidList } from '../../db/client.ts';
import { users } from '../accounts/accounts.schema.ts';
import { directMessages, type FollowTarget, follows, notifications } from './social.schema.ts';

export type NotificationRow = typeof notifications.$inferSelect & { actorName: string | null };

export async function insertFollow(db: DbOrTx, userId: string, targetType: FollowTarget, targetId: string): Promise<void> {
  await db.insert(follows).values({ userId, targetType, targetId }).onConflictDoNothing();
}

export async function deleteFollow(db: DbOrTx, userId: string, targetType: FollowTarget, targetId: string): Promise<void> {
  await db.delete(follows).where(and(eq(follows.userId, userId), eq(follows.targetType, targetType), eq(follows.targetId, targetId)));
}

/** How many follow a target, and whether this person does: one row. */
export const followPart = (userId: string | null, targetType: FollowTarget, targetId: string) =>
  part<{ followers: number; following: boolean }>(
    sql`select count(*)::int as followers, coalesce(bool_or(user_id in (${uuidList(userId ? [userId] : [])})), false) as following
        from follows where target_type = ${targetType} and target_id = ${targetId}`,
  );

export async function readFollowState(db: DbOrTx, userId: string | null, targetType: FollowTarget, targetId: string) {
  return queryRows<{ followers: number; following: boolean }>(db, followPart(userId, targetType, targetId).query);
}

export async function listFollowerIds(db: DbOrTx, targetType: FollowTarget, targetId: string): Promise<string[]> {
  const rows = await db
    .select({ userId: follows.userId })
    .from(follows)
    .where(and(eq(follows.targetType, targetType), eq(follows.targetId, targetId)));
  return rows.map((r) => r.userId);
}

export async function listFollowing(db: DbOrTx, userId: string) {
  return db.select().from(follows).where(eq(follows.userId, userId)).orderBy(desc(follows.createdAt));
}

export async function insertNotifications(db: DbOrTx, rows: Array<typeof notifications.$inferInsert>): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    await db.insert(notifications).values(rows.slice(i, i + 500));
  }
}

export async function listNotifications(
  db: DbOrTx,
  userId: string,
  limit: number,
  opts: { unemailedOnly?: boolean } = {},
): Promise<NotificationRow[]> {
  const rows = await db
    .select({
      id: notifications.id,
      userId: notifications.userId,
      kind: notifications.kind,
      subjectType: notifications.subjectType,
      subjectId: notifications.subjectId,
      actorId: notifications.actorId,
      payload: notifications.payload,
      createdAt: notifications.createdAt,
      readAt: notifications.readAt,
      emailedAt: notifications.emailedAt,
      actorName: users.displayName,
    })
    .from(notifications)
    .leftJoin(users, eq(users.id, notifications.actorId))
    .where(and(eq(notifications.userId, userId), opts.unemailedOnly ? isNull(notifications.emailedAt) : undefined))
    .orderBy(desc(notifications.createdAt))
    .limit(limit);
  return rows;
}

export async function countUnread(db: DbOrTx, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return Number(row?.n ?? 0);
}

export async function markRead(db: DbOrTx, userId: string): Promise<void> {
  await db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
}

export async function markEmailed(db: DbOrTx, ids: string[]): Promise<void> {
  if (ids.length > 0) {
    await db.update(notifications).set({ emailedAt: new Date() }).where(inArray(notifications.id, ids));
  }
}

/** Members whose digest is due (daily or weekly) and who have notifications not yet e-mailed. */
export async function listDigestRecipients(db: DbOrTx, now: Date) {
  return queryRows<{ userId: string; email: string; displayName: string; locale: 'fr' | 'en'; digest: string; unsubscribeToken: string }>(
    db,
    sql`select u.id as "userId", u.email, u.display_name as "displayName", u.locale, p.digest, p.unsubscribe_token as "unsubscribeToken"
        from profiles p join users u on u.id = p.user_id
        where u.email_verified_at is not null and p.digest <> 'none'
          and (p.last_digest_at is null
               or (p.digest = 'daily' and p.last_digest_at <= ${now.toISOString()}::timestamptz - interval '23 hours')
               or (p.digest = 'weekly' and p.last_digest_at <= ${now.toISOString()}::timestamptz - interval '167 hours'))
          and exists (select 1 from notifications n where n.user_id = p.user_id and n.emailed_at is null)`,
  );
}

export async function setLastDigest(db: DbOrTx, userId: string, at: Date): Promise<void> {
  await db.execute(sql`update profiles set last_digest_at = ${at.toISOString()}::timestamptz where user_id = ${userId}`);
}

export async function insertMessage(db: DbOrTx, values: typeof directMessages.$inferInsert) {
  const [row] = await db.insert(directMessages).values(values).returning();
  if (!row) {
    throw new Error('insert returned nothing');
  }
  return row;
}

/** Messages a member sent or received, newest first, with the other person's name and profile. */
export async function listMessages(db: DbOrTx, userId: string, limit = 100) {
  return queryRows<{
    id: string;
    body: string;
    createdAt: Date;
    readAt: Date | null;
    incoming: boolean;
    otherId: string | null;
    otherName: string | null;
    otherSlug: string | null;
  }>(
    db,
    sql`select m.id, m.body, m.created_at as "createdAt", m.read_at as "readAt", (m.recipient_id = ${userId}) as incoming,
          case when m.recipient_id = ${userId} then m.sender_id else m.recipient_id end as "otherId",
          u.display_name as "otherName", p.slug as "otherSlug"
        from direct_messages m
        left join users u on u.id = case when m.recipient_id = ${userId} then m.sender_id else m.recipient_id end
        left join profiles p on p.user_id = u.id
        where m.recipient_id = ${userId} or m.sender_id = ${userId}
        order by m.created_at desc limit ${limit}`,
  );
}

export async function markMessagesRead(db: DbOrTx, userId: string): Promise<void> {
  await db
    .update(directMessages)
    .set({ readAt: new Date() })
    .where(and(eq(directMessages.recipientId, userId), isNull(directMessages.readAt)));
}

/** Messages sent by a member in the last hour (throttle). */
export async function countRecentMessages(db: DbOrTx, senderId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(directMessages)
    .where(and(eq(directMessages.senderId, senderId), sql`${directMessages.createdAt} > now() - interval '1 hour'`));
  return Number(row?.n ?? 0);
}

export async function deleteMessagesSentBy(db: DbOrTx, senderId: string): Promise<void> {
  await db.delete(directMessages).where(eq(directMessages.senderId, senderId));
}

/** Notifications are kept a year, read or not. */
export async function purgeOldNotifications(db: DbOrTx): Promise<void> {
  await db.delete(notifications).where(lt(notifications.createdAt, sql`now() - interval '365 days'`));
}

/** RGPD export: what one follows, notifications, messages sent and received. */
export async function exportSocial(db: DbOrTx, userId: string) {
  return {
    following: await queryRows(db, sql`select target_type, target_id, created_at from follows where user_id = ${userId}`),
    notifications: await queryRows(
      db,
      sql`select kind, subject_type, subject_id, created_at, read_at from notifications where user_id = ${userId} order by created_at`,
    ),
    messagesSent: await queryRows(
      db,
      sql`select u.display_name as "to", m.body, m.created_at from direct_messages m join users u on u.id = m.recipient_id where m.sender_id = ${userId}`,
    ),
    messagesReceived: await queryRows(
      db,
      sql`select coalesce(u.display_name, 'ancien membre') as "from", m.body, m.created_at from direct_messages m left join users u on u.id = m.sender_id where m.recipient_id = ${userId}`,
    ),
  };
}
