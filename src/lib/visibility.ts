import type { Viewer } from './viewer.ts';

export type Visibility = 'public' | 'members' | 'private';

/** The visibilities a viewer may read of someone else's data (their own: everything). */
export function readableVisibilities(viewer: Viewer | null, ownerId?: string): Visibility[] {
  if (viewer && ownerId && viewer.id === ownerId) {
    return ['public', 'members', 'private'];
  }
  return viewer?.emailVerified ? ['public', 'members'] : ['public'];
}

/** May `viewer` see a field of `ownerId` shown at `visibility`? */
export function canSee(viewer: Viewer | null, ownerId: string, visibility: Visibility): boolean {
  return readableVisibilities(viewer, ownerId).includes(visibility);
}
