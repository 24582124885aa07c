import { isModerator, type Viewer } from '../../lib/viewer.ts';
import type { OfferStatus, RequestStatus } from './services.schema.ts';

/** What the rules need to know of an offer: who answers it, and whether its provider is public. */
export interface OfferAccess {
  status: OfferStatus;
  /** The place's team, the community's referents; empty for the network's own offers (its moderators answer). */
  teamIds: readonly string[];
  /** Its place is published (always true for a community's or the network's offers). */
  providerPublic: boolean;
  closed: boolean;
}

const inTeam = (viewer: Viewer | null, offer: Pick<OfferAccess, 'teamIds'>) => !!viewer && offer.teamIds.includes(viewer.id);

/**
 * A place's team offers for its place, a community's referents for their community, moderators
 * for the network (and for anyone). Confirmed addresses only.
 */
export const canOfferFor = (viewer: Viewer | null, teamIds: readonly string[] | 'network'): boolean =>
  !!viewer?.emailVerified && (isModerator(viewer) || (teamIds !== 'network' && teamIds.includes(viewer.id)));

/** As places: public once published and while its place is; its team and moderators always see it. */
export const canViewOffer = (viewer: Viewer | null, offer: OfferAccess): boolean =>
  (offer.status === 'published' && offer.providerPublic) || isModerator(viewer) || inTeam(viewer, offer);

/** The team answers requests and edits the offer; moderators step in (and answer the network's). */
export const canAnswerRequests = (viewer: Viewer | null, offer: Pick<OfferAccess, 'teamIds'>): boolean =>
  !!viewer?.emailVerified && (isModerator(viewer) || inTeam(viewer, offer));

export const canEditOffer = canAnswerRequests;

export const canModerateOffers = (viewer: Viewer | null): boolean => isModerator(viewer);

/** Anyone confirmed may ask for a public, open offer — except its own team. */
export const canRequest = (viewer: Viewer | null, offer: OfferAccess): 'ok' | 'signIn' | 'closed' | 'ownTeam' => {
  if (offer.closed || offer.status !== 'published' || !offer.providerPublic) {
    return 'closed';
  }
  if (!viewer?.emailVerified) {
    return 'signIn';
  }
  return inTeam(viewer, offer) ? 'ownTeam' : 'ok';
};

/** A request is read by who asked and by who answers. */
export const canReadRequest = (viewer: Viewer | null, request: { requesterId: string }, offer: Pick<OfferAccess, 'teamIds'>): boolean =>
  !!viewer && (viewer.id === request.requesterId || canAnswerRequests(viewer, offer));

/** Which status may follow which: received → in progress → done; refused from either; done and refused are final. */
export const NEXT_STATUSES: Record<RequestStatus, readonly RequestStatus[]> = {
  received: ['in_progress', 'done', 'refused'],
  in_progress: ['done', 'refused'],
  done: [],
  refused: [],
};

export const canMoveTo = (from: RequestStatus, to: RequestStatus): boolean => NEXT_STATUSES[from].includes(to);

/** The satisfaction question: asked once, of who asked, when it is done. */
export const canRate = (viewer: Viewer | null, request: { requesterId: string; status: RequestStatus; rating: number | null }): boolean =>
  !!viewer && viewer.id === request.requesterId && request.status === 'done' && request.rating === null;

/** Both sides write in the thread while the request is open, and after (to thank, to ask again). */
export const canWriteInThread = canReadRequest;
