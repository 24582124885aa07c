import type { DbOrTx } from '../../db/client.ts';
import type { Deps } from '../../deps.ts';
import { AppError, forbidden, notFound, nullIfNotFound, validationFailed } from '../../lib/errors.ts';
import { renderMarkdown } from '../../lib/markdown.ts';
import { registerPersonalData } from '../../lib/personal-data.ts';
import { firstFreeSlug, slugify } from '../../lib/slug.ts';
import { isModerator, type Viewer } from '../../lib/viewer.ts';
import { recordEvent } from '../audit/audit.service.ts';
import { getCommunity, listCommunitiesReferredBy } from '../communities/communities.service.ts';
import { getPlaceDetail, listMyPlaces } from '../places/places.service.ts';
import { indexWords, registerSearchTopic } from '../search/search.service.ts';
import { type Describe, notifyFollowers, notifyModerators, notifyUsers, registerNotificationKind } from '../social/social.service.ts';
import {
  canAnswerRequests,
  canEditOffer,
  canModerateOffers,
  canMoveTo,
  canOfferFor,
  canRate,
  canReadRequest,
  canRequest,
  canViewOffer,
  canWriteInThread,
  NEXT_STATUSES,
  type OfferAccess,
} from './services.policy.ts';
import * as repo from './services.repo.ts';
import type { RequestStatus } from './services.schema.ts';
import { type OfferData, type Provider, parseProvider, type ServiceFilters } from './services.validation.ts';

/** Published when what a place's page shows of its offers changes. */
export const SERVICES_TOPIC = 'services';
registerSearchTopic(SERVICES_TOPIC);

export const SERVICES_PER_PAGE = 24;

/** The pages of /services: no offer takes their address. */
const RESERVED_SLUGS = new Set(['nouveau', 'demandes']);

const conflict = (userMessage: string, message: string) => new AppError('CONFLICT', { message, userMessage });

const accessOf = (o: repo.OfferRow): OfferAccess => ({
  status: o.status,
  teamIds: o.teamIds,
  providerPublic: o.placePublic,
  closed: o.closedAt !== null,
});

/** An offer the viewer may see, with what its rules need. */
export async function loadOffer(deps: Deps, viewer: Viewer | null, ref: { slug: string } | { id: string }) {
  const offer = await repo.findOffer(deps.db, ref);
  if (!offer || !canViewOffer(viewer, accessOf(offer))) {
    throw notFound('service');
  }
  return { offer, access: accessOf(offer) };
}

/** Who the viewer may offer for: the places they run, the communities they refer, the network for moderators. */
export async function providersFor(deps: Deps, viewer: Viewer) {
  const [places, communities] = await Promise.all([listMyPlaces(deps, viewer), listCommunitiesReferredBy(deps, viewer.id)]);
  return {
    places: places.map((p) => ({ slug: p.slug, name: p.name })),
    communities: communities.map((c) => ({ slug: c.slug, name: c.name })),
    network: isModerator(viewer),
  };
}

/** The provider named in the form, if the viewer may offer for it. */
async function resolveProvider(deps: Deps, viewer: Viewer, provider: Provider) {
  if (provider.kind === 'network') {
    if (!canOfferFor(viewer, 'network')) {
      throw validationFailed({ provider: ['services.notYourProvider'] }, 'only moderators offer for the network');
    }
    return { placeId: null, communityId: null, departmentCode: null, regionCode: null };
  }
  if (provider.kind === 'place') {
    const place = await nullIfNotFound(getPlaceDetail(deps, viewer, { slug: provider.slug }));
    if (!place || !canOfferFor(viewer, place.managerIds)) {
      throw validationFailed({ provider: ['services.notYourProvider'] }, 'only its team offers for a place');
    }
    return { placeId: place.id, communityId: null, departmentCode: place.departmentCode ?? null, regionCode: place.regionCode ?? null };
  }
  const community = await nullIfNotFound(getCommunity(deps, provider.slug));
  if (!community || !canOfferFor(viewer, community.referentIds)) {
    throw validationFailed({ provider: ['services.notYourProvider'] }, 'only its referents offer for a community');
  }
  const c = community.community;
  return {
    placeId: null,
    communityId: c.id,
    departmentCode: null,
    regionCode: c.scale === 'region' ? (c.scaleCode ?? null) : null,
  };
}

