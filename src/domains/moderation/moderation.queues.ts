import type { Deps } from '../../deps.ts';
import type { IconName } from '../../views/icons.tsx';

/**
 * The work that waits for moderators, one queue per domain (places to publish, comments
 * reported, skills proposed, and what later domains add). Each domain registers its queue when
 * its service loads; /moderation shows them all with their counts.
 */
export interface ModerationQueue {
  key: string;
  /** The page where the queue is worked through. */
  path: string;
  /** i18n keys: the queue's name and what one item is ("lieu à publier"). */
  titleKey: string;
  itemKey: string;
  icon: IconName;
  count: (deps: Deps) => Promise<number>;
}

const queues = new Map<string, ModerationQueue>();

export function registerModerationQueue(queue: ModerationQueue): void {
  queues.set(queue.key, queue);
}

export function moderationQueues(): ModerationQueue[] {
  return [...queues.values()];
}

export function moderationQueue(key: string): ModerationQueue | undefined {
  return queues.get(key);
}
