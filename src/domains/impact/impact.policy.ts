import { isModerator, type Viewer } from '../../lib/viewer.ts';

/** A place's team enters its figures (confirmed addresses only); moderators may step in. */
export const canEnterFigures = (viewer: Viewer | null, managerIds: readonly string[]): boolean =>
  !!viewer?.emailVerified && (managerIds.includes(viewer.id) || isModerator(viewer));

/**
 * A place's figures are public when it is published and its team has not hidden them; its team
 * (and moderators) always see them.
 */
export const canSeePlaceFigures = (
  viewer: Viewer | null,
  place: { status: string; managerIds: readonly string[]; figuresPublic: boolean },
): boolean => canEnterFigures(viewer, place.managerIds) || (place.status === 'published' && place.figuresPublic);

/** A community's referents define the indicators it asks of its places. */
export const canDefineIndicators = (viewer: Viewer | null, referentIds: readonly string[]): boolean =>
  !!viewer?.emailVerified && (referentIds.includes(viewer.id) || isModerator(viewer));