const offerColumns = async (d: OfferData) => ({
  title: d.title,
  kind: d.kind,
  descriptionMd: d.description,
  descriptionHtml: await renderMarkdown(d.description),
  audiences: d.audiences,
  conditions: d.conditions ?? null,
  free: d.free === 'on',
  price: d.free === 'on' ? null : (d.price ?? null),
  duration: d.duration ?? null,
  contactName: d.contactName ?? null,
});

export async function createOffer(deps: Deps, viewer: Viewer | null, input: OfferData & { provider: string }) {
  if (!viewer?.emailVerified) {
    throw forbidden('confirmed members only');
  }
  const where = await resolveProvider(deps, viewer, parseProvider(input.provider));
  const slug = await firstFreeSlug(slugify(input.title, 70), (s) => repo.slugTaken(deps.db, s), RESERVED_SLUGS);
  const columns = await offerColumns(input);
  const offer = await deps.db.transaction(async (tx) => {
    const row = await repo.insertOffer(tx, { slug, ...columns, ...where, createdBy: viewer.id });
    if (where.placeId) {
      await notifyFollowers(tx, 'place', where.placeId, {
        kind: 'service.new',
        subjectType: 'service',
        subjectId: row.id,
        actorId: viewer.id,
      });
    }
    await indexWords(tx, input.title, input.description);
    await recordEvent(tx, { actorId: viewer.id, action: 'service.created', subjectType: 'service', subjectId: row.id });
    return row;
  });
  await deps.changes.publish(SERVICES_TOPIC);
  return offer;
}

export async function updateOffer(deps: Deps, viewer: Viewer | null, slug: string, input: OfferData) {
  const { offer, access } = await loadOffer(deps, viewer, { slug });
  if (!viewer || !canEditOffer(viewer, access)) {
    throw forbidden('its team only');
  }
  const columns = await offerColumns(input);
  await deps.db.transaction(async (tx) => {
    await repo.updateOffer(tx, offer.id, columns);
    await indexWords(tx, input.title, input.description);
    await recordEvent(tx, { actorId: viewer.id, action: 'service.updated', subjectType: 'service', subjectId: offer.id });
  });
  await deps.changes.publish(SERVICES_TOPIC);
}

/** The team withdraws an offer (kept for the requests that name it), or opens it again. */
export async function setOfferOpen(deps: Deps, viewer: Viewer | null, slug: string, open: boolean) {
  const { offer, access } = await loadOffer(deps, viewer, { slug });
  if (!viewer || !canEditOffer(viewer, access)) {
    throw forbidden('its team only');
  }
  await deps.db.transaction(async (tx) => {
    await repo.updateOffer(tx, offer.id, { closedAt: open ? null : new Date() });
    await recordEvent(tx, {
      actorId: viewer.id,
      action: open ? 'service.reopened' : 'service.closed',
      subjectType: 'service',
      subjectId: offer.id,
    });
  });
  await deps.changes.publish(SERVICES_TOPIC);
}

/** A moderator hides an offer (its team reads why) or shows it again. */
export async function moderateOffer(deps: Deps, viewer: Viewer | null, slug: string, hide: { note: string } | null) {
  if (!canModerateOffers(viewer) || !viewer) {
    throw forbidden('moderators only');
  }
  const { offer } = await loadOffer(deps, viewer, { slug });
  await deps.db.transaction(async (tx) => {
    await repo.updateOffer(
      tx,
      offer.id,
      hide ? { status: 'hidden', moderationNote: hide.note } : { status: 'published', moderationNote: null },
    );
    await notifyUsers(tx, offer.teamIds, {
      kind: hide ? 'service.hidden' : 'service.shown',
      subjectType: 'service',
      subjectId: offer.id,
      actorId: viewer.id,
    });
    await recordEvent(tx, {
      actorId: viewer.id,
      action: hide ? 'service.hidden' : 'service.shown',
      subjectType: 'service',
      subjectId: offer.id,
      payload: hide ? { note: hide.note } : {},
    });
  });
  await deps.changes.publish(SERVICES_TOPIC);
}

export const searchOffers = (deps: Deps, f: ServiceFilters, page: number) =>
  repo.searchOffers(deps.db, f, { limit: SERVICES_PER_PAGE, offset: (page - 1) * SERVICES_PER_PAGE });

