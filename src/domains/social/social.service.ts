import type { DbOrTx } from '../../db/client.ts';
import type { Deps } from '../../deps.ts';
import { translator } from '../../i18n/index.ts';
import { AppError, forbidden } from '../../lib/errors.ts';
import type { Translate } from '../../lib/i18n.ts';
import { registerPersonalData } from '../../lib/personal-data.ts';
import type { Viewer } from '../../lib/viewer.ts';
import { getContactsOfUsers, listModeratorIds } from '../accounts/accounts.service.ts';
import { getMemberById } from '../people/people.service.ts';
import * as repo from './social.repo.ts';
import type { FollowTarget } from './social.schema.ts';

// ---- following ----------------------------------------------------------------------------

/** Follower counts changed: pages that show them are refreshed. */
export const FOLLOWS_TOPIC = 'follows';

export async function follow(deps: Deps, viewer: Viewer | null, targetType: FollowTarget, targetId: string): Promise<void> {
  if (!viewer?.emailVerified) {
    throw forbidden('confirmed members only');
  }
  await repo.insertFollow(deps.db, viewer.id, targetType, targetId);
  await deps.changes.publish(FOLLOWS_TOPIC);
}

export async function unfollow(deps: Deps, viewer: Viewer | null, targetType: FollowTarget, targetId: string): Promise<void> {
  if (!viewer) {
    throw forbidden('sign in');
  }
  await repo.deleteFollow(deps.db, viewer.id, targetType, targetId);
  await deps.changes.publish(FOLLOWS_TOPIC);
}

/** How many follow a target and whether the viewer does; also a part of one statement (readTogether), read by `followStateOf`. */
export const followStatePart = (viewer: Viewer | null, targetType: FollowTarget, targetId: string) =>
  repo.followPart(viewer?.id ?? null, targetType, targetId);
export const followStateOf = (rows: Array<{ followers: number; following: boolean }>) => ({
  following: rows[0]?.following ?? false,
  followers: rows[0]?.followers ?? 0,
});

export async function followState(deps: Deps, viewer: Viewer | null, targetType: FollowTarget, targetId: string) {
  return followStateOf(await repo.readFollowState(deps.db, viewer?.id ?? null, targetType, targetId));
}

export const listFollowing = (deps: Deps, viewer: Viewer) => repo.listFollowing(deps.db, viewer.id);
export const listFollowerIdsOf = (db: DbOrTx, targetType: FollowTarget, targetId: string) => repo.listFollowerIds(db, targetType, targetId);

// ---- notifications ------------------------------------------------------------------------

export interface NotificationEvent {
  kind: string;
  subjectType: string;
  subjectId: string;
  actorId?: string | null;
  payload?: Record<string, string>;
}

/** Notify these members (never the actor themselves), in the caller's transaction. */
export async function notifyUsers(db: DbOrTx, userIds: Iterable<string>, event: NotificationEvent): Promise<number> {
  const recipients = [...new Set(userIds)].filter((id) => id !== event.actorId);
  await repo.insertNotifications(
    db,
    recipients.map((userId) => ({
      userId,
      kind: event.kind,
      subjectType: event.subjectType,
      subjectId: event.subjectId,
      actorId: event.actorId ?? null,
      payload: event.payload ?? {},
    })),
  );
  return recipients.length;
}

/** Notify whoever follows a target (and, optionally, some more people). */
export async function notifyFollowers(
  db: DbOrTx,
  targetType: FollowTarget,
  targetId: string,
  event: NotificationEvent,
  also: string[] = [],
): Promise<number> {
  const followers = await repo.listFollowerIds(db, targetType, targetId);
  return notifyUsers(db, [...followers, ...also], event);
}

/** How a kind of notification reads, decided when it is read: null hides it (the reader may not see its subject). */
export type Describe = (
  deps: Deps,
  n: repo.NotificationRow,
  reader: Viewer,
  t: Translate,
) => Promise<{ text: string; href: string } | null>;

const describers = new Map<string, Describe>();

/**
 * Tell every moderator that something waits in a queue (call in the transaction that adds it):
 * a notification "moderation.waiting" naming the queue, the subject and, when given, a label.
 */
export async function notifyModerators(
  db: DbOrTx,
  queue: string,
  subject: { type: string; id: string; label?: string },
  actorId: string | null,
): Promise<number> {
  const moderators = (await listModeratorIds(db)).filter((id) => id !== actorId);
  return notifyUsers(db, moderators, {
    kind: 'moderation.waiting',
    subjectType: subject.type,
    subjectId: subject.id,
    actorId,
    payload: { queue, ...(subject.label ? { label: subject.label.slice(0, 120) } : {}) },
  });
}

/** Each domain registers how its notifications read. */
export function registerNotificationKind(kind: string, describe: Describe): void {
  describers.set(kind, describe);
}

async function describeAll(deps: Deps, rows: repo.NotificationRow[], reader: Viewer, t: Translate) {
  const out: Array<{ id: string; text: string; href: string; createdAt: Date; unread: boolean }> = [];
  for (const n of rows) {
    const describe = describers.get(n.kind);
    let view: { text: string; href: string } | null = null;
    try {
      view = describe ? await describe(deps, n, reader, t) : null;
    } catch (err) {
      // A subject that is gone or no longer visible (NOT_FOUND, FORBIDDEN) simply hides the notification.
      if (!(err instanceof AppError)) {
        throw err;
      }
    }
    if (view) {
      out.push({ id: n.id, ...view, createdAt: n.createdAt, unread: !n.readAt });
    }
  }
  return out;
}

