import { isModerator, type Viewer } from '../../lib/viewer.ts';
import { type Licence, licenceOf } from './documents.content.ts';
import type { DocumentKind } from './documents.schema.ts';

/** What a policy needs to know of a document. */
export interface DocumentFacts {
  kind: DocumentKind;
  teamIds: readonly string[];
  published: boolean;
  deleted: boolean;
}

/** Confirmed members write documentation. */
export const canCreateDocument = (viewer: Viewer | null): boolean => !!viewer?.emailVerified;

/** Published documents are public; a draft only shows to its team and to moderators. */
export const canSeeDocument = (viewer: Viewer | null, doc: DocumentFacts): boolean =>
  !doc.deleted && (doc.published || (!!viewer && (doc.teamIds.includes(viewer.id) || isModerator(viewer))));

/**
 * A project is edited by its team (and moderators); a guide is the network's: any confirmed
 * member improves it, as on a wiki. History keeps every version either way.
 */
export const canEditDocument = (viewer: Viewer | null, doc: DocumentFacts): boolean =>
  !!viewer?.emailVerified &&
  !doc.deleted &&
  (doc.teamIds.includes(viewer.id) || isModerator(viewer) || (doc.kind === 'guide' && doc.published));

/** The team (and moderators) publish, unpublish, delete and manage the team. */
export const canManageDocument = (viewer: Viewer | null, doc: DocumentFacts): boolean =>
  !!viewer?.emailVerified && !doc.deleted && (doc.teamIds.includes(viewer.id) || isModerator(viewer));

/** Adapting needs a licence that allows derivatives, and a published project. */
export function adaptationRefusal(
  viewer: Viewer | null,
  doc: DocumentFacts,
  licence: Licence | string,
): 'signIn' | 'noDerivatives' | 'notPublished' | null {
  if (!viewer?.emailVerified) {
    return 'signIn';
  }
  if (!doc.published || doc.deleted) {
    return 'notPublished';
  }
  return (typeof licence === 'string' ? licenceOf(licence) : licence).noDerivatives ? 'noDerivatives' : null;
}

// ---- comments ----------------------------------------------------------------------------

export interface CommentFacts {
  authorId: string | null;
  status: 'visible' | 'hidden';
}

/** Confirmed members comment published documents. */
export const canComment = (viewer: Viewer | null, doc: DocumentFacts): boolean => !!viewer?.emailVerified && doc.published && !doc.deleted;

/** A hidden comment shows only to its author (with the reason) and to moderators. */
export const canSeeComment = (viewer: Viewer | null, comment: CommentFacts): boolean =>
  comment.status === 'visible' || (!!viewer && (viewer.id === comment.authorId || isModerator(viewer)));

/** Its author deletes a comment; moderators hide it instead (see canModerateComments). */
export const canDeleteComment = (viewer: Viewer | null, comment: CommentFacts): boolean =>
  !!viewer && comment.authorId !== null && viewer.id === comment.authorId;

/** Anyone confirmed may report a comment, except their own. */
export const canReportComment = (viewer: Viewer | null, comment: CommentFacts): boolean =>
  !!viewer?.emailVerified && viewer.id !== comment.authorId && comment.status === 'visible';

export const canModerateComments = (viewer: Viewer | null): boolean => isModerator(viewer);

/** Reports that hide a comment until a moderator decides. */
export const REPORTS_TO_HIDE = 3;

// ---- collections of guides ---------------------------------------------------------------

/** Confirmed members gather guides into collections; their creator and moderators curate them. */
export const canCreateCollection = (viewer: Viewer | null): boolean => !!viewer?.emailVerified;

export const canEditCollection = (viewer: Viewer | null, collection: { createdBy: string | null }): boolean =>
  !!viewer?.emailVerified && (viewer.id === collection.createdBy || isModerator(viewer));
