import { isModerator, type Viewer } from '../../lib/viewer.ts';
import type { QuestionnaireStatus } from './listening.schema.ts';

const inTeam = (viewer: Viewer | null, managerIds: readonly string[]) => !!viewer && managerIds.includes(viewer.id);

/** A place's team runs its questionnaires, reads their answers and writes its notes; moderators step in. Confirmed addresses only. */
export const canManageListening = (viewer: Viewer | null, managerIds: readonly string[]): boolean =>
  !!viewer?.emailVerified && (isModerator(viewer) || inTeam(viewer, managerIds));

/**
 * The questions are fixed once someone has answered: a changed question would mix answers to two
 * different questions in one chart. The title, the introduction and opening stay editable.
 */
export const canChangeQuestions = (answers: number): boolean => answers === 0;

/** Anyone may answer an open questionnaire of a published place, without an account. */
export const canAnswer = (q: { status: QuestionnaireStatus }, place: { status: string }): 'ok' | 'closed' | 'unavailable' =>
  place.status !== 'published' ? 'unavailable' : q.status === 'open' ? 'ok' : 'closed';

/** Any signed-in member may tell the network what they think of the platform. */
export const canSendPlatformFeedback = (viewer: Viewer | null): boolean => !!viewer;

/** Moderators read it. */
export const canReadPlatformFeedback = (viewer: Viewer | null): boolean => isModerator(viewer);