export async function listMyNotifications(deps: Deps, viewer: Viewer, t: Translate) {
  return describeAll(deps, await repo.listNotifications(deps.db, viewer.id, 100), viewer, t);
}

export const unreadCount = (deps: Deps, viewer: Viewer) => repo.countUnread(deps.db, viewer.id);
export const markAllRead = (deps: Deps, viewer: Viewer) => repo.markRead(deps.db, viewer.id);

/** The footer of every notification e-mail: stop them without signing in. */
export function unsubscribeFooter(deps: Deps, t: Translate, token: string): string {
  return t('mail.unsubscribe', { link: `${deps.config.publicUrl}/desabonnement?token=${token}` });
}

/**
 * Send the digests that are due: one e-mail per member listing what happened since the last
 * one (only what they may see), with an unsubscribe link. Returns how many were sent.
 */
export async function sendDueDigests(deps: Deps, now = new Date()): Promise<number> {
  let sent = 0;
  for (const r of await repo.listDigestRecipients(deps.db, now)) {
    const member = await getMemberById(deps, r.userId);
    const viewer: Viewer = { id: r.userId, displayName: r.displayName, role: 'member', emailVerified: true };
    const t = translator(r.locale);
    const rows = await repo.listNotifications(deps.db, r.userId, 200, { unemailedOnly: true });
    const items = await describeAll(deps, rows, viewer, t);
    if (items.length > 0) {
      // One unreachable inbox must not hold back everyone else's digest: it is retried next round.
      const delivered = await deps.mailer
        .send({
          to: r.email,
          subject: t(`mail.digest.subject.${r.digest}`, { count: items.length }),
          text: [
            t('mail.digest.intro', { name: member.displayName, count: items.length }),
            '',
            ...items.map((i) => `- ${i.text}\n  ${deps.config.publicUrl}${i.href}`),
            '',
            t('mail.digest.all', { link: `${deps.config.publicUrl}/notifications` }),
            '',
            unsubscribeFooter(deps, t, r.unsubscribeToken),
          ].join('\n'),
        })
        .then(
          () => true,
          (err: unknown) => {
            deps.logger.warn({ err, userId: r.userId }, 'digest not delivered; retried next round');
            return false;
          },
        );
      if (!delivered) {
        continue;
      }
      sent++;
    }
    await repo.markEmailed(
      deps.db,
      rows.map((row) => row.id),
    );
    await repo.setLastDigest(deps.db, r.userId, now);
  }
  return sent;
}

/** The social chores the server runs on a timer (and `npx tisserin digest` runs once). */
export async function runSocialChores(deps: Deps, now = new Date()): Promise<number> {
  await repo.purgeOldNotifications(deps.db);
  return sendDueDigests(deps, now);
}

// ---- messages between members ---------------------------------------------------------------

const MESSAGES_PER_HOUR = 20;

/**
 * Write to a member through the platform: they read it on /messages and get an e-mail (unless
 * they turned e-mails off); neither address is ever shown.
 */
export async function sendMessage(deps: Deps, viewer: Viewer | null, recipientId: string, body: string): Promise<void> {
  if (!viewer?.emailVerified) {
    throw forbidden('confirmed members only');
  }
  if (recipientId === viewer.id) {
    throw new AppError('BAD_REQUEST', { message: 'cannot write to oneself', userMessage: 'social.messages.self' });
  }
  if ((await repo.countRecentMessages(deps.db, viewer.id)) >= MESSAGES_PER_HOUR) {
    throw new AppError('RATE_LIMITED', { message: 'too many messages', userMessage: 'errors.rateLimited', retryAfter: 3600 });
  }
  const recipient = await getMemberById(deps, recipientId);
  await deps.db.transaction(async (tx) => {
    const row = await repo.insertMessage(tx, { senderId: viewer.id, recipientId, body });
    await notifyUsers(tx, [recipientId], { kind: 'message', subjectType: 'message', subjectId: row.id, actorId: viewer.id });
  });
  const [contact] = await getContactsOfUsers(deps, [recipientId]);
  if (contact && recipient.digest !== 'none') {
    const t = translator(contact.locale);
    await deps.mailer.send({
      to: contact.email,
      subject: t('mail.message.subject', { sender: viewer.displayName }),
      text: `${t('mail.message.body', { name: contact.displayName, sender: viewer.displayName, message: body, link: `${deps.config.publicUrl}/messages` })}\n\n${unsubscribeFooter(deps, t, recipient.unsubscribeToken)}`,
    });
  }
}

export async function listMyMessages(deps: Deps, viewer: Viewer) {
  const rows = await repo.listMessages(deps.db, viewer.id);
  await repo.markMessagesRead(deps.db, viewer.id);
  return rows;
}

export const deleteMessagesSentBy = (db: DbOrTx, userId: string) => repo.deleteMessagesSentBy(db, userId);

registerNotificationKind('message', async (_deps, n, _reader, t) => ({
  text: t('notifications.message', { actor: n.actorName ?? t('people.formerMember') }),
  href: '/messages',
}));

registerPersonalData('social', repo.exportSocial, repo.deleteMessagesSentBy);
