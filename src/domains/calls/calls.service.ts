import type { DbOrTx } from '../../db/client.ts';
import type { Deps } from '../../deps.ts';
import { forbidden, notFound, validationFailed } from '../../lib/errors.ts';
import { domainEvent } from '../../lib/events.ts';
import { dayInFrance } from '../../lib/i18n.ts';
import { renderMarkdown } from '../../lib/markdown.ts';
import { registerPersonalData } from '../../lib/personal-data.ts';
import { slugify } from '../../lib/slug.ts';
import type { Viewer } from '../../lib/viewer.ts';
import { canSee } from '../../lib/visibility.ts';
import { recordEvent } from '../audit/audit.service.ts';
import { resolveTerritory } from '../people/people.service.ts';
import { getPlaceDetail } from '../places/places.service.ts';
import { indexWords } from '../search/search.service.ts';
import { resolveSkillNames } from '../skills/skills.service.ts';
import { listFollowerIdsOf, notifyFollowers, notifyUsers, registerNotificationKind } from '../social/social.service.ts';
import { canCloseCall, canPostCall, canReadResponses, canRespond } from './calls.policy.ts';
import * as repo from './calls.repo.ts';
import type { CallData } from './calls.validation.ts';

export const CALLS_TOPIC = 'calls';
/** Members notified of a new call at most (the best matches). */
const NOTIFY_LIMIT = 500;
export const CALLS_PER_PAGE = 20;

/**
 * Post a call: skills typed by name or synonym are resolved to the reference; the place
 * (if any) must be one the poster takes part in. Matching members are notified.
 */
export async function createCall(deps: Deps, viewer: Viewer | null, data: CallData, myPlaceSlugs: string[]) {
  if (!viewer || !canPostCall(viewer)) {
    throw forbidden('confirmed members only');
  }
  const { skills, unknown } = await resolveSkillNames(deps, data.skills);
  if (unknown.length > 0 || skills.length === 0) {
    throw validationFailed({ skills: ['calls.unknownSkills', unknown.join(', ')] }, 'unknown skills');
  }
  let place: Awaited<ReturnType<typeof getPlaceDetail>> | null = null;
  if (data.placeSlug) {
    if (!myPlaceSlugs.includes(data.placeSlug)) {
      throw validationFailed({ placeSlug: ['calls.notYourPlace'] });
    }
    place = await getPlaceDetail(deps, viewer, { slug: data.placeSlug });
  }
  const territory = resolveTerritory({
    commune: data.commune ?? (place?.commune || undefined),
    postcode: data.postcode ?? (place?.postcode || undefined),
  });
  const lat = place?.latitude ?? territory?.latitude ?? null;
  const lng = place?.longitude ?? territory?.longitude ?? null;
  if (data.onSite && !data.remote && (lat === null || lng === null)) {
    throw validationFailed({ commune: ['calls.whereNeeded'] });
  }
  let slug = slugify(data.title, 70);
  for (let n = 2; await repo.slugExists(deps.db, slug); n++) {
    slug = `${slugify(data.title, 70)}-${n}`;
  }
  const descriptionHtml = await renderMarkdown(data.description);
  const result = await deps.db.transaction(async (tx) => {
    const call = await repo.insertCall(
      tx,
      {
        slug,
        title: data.title,
        descriptionMd: data.description,
        descriptionHtml,
        posterId: viewer.id,
        placeId: place?.id ?? null,
        communeInsee: territory?.communeInsee ?? null,
        communeName: territory?.communeName ?? null,
        latitude: lat,
        longitude: lng,
        radiusKm: data.radiusKm,
        remote: data.remote,
        onSite: data.onSite,
        deadline: data.deadline ?? null,
      },
      skills.map((s) => s.id),
    );
    const matches = await repo.matchMembers(
      tx,
      { skillIds: skills.map((s) => s.id), lat, lng, radiusKm: data.radiusKm, remote: data.remote, excludeUserId: viewer.id },
      NOTIFY_LIMIT,
    );
    const event = { subjectType: 'call', subjectId: call.id, actorId: viewer.id };
    const matched = await notifyUsers(
      tx,
      matches.map((m) => m.userId),
      { ...event, kind: 'call.match' },
    );
    // Followers of the poster, of the place and of the skills hear of it too (matched members already did).
    const already = new Set(matches.map((m) => m.userId));
    for (const [type, id] of [
      ['member', viewer.id],
      ...(place ? [['place', place.id]] : []),
      ...skills.map((s) => ['skill', s.id]),
    ] as Array<['member' | 'place' | 'skill', string]>) {
      await notifyFollowersExcept(tx, type, id, { ...event, kind: 'call.new' }, already);
    }
    await indexWords(tx, data.title, data.description);
    await recordEvent(tx, { actorId: viewer.id, action: 'call.created', subjectType: 'call', subjectId: call.id, payload: { matched } });
    return { call, matched };
  });
  await deps.changes.publish(CALLS_TOPIC);
  return result;
}

