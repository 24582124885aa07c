import { isModerator, type Viewer } from '../../lib/viewer.ts';

/** Who may run communities: pure functions, checked by the service on every write. */
export const canCreateCommunity = (viewer: Viewer | null): boolean => !!viewer?.emailVerified;
/** Referents run their community; moderators may step in. */
export const canManageCommunity = (viewer: Viewer | null, referentIds: readonly string[]): boolean =>
  !!viewer?.emailVerified && (referentIds.includes(viewer.id) || isModerator(viewer));
