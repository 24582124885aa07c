import { isModerator, type Viewer } from '../../lib/viewer.ts';

/** What the rules need to know of an event. */
export interface EventAccess {
  createdBy: string | null;
  organiserIds: readonly string[];
  /** The team of the place that organises it. */
  placeTeamIds: readonly string[];
  status: 'scheduled' | 'postponed' | 'cancelled';
}

/** Who may do what in the agenda: pure functions, checked by the service on every write. */
export const canCreateEvent = (viewer: Viewer | null): boolean => !!viewer?.emailVerified;

/** Its author, its other organisers, the team of its place; moderators too. */
export const canOrganise = (viewer: Viewer | null, event: EventAccess): boolean =>
  !!viewer &&
  (isModerator(viewer) ||
    event.createdBy === viewer.id ||
    event.organiserIds.includes(viewer.id) ||
    event.placeTeamIds.includes(viewer.id));

/** A place may be named as organiser by its team (or a moderator). */
export const canOrganiseFor = (viewer: Viewer | null, placeTeamIds: readonly string[]): boolean =>
  !!viewer && (isModerator(viewer) || placeTeamIds.includes(viewer.id));

/** Registration is open to confirmed members, on a scheduled event's sessions that have not begun. */
export const canRegister = (
  viewer: Viewer | null,
  event: { registration: string; status: string },
  session: { status: string; startsAt: Date },
  now: Date,
): 'ok' | 'signIn' | 'notHere' | 'closed' | 'past' => {
  if (event.registration !== 'here') {
    return 'notHere';
  }
  if (event.status !== 'scheduled' || session.status !== 'scheduled') {
    return 'closed';
  }
  if (session.startsAt.getTime() <= now.getTime()) {
    return 'past';
  }
  return viewer?.emailVerified ? 'ok' : 'signIn';
};

/** The online access link: for organisers and people whose place is confirmed. */
export const canSeeOnlineLink = (viewer: Viewer | null, event: EventAccess, confirmed: boolean): boolean =>
  confirmed || canOrganise(viewer, event);

/** A registration is cancelled by its owner (or an organiser, who may have to). */
export const canCancelRegistration = (viewer: Viewer | null, registration: { userId: string }, event: EventAccess): boolean =>
  !!viewer && (viewer.id === registration.userId || canOrganise(viewer, event));
