import { isModerator, type Viewer } from '../../lib/viewer.ts';
import { canSee, type Visibility } from '../../lib/visibility.ts';
import type { ContributionStatus } from './recognition.schema.ts';

/** What the policies need to know about a contribution and the people around it. */
export interface ContributionAccess {
  memberId: string;
  status: ContributionStatus;
  placeId: string | null;
  projectId: string | null;
  /** The place's team (its managers). */
  placeTeamIds: readonly string[];
  /** The project's team (its co-authors). */
  projectTeamIds: readonly string[];
}

export type ReviewerGroup = 'place' | 'project' | 'moderators';

/**
 * Who confirms a contribution: the place's team for a contribution at a place; else the
 * project's other authors; else — or when nobody but its author is in that team — the moderators.
 */
export function reviewerGroup(c: ContributionAccess): ReviewerGroup {
  const others = (ids: readonly string[]) => ids.some((id) => id !== c.memberId);
  if (c.placeId && others(c.placeTeamIds)) {
    return 'place';
  }
  if (c.projectId && !c.placeId && others(c.projectTeamIds)) {
    return 'project';
  }
  return 'moderators';
}

/** Is the viewer one of those who confirm this contribution? (Never its author.) */
export function isReviewerOf(viewer: Viewer | null, c: ContributionAccess): boolean {
  if (!viewer?.emailVerified || viewer.id === c.memberId) {
    return false;
  }
  switch (reviewerGroup(c)) {
    case 'place':
      return c.placeTeamIds.includes(viewer.id);
    case 'project':
      return c.projectTeamIds.includes(viewer.id);
    default:
      return isModerator(viewer);
  }
}

/** Confirm, ask for a change or decline: a reviewer, while it waits for an answer. */
export const canReviewContribution = (viewer: Viewer | null, c: ContributionAccess): boolean =>
  c.status === 'pending' && isReviewerOf(viewer, c);

/** Any member whose address is confirmed logs their own contributions. */
export const canLogContribution = (viewer: Viewer | null): boolean => !!viewer?.emailVerified;

/** Its author corrects it until it is confirmed or declined (a correction sends it back to be confirmed). */
export const canEditContribution = (viewer: Viewer | null, c: Pick<ContributionAccess, 'memberId' | 'status'>): boolean =>
  !!viewer && viewer.id === c.memberId && (c.status === 'pending' || c.status === 'changes_requested');

/** Its author withdraws it while nobody has confirmed it. */
export const canWithdrawContribution = (viewer: Viewer | null, c: Pick<ContributionAccess, 'memberId' | 'status'>): boolean =>
  !!viewer && viewer.id === c.memberId && c.status !== 'confirmed';

/** A member's record is read as they chose (public, members, private); they always read their own. */
export const canReadRecord = (viewer: Viewer | null, memberId: string, visibility: Visibility): boolean =>
  canSee(viewer, memberId, visibility);

/**
 * One contribution's page: its author and whoever confirms it; once confirmed, whoever
 * may read its author's record.
 */
export const canViewContribution = (viewer: Viewer | null, c: ContributionAccess, recordVisibility: Visibility): boolean =>
  (!!viewer && viewer.id === c.memberId) ||
  isReviewerOf(viewer, c) ||
  (c.status === 'confirmed' && canSee(viewer, c.memberId, recordVisibility));