/** An offer's page: the offer, what the viewer may do, and (for its team) its requests. */
export async function getOfferPage(deps: Deps, viewer: Viewer | null, slug: string) {
  const { offer, access } = await loadOffer(deps, viewer, { slug });
  const team = canAnswerRequests(viewer, access);
  const [requests, mine] = await Promise.all([
    team && viewer ? repo.listQueue(deps.db, viewer.id, isModerator(viewer), { open: false, offerId: offer.id, limit: 50 }) : [],
    viewer ? repo.listRequestsBy(deps.db, viewer.id, { offerId: offer.id }) : [],
  ]);
  return {
    offer,
    canRequest: canRequest(viewer, access),
    canEdit: canEditOffer(viewer, access),
    canModerate: canModerateOffers(viewer),
    team,
    requests,
    mine,
  };
}

export type OfferPageData = Awaited<ReturnType<typeof getOfferPage>>;

/** Ask for a service: the request and its first message in one transaction; the team is told. */
export async function requestService(deps: Deps, viewer: Viewer | null, slug: string, message: string) {
  const { offer, access } = await loadOffer(deps, viewer, { slug });
  const allowed = canRequest(viewer, access);
  if (allowed === 'signIn' || !viewer) {
    throw forbidden('confirmed members only');
  }
  if (allowed === 'closed') {
    throw conflict('services.offerClosed', 'this offer takes no requests');
  }
  if (allowed === 'ownTeam') {
    throw conflict('services.ownTeam', 'a team does not ask itself');
  }
  const request = await deps.db.transaction(async (tx) => {
    const row = await repo.insertRequest(tx, { offerId: offer.id, requesterId: viewer.id });
    await repo.insertMessage(tx, { requestId: row.id, authorId: viewer.id, body: message });
    const notice = { kind: 'service.request', subjectType: 'service_request', subjectId: row.id, actorId: viewer.id };
    if (offer.teamIds.length > 0) {
      await notifyUsers(tx, offer.teamIds, notice);
    } else {
      await notifyModerators(tx, 'services', { type: 'service_request', id: row.id, label: offer.title }, viewer.id);
    }
    await recordEvent(tx, { actorId: viewer.id, action: 'service.requested', subjectType: 'service_request', subjectId: row.id });
    return row;
  });
  return request;
}

async function loadRequest(deps: Deps, viewer: Viewer | null, id: string) {
  const request = await repo.findRequest(deps.db, id);
  if (!request) {
    throw notFound('request');
  }
  const offer = await repo.findOffer(deps.db, { id: request.offerId });
  if (!offer || !canReadRequest(viewer, request, offer)) {
    throw notFound('request');
  }
  return { request, offer };
}

/** A request's page: the request, its thread, and what the viewer may do with it. */
export async function getRequestPage(deps: Deps, viewer: Viewer | null, id: string) {
  const { request, offer } = await loadRequest(deps, viewer, id);
  const messages = await repo.listMessages(deps.db, id);
  const team = canAnswerRequests(viewer, offer);
  return {
    request,
    offer: { slug: offer.slug, title: offer.title, kind: offer.kind, placeSlug: offer.placeSlug, placeName: offer.placeName },
    messages,
    team,
    nextStatuses: team ? NEXT_STATUSES[request.status] : [],
    canRate: canRate(viewer, request),
    isRequester: viewer?.id === request.requesterId,
  };
}

export type RequestPageData = Awaited<ReturnType<typeof getRequestPage>>;

/**
 * The team answers: a new status (a reason when refused), and a word written into the thread.
 * Checked again under the row's lock, so that two members of the team answering at once give
 * one answer and one "already answered".
 */
export async function answerRequest(
  deps: Deps,
  viewer: Viewer | null,
  id: string,
  answer: { status: RequestStatus; reason?: string; message?: string },
) {
  const { offer } = await loadRequest(deps, viewer, id);
  if (!viewer || !canAnswerRequests(viewer, offer)) {
    throw forbidden('its team only');
  }
  await deps.db.transaction(async (tx) => {
    const current = await repo.findRequest(tx, id, true);
    if (!current || !canMoveTo(current.status, answer.status)) {
      throw conflict('services.cannotMove', `a request ${current?.status} cannot become ${answer.status}`);
    }
    const moved = await repo.moveRequest(tx, id, [current.status], answer.status, {
      refusalReason: answer.status === 'refused' ? (answer.reason ?? null) : null,
      answeredBy: viewer.id,
    });
    if (!moved) {
      throw conflict('services.cannotMove', 'answered meanwhile');
    }
    const body = [answer.status === 'refused' ? answer.reason : null, answer.message].filter(Boolean).join('\n\n');
    await repo.insertMessage(tx, { requestId: id, authorId: viewer.id, body, statusChange: answer.status });
    await notifyUsers(tx, [current.requesterId], {
      kind: 'service.status',
      subjectType: 'service_request',
      subjectId: id,
      actorId: viewer.id,
      payload: { status: answer.status },
    });
    await recordEvent(tx, {
      actorId: viewer.id,
      action: 'service.answered',
      subjectType: 'service_request',
      subjectId: id,
      payload: { status: answer.status },
    });
  });
}

