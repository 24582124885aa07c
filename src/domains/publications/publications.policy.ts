import { isModerator, type Viewer } from '../../lib/viewer.ts';

/** Who publishes in whose name: oneself (any confirmed member), a place (its team), a community (its referents). */
export const canPublishFor = (viewer: Viewer | null, teamIds: readonly string[] | 'self'): boolean =>
  !!viewer?.emailVerified && (teamIds === 'self' || teamIds.includes(viewer.id) || isModerator(viewer));

export interface PublicationAccess {
  status: 'published' | 'hidden';
  authorId: string | null;
  /** The place's team or the community's referents, when published in their name. */
  teamIds: readonly string[];
}

/** Its author, the team it speaks for, and moderators edit it. */
export const canEditPublication = (viewer: Viewer | null, p: PublicationAccess): boolean =>
  !!viewer?.emailVerified && (viewer.id === p.authorId || p.teamIds.includes(viewer.id) || isModerator(viewer));

/** A hidden publication is read by those who may edit it (to see the moderator's note) only. */
export const canReadPublication = (viewer: Viewer | null, p: PublicationAccess): boolean =>
  p.status === 'published' || canEditPublication(viewer, p);

/** Moderators hide and show again, as for projects. */
export const canModeratePublication = (viewer: Viewer | null): boolean => isModerator(viewer);
