import { and, desc, eq, gt, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../../db/client.ts';
import { apiTokens, sessions, type TokenPurpose, users, userTokens } from './accounts.schema.ts';

export type UserRow = typeof users.$inferSelect;

export async function findUserByEmail(db: DbOrTx, email: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.email, email)).limit(1);
  return row;
}

export async function findUserById(db: DbOrTx, id: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return row;
}

/** Confirmed members among `ids`, in one statement. */
export async function findVerifiedUsersByIds(db: DbOrTx, ids: readonly string[]): Promise<UserRow[]> {
  return ids.length === 0
    ? []
    : db
        .select()
        .from(users)
        .where(and(inArray(users.id, [...ids]), isNotNull(users.emailVerifiedAt)));
}

export async function insertUser(db: DbOrTx, values: typeof users.$inferInsert): Promise<UserRow> {
  const [row] = await db.insert(users).values(values).returning();
  if (!row) {
    throw new Error('insert returned nothing');
  }
  return row;
}

export async function updateUser(db: DbOrTx, id: string, values: Partial<typeof users.$inferInsert>): Promise<void> {
  await db
    .update(users)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(users.id, id));
}

export async function deleteUser(db: DbOrTx, id: string): Promise<void> {
  await db.delete(users).where(eq(users.id, id));
}

export async function insertToken(
  db: DbOrTx,
  values: { id: string; userId: string; purpose: TokenPurpose; expiresAt: Date; newEmail?: string },
): Promise<void> {
  await db.insert(userTokens).values(values);
}

/** Mark a token used and return it, only if it was unused and unexpired: single use even under races. */
export async function consumeToken(db: DbOrTx, id: string, purpose: TokenPurpose) {
  const [row] = await db
    .update(userTokens)
    .set({ usedAt: new Date() })
    .where(and(eq(userTokens.id, id), eq(userTokens.purpose, purpose), isNull(userTokens.usedAt), gt(userTokens.expiresAt, sql`now()`)))
    .returning();
  return row;
}

/** A token that is still usable, without using it (to show the reset form). */
export async function findUsableToken(db: DbOrTx, id: string, purpose: TokenPurpose) {
  const [row] = await db
    .select()
    .from(userTokens)
    .where(and(eq(userTokens.id, id), eq(userTokens.purpose, purpose), isNull(userTokens.usedAt), gt(userTokens.expiresAt, sql`now()`)))
    .limit(1);
  return row;
}

export async function invalidateTokens(db: DbOrTx, userId: string, purpose: TokenPurpose): Promise<void> {
  await db
    .update(userTokens)
    .set({ usedAt: new Date() })
    .where(and(eq(userTokens.userId, userId), eq(userTokens.purpose, purpose), isNull(userTokens.usedAt)));
}

export async function insertSession(
  db: DbOrTx,
  values: { id: string; userId: string; expiresAt: Date; userAgent?: string },
): Promise<void> {
  await db.insert(sessions).values(values);
}

export interface SessionViewerRow {
  sessionId: string;
  userId: string;
  displayName: string;
  role: UserRow['role'];
  emailVerifiedAt: Date | null;
  locale: UserRow['locale'];
  lastSeenAt: Date;
}

/** The user behind a live session (not expired, not idle longer than `idleSeconds`). */
export async function findSessionViewer(db: DbOrTx, sessionId: string, idleSeconds: number) {
  const [row] = await db
    .select({
      sessionId: sessions.id,
      userId: users.id,
      displayName: users.displayName,
      role: users.role,
      emailVerifiedAt: users.emailVerifiedAt,
      locale: users.locale,
      lastSeenAt: sessions.lastSeenAt,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(
      and(
        eq(sessions.id, sessionId),
        gt(sessions.expiresAt, sql`now()`),
        gt(sessions.lastSeenAt, sql`now() - make_interval(secs => ${idleSeconds})`),
      ),
    )
    .limit(1);
  return row as SessionViewerRow | undefined;
}

export async function touchSession(db: DbOrTx, sessionId: string): Promise<void> {
  await db.update(sessions).set({ lastSeenAt: new Date() }).where(eq(sessions.id, sessionId));
}

export async function deleteSession(db: DbOrTx, sessionId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}

export async function deleteUserSessions(db: DbOrTx, userId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.userId, userId));
}

