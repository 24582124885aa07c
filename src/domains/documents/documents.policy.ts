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
