import { isModerator, type Viewer } from '../../lib/viewer.ts';

/** Who may do what with calls for skills: pure functions, checked by the service on every write. */
export const canPostCall = (viewer: Viewer | null): boolean => !!viewer?.emailVerified;
export const canRespond = (viewer: Viewer | null, call: { posterId: string | null; status: string }): boolean =>
  !!viewer?.emailVerified && viewer.id !== call.posterId && call.status === 'open';
export const canCloseCall = (viewer: Viewer | null, call: { posterId: string | null }): boolean =>
  !!viewer && (viewer.id === call.posterId || isModerator(viewer));
/** Answers are messages to the poster: the poster reads them all, a responder their own. */
export const canReadResponses = (viewer: Viewer | null, call: { posterId: string | null }): boolean =>
  !!viewer && viewer.id === call.posterId;