export async function countUserSessions(db: DbOrTx, userId: string): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(sessions).where(eq(sessions.userId, userId));
  return Number(row?.n ?? 0);
}

export async function insertApiToken(db: DbOrTx, values: { id: string; userId: string; name: string; prefix: string }): Promise<void> {
  await db.insert(apiTokens).values(values);
}

export async function listApiTokens(db: DbOrTx, userId: string) {
  return db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      prefix: apiTokens.prefix,
      createdAt: apiTokens.createdAt,
      lastUsedAt: apiTokens.lastUsedAt,
    })
    .from(apiTokens)
    .where(eq(apiTokens.userId, userId))
    .orderBy(desc(apiTokens.createdAt));
}

export async function deleteApiToken(db: DbOrTx, userId: string, id: string): Promise<boolean> {
  const rows = await db
    .delete(apiTokens)
    .where(and(eq(apiTokens.userId, userId), eq(apiTokens.id, id)))
    .returning({ id: apiTokens.id });
  return rows.length > 0;
}

export async function findApiTokenViewer(db: DbOrTx, tokenId: string) {
  const [row] = await db
    .select({
      userId: users.id,
      displayName: users.displayName,
      role: users.role,
      emailVerifiedAt: users.emailVerifiedAt,
      locale: users.locale,
      lastUsedAt: apiTokens.lastUsedAt,
    })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(eq(apiTokens.id, tokenId))
    .limit(1);
  return row;
}

export async function touchApiToken(db: DbOrTx, tokenId: string): Promise<void> {
  await db.update(apiTokens).set({ lastUsedAt: new Date() }).where(eq(apiTokens.id, tokenId));
}

export async function listUsers(db: DbOrTx, opts: { q?: string; limit: number; offset: number }) {
  const where = opts.q ? sql`${users.displayName} ilike ${`%${opts.q.replace(/[%_\\]/g, '\\$&')}%`}` : undefined;
  const rows = await db
    .select({
      id: users.id,
      displayName: users.displayName,
      role: users.role,
      createdAt: users.createdAt,
      emailVerifiedAt: users.emailVerifiedAt,
      lastSignInAt: users.lastSignInAt,
    })
    .from(users)
    .where(where)
    .orderBy(desc(users.createdAt))
    .limit(opts.limit)
    .offset(opts.offset);
  const [count] = await db.select({ n: sql<number>`count(*)::int` }).from(users).where(where);
  return { rows, total: Number(count?.n ?? 0) };
}

export async function countAdmins(db: DbOrTx): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(users).where(eq(users.role, 'admin'));
  return Number(row?.n ?? 0);
}

export async function insertUsersBulk(db: DbOrTx, rows: Array<typeof users.$inferInsert>): Promise<Array<{ id: string }>> {
  if (rows.length === 0) {
    return [];
  }
  return db.insert(users).values(rows).returning({ id: users.id });
}

export async function listModeratorIds(db: DbOrTx): Promise<string[]> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(inArray(users.role, ['moderator', 'admin']), isNotNull(users.emailVerifiedAt)));
  return rows.map((r) => r.id);
}

export async function countUsers(db: DbOrTx): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(users);
  return Number(row?.n ?? 0);
}

/** RGPD export: the account (never the password hash), sessions, API tokens, its audit trail. */
export async function exportAccount(db: DbOrTx, userId: string) {
  const [account] = await queryRows<Record<string, unknown>>(
    db,
    sql`select id, email, email_verified_at, display_name, role, locale, last_sign_in_at, created_at, updated_at from users where id = ${userId}`,
  );
  return {
    account,
    sessions: await queryRows(db, sql`select created_at, last_seen_at, expires_at, user_agent from sessions where user_id = ${userId}`),
    apiTokens: await queryRows(db, sql`select name, prefix, created_at, last_used_at from api_tokens where user_id = ${userId}`),
    events: await queryRows(
      db,
      sql`select at, action, subject_type, subject_id from audit_events where actor_id = ${userId} or (subject_type = 'user' and subject_id = ${userId}::text) order by at`,
    ),
  };
}
