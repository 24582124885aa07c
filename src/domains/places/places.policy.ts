import { isModerator, type Viewer } from '../../lib/viewer.ts';
import type { PlaceStatus } from './places.schema.ts';

/** What the policies need to know about a place. */
export interface PlaceAccess {
  status: PlaceStatus;
  managerIds: readonly string[];
}

const isManagerOf = (viewer: Viewer | null, place: PlaceAccess) => !!viewer && place.managerIds.includes(viewer.id);

/** Any member whose address is confirmed may propose a place. */
export const canCreatePlace = (viewer: Viewer | null): boolean => !!viewer?.emailVerified;

/** A moderator's places are published at once; everyone else's wait for moderation. */
export const publishesDirectly = (viewer: Viewer | null): boolean => isModerator(viewer);

/** Published places are public; pending and rejected ones are seen by their team and moderators. */
export const canViewPlace = (viewer: Viewer | null, place: PlaceAccess): boolean =>
  place.status === 'published' || isModerator(viewer) || isManagerOf(viewer, place);

export const canEditPlace = (viewer: Viewer | null, place: PlaceAccess): boolean =>
  !!viewer?.emailVerified && (isModerator(viewer) || isManagerOf(viewer, place));

export const canDeletePlace = canEditPlace;

export const canManageTeam = canEditPlace;

export const canModeratePlaces = (viewer: Viewer | null): boolean => isModerator(viewer);

/** Messages sent through the contact form are for the place's team only. */
export const canReadPlaceMessages = (viewer: Viewer | null, place: PlaceAccess): boolean => isManagerOf(viewer, place);

/** Anyone, signed in or not, may write to a published place. */
export const canContactPlace = (place: PlaceAccess): boolean => place.status === 'published';
