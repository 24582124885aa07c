import { isModerator, type Viewer } from '../../lib/viewer.ts';

/** What the policies need to know about a badge: whose it is. */
export interface BadgeAccess {
  /** A place's badge (its team manages it); null: the network's (moderators manage it). */
  placeId: string | null;
  placeTeamIds: readonly string[];
}

/** The network's badges are the moderators'; a place's, its team's. */
const managesBadge = (viewer: Viewer | null, badge: BadgeAccess): boolean =>
  !!viewer?.emailVerified && (badge.placeId === null ? isModerator(viewer) : badge.placeTeamIds.includes(viewer.id));

/** Define a badge: moderators for the network, a place's team for their place. */
export const canDefineBadge = managesBadge;

/** Give it by hand — never to oneself. */
export const canAwardBadge = (viewer: Viewer | null, badge: BadgeAccess, recipientId: string): boolean =>
  managesBadge(viewer, badge) && viewer?.id !== recipientId;

/** Revoke an award (with a reason): those who manage the badge. */
export const canRevokeAward = (viewer: Viewer | null, badge: BadgeAccess, award: { revokedAt: Date | null }): boolean =>
  award.revokedAt === null && managesBadge(viewer, badge);

/** Its holder hides it from their page, or shows it again. */
export const canHideAward = (viewer: Viewer | null, award: { recipientId: string | null }): boolean =>
  !!viewer && viewer.id === award.recipientId;

/** Endorse a badge someone earned: any confirmed member but its holder, while it is valid. */
export const canEndorseAward = (viewer: Viewer | null, award: { recipientId: string | null; revokedAt: Date | null }): boolean =>
  !!viewer?.emailVerified && award.recipientId !== null && viewer.id !== award.recipientId && award.revokedAt === null;