async function notifyFollowersExcept(
  tx: DbOrTx,
  type: 'member' | 'place' | 'skill',
  id: string,
  event: Parameters<typeof notifyUsers>[2],
  except: Set<string>,
) {
  const followers = (await listFollowerIdsOf(tx, type, id)).filter((f) => !except.has(f));
  for (const f of followers) {
    except.add(f);
  }
  await notifyUsers(tx, followers, event);
}

export async function getCall(deps: Deps, slug: string) {
  const call = await repo.findCallBySlug(deps.db, slug);
  if (!call) {
    throw notFound('call');
  }
  return call;
}

/**
 * The call page: its skills, the best-matched members the viewer may see (with why they
 * match), and the answers for its poster.
 */
export async function getCallPage(deps: Deps, viewer: Viewer | null, slug: string) {
  const call = await getCall(deps, slug);
  const skills = await repo.listCallSkills(deps.db, call.id);
  const matches = await repo.matchMembers(
    deps.db,
    {
      skillIds: skills.map((s) => s.id),
      lat: call.latitude,
      lng: call.longitude,
      radiusKm: call.radiusKm,
      remote: call.remote,
      excludeUserId: call.posterId,
    },
    60,
  );
  const visibleMatches = matches
    .filter((m) => canSee(viewer, m.userId, m.skillsVisibility))
    .slice(0, 10)
    .map((m) => ({ ...m, distanceKm: canSee(viewer, m.userId, m.territoryVisibility) ? m.distanceKm : null }));
  const responses = canReadResponses(viewer, call)
    ? await repo.listResponses(deps.db, call.id)
    : viewer
      ? (await repo.listResponsesBy(deps.db, call.id, viewer.id)).map((r) => ({
          ...r,
          responderName: viewer.displayName,
          responderSlug: null,
        }))
      : [];
  return { call, skills, matches: visibleMatches, matchCount: matches.length, responses };
}

/** Answer a call: a message to its poster, who is notified. */
export async function respondToCall(deps: Deps, viewer: Viewer | null, callId: string, body: string): Promise<void> {
  const call = await repo.findCallById(deps.db, callId);
  if (!call) {
    throw notFound('call');
  }
  if (!canRespond(viewer, call) || !viewer) {
    throw forbidden('cannot respond');
  }
  await deps.db.transaction(async (tx) => {
    await repo.insertResponse(tx, { callId, responderId: viewer.id, body });
    if (call.posterId) {
      await notifyUsers(tx, [call.posterId], { kind: 'call.response', subjectType: 'call', subjectId: call.id, actorId: viewer.id });
    }
  });
}

/** What another domain does, in the closing transaction, when a call's poster says who met the need. */
export interface FulfilledCall {
  id: string;
  title: string;
  posterId: string;
  placeId: string | null;
  /** The day it was closed, in France (YYYY-MM-DD). */
  closedOn: string;
}
/** A call closed as fulfilled, with the responders its poster named: recognition records their help. */
const callFulfilledEvent = domainEvent<[deps: Deps, tx: DbOrTx, call: FulfilledCall, helperIds: readonly string[]]>();
export const onCallFulfilled = callFulfilledEvent.on;

