import type { Deps } from '../../deps.ts';
import { forbidden } from '../../lib/errors.ts';
import { isModerator, type Viewer } from '../../lib/viewer.ts';
import { registerNotificationKind } from '../social/social.service.ts';
import { type ModerationQueue, moderationQueue, moderationQueues } from './moderation.queues.ts';

/** Every queue with the number of items waiting, fullest first: what /moderation shows. */
export async function moderationDashboard(deps: Deps, viewer: Viewer | null): Promise<Array<ModerationQueue & { waiting: number }>> {
  if (!isModerator(viewer)) {
    throw forbidden('moderators only');
  }
  const counted = await Promise.all(moderationQueues().map(async (q) => ({ ...q, waiting: await q.count(deps) })));
  return counted.sort((a, b) => b.waiting - a.waiting);
}

// "Un lieu attend votre décision : Fablab de …" — only for moderators, linking to the queue.
registerNotificationKind('moderation.waiting', async (_deps, n, reader, t) => {
  const queue = moderationQueue(String(n.payload.queue ?? ''));
  if (!queue || !isModerator(reader)) {
    return null;
  }
  const label = typeof n.payload.label === 'string' ? n.payload.label : '';
  return { text: t('notifications.moderationWaiting', { item: t(queue.itemKey), label }), href: queue.path };
});