/** Either side writes in the thread; the other side is told. */
export async function writeInThread(deps: Deps, viewer: Viewer | null, id: string, body: string) {
  const { request, offer } = await loadRequest(deps, viewer, id);
  if (!viewer || !canWriteInThread(viewer, request, offer)) {
    throw forbidden('its two sides only');
  }
  await deps.db.transaction(async (tx) => {
    await repo.insertMessage(tx, { requestId: id, authorId: viewer.id, body });
    await repo.touchRequest(tx, id);
    const others = viewer.id === request.requesterId ? offer.teamIds : [request.requesterId];
    await notifyUsers(tx, others, { kind: 'service.message', subjectType: 'service_request', subjectId: id, actorId: viewer.id });
  });
}

/** The one satisfaction question, once the service is done. */
export async function rateRequest(deps: Deps, viewer: Viewer | null, id: string, rating: number, comment?: string) {
  const { request, offer } = await loadRequest(deps, viewer, id);
  if (!viewer || !canRate(viewer, request)) {
    throw conflict('services.cannotRate', 'only who asked, once, when it is done');
  }
  await deps.db.transaction(async (tx) => {
    if (!(await repo.rateRequest(tx, id, viewer.id, rating, comment ?? null))) {
      throw conflict('services.cannotRate', 'rated meanwhile');
    }
    await notifyUsers(tx, offer.teamIds, {
      kind: 'service.rated',
      subjectType: 'service_request',
      subjectId: id,
      actorId: viewer.id,
      payload: { rating: String(rating) },
    });
  });
}

/** "Mes demandes": what the viewer asked, and the queue of the teams they are in. */
export async function getRequestsOverview(deps: Deps, viewer: Viewer) {
  const [mine, queue, offers] = await Promise.all([
    repo.listRequestsBy(deps.db, viewer.id),
    repo.listQueue(deps.db, viewer.id, isModerator(viewer), { open: false, limit: 200 }),
    repo.listOffersOfTeam(deps.db, viewer.id),
  ]);
  return { mine, queue, offers };
}

export const listRequestsBy = (deps: Deps, viewer: Viewer) => repo.listRequestsBy(deps.db, viewer.id);
export const listQueue = (deps: Deps, viewer: Viewer, open: boolean) => repo.listQueue(deps.db, viewer.id, isModerator(viewer), { open });
export const getMessages = async (deps: Deps, viewer: Viewer | null, id: string) => {
  await loadRequest(deps, viewer, id);
  return repo.listMessages(deps.db, id);
};

const describeRequest =
  (key: string): Describe =>
  async (deps, n, reader, t) => {
    const request = await repo.findRequest(deps.db, n.subjectId ?? '');
    const offer = request ? await repo.findOffer(deps.db, { id: request.offerId }) : null;
    if (!request || !offer || !canReadRequest(reader, request, offer)) {
      return null;
    }
    const status = n.payload?.status ? t(`services.status.${n.payload.status}`).toLowerCase() : '';
    return {
      text: t(key, { actor: n.actorName ?? '', title: offer.title, status, rating: n.payload?.rating ?? '' }),
      href: `/services/demandes/${request.id}`,
    };
  };

registerNotificationKind('service.request', describeRequest('services.notification.request'));
registerNotificationKind('service.status', describeRequest('services.notification.status'));
registerNotificationKind('service.message', describeRequest('services.notification.message'));
registerNotificationKind('service.rated', describeRequest('services.notification.rated'));
for (const kind of ['service.new', 'service.hidden', 'service.shown']) {
  registerNotificationKind(kind, async (deps, n, reader, t) => {
    const offer = await repo.findOffer(deps.db, { id: n.subjectId ?? '' });
    return offer && canViewOffer(reader, accessOf(offer))
      ? {
          text: t(`services.notification.${kind.slice(8)}`, { actor: n.actorName ?? '', title: offer.title }),
          href: `/services/${offer.slug}`,
        }
      : null;
  });
}

/** For the demo network's seed. */
export const insertOffersBulk = (db: DbOrTx, rows: repo.NewOffer[]) => repo.insertOffersBulk(db, rows);

registerPersonalData('services', (db, userId) => repo.personalData(db, userId));
