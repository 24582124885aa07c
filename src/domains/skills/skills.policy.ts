import { isModerator, type Viewer } from '../../lib/viewer.ts';

export const canProposeSkill = (viewer: Viewer | null): boolean => !!viewer?.emailVerified;
export const canModerateSkills = (viewer: Viewer | null): boolean => isModerator(viewer);
export const canDeclareSkill = (viewer: Viewer | null): boolean => !!viewer?.emailVerified;

/** A confirmed member vouches for someone else's declared, visible skill — never their own. */
export const canVouch = (viewer: Viewer | null, holderId: string, skillVisibleToViewer: boolean): boolean =>
  !!viewer?.emailVerified && viewer.id !== holderId && skillVisibleToViewer;

/** A vouch is removed by the one who gave it or the one who received it. */
export const canRemoveVouch = (viewer: Viewer | null, vouch: { userId: string; voucherId: string }): boolean =>
  !!viewer && (viewer.id === vouch.userId || viewer.id === vouch.voucherId);