/**
 * The poster closes the call: fulfilled (the need was met) or simply closed. Closing it as
 * fulfilled, they may name who among those who answered met the need. Followers hear of it.
 */
export async function closeCall(
  deps: Deps,
  viewer: Viewer | null,
  callId: string,
  outcome: 'fulfilled' | 'closed',
  helperIds: readonly string[] = [],
): Promise<void> {
  const call = await repo.findCallById(deps.db, callId);
  if (!call) {
    throw notFound('call');
  }
  if (!canCloseCall(viewer, call)) {
    throw forbidden('poster only');
  }
  const responders = new Set((await repo.listResponses(deps.db, callId)).map((r) => r.responderId));
  if (helperIds.some((id) => !responders.has(id) || id === call.posterId)) {
    throw validationFailed({ helpers: ['calls.close.notAResponder'] }, 'only those who answered');
  }
  await deps.db.transaction(async (tx) => {
    const closedAt = new Date();
    await repo.updateCall(tx, callId, { status: outcome, closedAt });
    if (outcome === 'fulfilled' && helperIds.length > 0 && call.posterId) {
      const fulfilled = {
        id: call.id,
        title: call.title,
        posterId: call.posterId,
        placeId: call.placeId,
        closedOn: dayInFrance(closedAt),
      };
      await callFulfilledEvent.emit(deps, tx, fulfilled, helperIds);
    }
    await notifyFollowers(tx, 'call', callId, {
      kind: 'call.closed',
      subjectType: 'call',
      subjectId: callId,
      actorId: viewer?.id,
      payload: { outcome },
    });
    await recordEvent(tx, { actorId: viewer?.id ?? null, action: `call.${outcome}`, subjectType: 'call', subjectId: callId });
  });
  await deps.changes.publish(CALLS_TOPIC);
}

export async function listCalls(deps: Deps, opts: { status: 'open' | 'fulfilled' | 'closed'; skillSlug?: string; page: number }) {
  const rows = await repo.listCalls(deps.db, { ...opts, limit: CALLS_PER_PAGE, offset: (opts.page - 1) * CALLS_PER_PAGE });
  return { rows, total: rows[0]?.total ?? 0 };
}

/** Run the matching alone (benchmarks, API): best matches for skills around a point. */
export const matchMembers = (deps: Deps, query: Parameters<typeof repo.matchMembers>[1], limit = 50) =>
  repo.matchMembers(deps.db, query, limit);

export const deleteContributionsOf = (db: DbOrTx, userId: string) => repo.deleteContributionsOf(db, userId);
export const listCallsPostedBy = (deps: Deps, userId: string) => repo.listCallsPostedBy(deps.db, userId);

async function callLink(deps: Deps, id: string) {
  const call = await repo.findCallById(deps.db, id);
  return call ? { title: call.title, href: `/appels/${call.slug}`, posterId: call.posterId } : null;
}

registerNotificationKind('call.match', async (deps, n, _reader, t) => {
  const c = await callLink(deps, n.subjectId);
  return c && { text: t('notifications.callMatch', { title: c.title }), href: c.href };
});
registerNotificationKind('call.new', async (deps, n, _reader, t) => {
  const c = await callLink(deps, n.subjectId);
  return c && { text: t('notifications.callNew', { title: c.title, actor: n.actorName ?? t('people.formerMember') }), href: c.href };
});
registerNotificationKind('call.response', async (deps, n, reader, t) => {
  const c = await callLink(deps, n.subjectId);
  return c && c.posterId === reader.id
    ? { text: t('notifications.callResponse', { title: c.title, actor: n.actorName ?? t('people.formerMember') }), href: c.href }
    : null;
});
registerNotificationKind('call.closed', async (deps, n, _reader, t) => {
  const c = await callLink(deps, n.subjectId);
  return (
    c && {
      text: t(n.payload.outcome === 'fulfilled' ? 'notifications.callFulfilled' : 'notifications.callClosed', { title: c.title }),
      href: c.href,
    }
  );
});

registerPersonalData('calls', repo.exportCalls, repo.deleteContributionsOf);
