import type { DbOrTx } from '../../db/client.ts';
import type { Deps } from '../../deps.ts';
import { AppError, forbidden, notFound } from '../../lib/errors.ts';
import { renderMarkdown } from '../../lib/markdown.ts';
import { registerPersonalData } from '../../lib/personal-data.ts';
import { slugify } from '../../lib/slug.ts';
import type { Viewer } from '../../lib/viewer.ts';
import { recordEvent } from '../audit/audit.service.ts';
import { getPlaceDetail } from '../places/places.service.ts';
import { indexWords } from '../search/search.service.ts';
import { notifyUsers, registerNotificationKind } from '../social/social.service.ts';
import { canCreateCommunity, canManageCommunity } from './communities.policy.ts';
import * as repo from './communities.repo.ts';
import type { CommunityData } from './communities.validation.ts';

export const COMMUNITIES_TOPIC = 'communities';

async function columnsOf(data: CommunityData) {
  return {
    name: data.name,
    scale: data.scale,
    scaleCode: data.scaleCode ?? null,
    oneLiner: data.oneLiner,
    objectivesMd: data.objectives,
    objectivesHtml: await renderMarkdown(data.objectives),
    activitiesMd: data.activities,
    activitiesHtml: await renderMarkdown(data.activities),
    expertises: data.expertises,
    domains: data.domains,
    links: data.links,
    joinPolicy: data.joinPolicy,
  };
}

/** Create a community; its creator is its first referent. */
export async function createCommunity(
  deps: Deps,
  viewer: Viewer | null,
  data: CommunityData,
  publishedOn = new Date().toISOString().slice(0, 10),
) {
  if (!viewer || !canCreateCommunity(viewer)) {
    throw forbidden('confirmed members only');
  }
  let slug = slugify(data.name, 70);
  for (let n = 2; await repo.slugExists(deps.db, slug); n++) {
    slug = `${slugify(data.name, 70)}-${n}`;
  }
  const values = await columnsOf(data);
  const community = await deps.db.transaction(async (tx) => {
    const row = await repo.insertCommunity(tx, { ...values, slug, publishedOn, createdBy: viewer.id });
    await repo.upsertMembership(tx, { communityId: row.id, userId: viewer.id, role: 'referent', status: 'active' });
    await indexWords(tx, data.name, data.oneLiner, data.objectives, data.activities);
    await recordEvent(tx, { actorId: viewer.id, action: 'community.created', subjectType: 'community', subjectId: row.id });
    return row;
  });
  await deps.changes.publish(COMMUNITIES_TOPIC);
  return community;
}

export async function getCommunity(deps: Deps, slug: string) {
  const community = await repo.findCommunityBySlug(deps.db, slug);
  if (!community) {
    throw notFound('community');
  }
  const [members, places] = await Promise.all([repo.listMembers(deps.db, community.id, 'active'), repo.listPlaces(deps.db, community.id)]);
  const referents = members.filter((m) => m.role === 'referent');
  return { community, members, referents, places, referentIds: referents.map((r) => r.userId) };
}

async function requireManager(deps: Deps, viewer: Viewer | null, communityId: string) {
  const community = await repo.findCommunityById(deps.db, communityId);
  if (!community) {
    throw notFound('community');
  }
  const referents = (await repo.listMembers(deps.db, communityId, 'active')).filter((m) => m.role === 'referent').map((m) => m.userId);
  if (!canManageCommunity(viewer, referents)) {
    throw forbidden('referents only');
  }
  return { community, referents };
}

export async function updateCommunity(deps: Deps, viewer: Viewer | null, communityId: string, data: CommunityData): Promise<void> {
  await requireManager(deps, viewer, communityId);
  const values = await columnsOf(data);
  await deps.db.transaction(async (tx) => {
    await repo.updateCommunity(tx, communityId, values);
    await indexWords(tx, data.name, data.oneLiner, data.objectives, data.activities);
    await recordEvent(tx, { actorId: viewer?.id ?? null, action: 'community.updated', subjectType: 'community', subjectId: communityId });
  });
  await deps.changes.publish(COMMUNITIES_TOPIC);
}

/** Join: at once when the community is open, else a request its referents approve. */
export async function joinCommunity(deps: Deps, viewer: Viewer | null, communityId: string): Promise<'active' | 'pending'> {
  if (!viewer?.emailVerified) {
    throw forbidden('confirmed members only');
  }
  const community = await repo.findCommunityById(deps.db, communityId);
  if (!community) {
    throw notFound('community');
  }
  const existing = await repo.findMembership(deps.db, communityId, viewer.id);
  if (existing) {
    return existing.status;
  }
  const status = community.joinPolicy === 'open' ? 'active' : 'pending';
  await deps.db.transaction(async (tx) => {
    await repo.upsertMembership(tx, { communityId, userId: viewer.id, role: 'member', status });
    if (status === 'pending') {
      const referents = (await repo.listMembers(tx, communityId, 'active')).filter((m) => m.role === 'referent').map((m) => m.userId);
      await notifyUsers(tx, referents, { kind: 'community.request', subjectType: 'community', subjectId: communityId, actorId: viewer.id });
    }
  });
  await deps.changes.publish(COMMUNITIES_TOPIC);
  return status;
}

/** Leave; the last referent cannot leave (a community always has someone to run it). */
export async function leaveCommunity(deps: Deps, viewer: Viewer | null, communityId: string): Promise<void> {
  if (!viewer) {
    throw forbidden('sign in');
  }
  const membership = await repo.findMembership(deps.db, communityId, viewer.id);
  if (!membership) {
    return;
  }
  if (membership.role === 'referent') {
    const referents = (await repo.listMembers(deps.db, communityId, 'active')).filter((m) => m.role === 'referent');
    if (referents.length <= 1) {
      throw new AppError('CONFLICT', { message: 'last referent', userMessage: 'communities.lastReferent' });
    }
  }
  await repo.deleteMembership(deps.db, communityId, viewer.id);
  await deps.changes.publish(COMMUNITIES_TOPIC);
}

export async function listJoinRequests(deps: Deps, viewer: Viewer | null, communityId: string) {
  await requireManager(deps, viewer, communityId);
  return repo.listMembers(deps.db, communityId, 'pending');
}

/** Referents approve a request, change someone's role, or remove a member. */
export async function manageMember(
  deps: Deps,
  viewer: Viewer | null,
  communityId: string,
  userId: string,
  action: 'approve' | 'member' | 'referent' | 'remove',
) {
  const { referents } = await requireManager(deps, viewer, communityId);
  const membership = await repo.findMembership(deps.db, communityId, userId);
  if (!membership) {
    throw notFound('membership');
  }
  if ((action === 'remove' || action === 'member') && membership.role === 'referent' && referents.length <= 1) {
    throw new AppError('CONFLICT', { message: 'last referent', userMessage: 'communities.lastReferent' });
  }
  await deps.db.transaction(async (tx) => {
    if (action === 'remove') {
      await repo.deleteMembership(tx, communityId, userId);
    } else if (action === 'approve') {
      await repo.upsertMembership(tx, { communityId, userId, role: membership.role, status: 'active' });
      await notifyUsers(tx, [userId], {
        kind: 'community.accepted',
        subjectType: 'community',
        subjectId: communityId,
        actorId: viewer?.id,
      });
    } else {
      await repo.upsertMembership(tx, { communityId, userId, role: action, status: membership.status });
    }
    await recordEvent(tx, {
      actorId: viewer?.id ?? null,
      action: `community.member_${action}`,
      subjectType: 'community',
      subjectId: communityId,
      payload: { userId },
    });
  });
  await deps.changes.publish(COMMUNITIES_TOPIC);
}

export async function linkPlace(deps: Deps, viewer: Viewer | null, communityId: string, placeId: string, link: boolean): Promise<void> {
  await requireManager(deps, viewer, communityId);
  if (link) {
    await repo.addPlace(deps.db, communityId, placeId);
  } else {
    await repo.removePlace(deps.db, communityId, placeId);
  }
  await deps.changes.publish(COMMUNITIES_TOPIC);
}

/**
 * A referent adds a place to the community by its page's address (or its short name in that
 * address): only a published place, once.
 */
export async function linkPlaceByAddress(
  deps: Deps,
  viewer: Viewer | null,
  communityId: string,
  address: string,
): Promise<{ name: string }> {
  const slug = /(?:\/lieux\/)?([a-z0-9-]{1,100})\/?(?:[?#].*)?$/.exec(address.trim())?.[1] ?? '';
  const place = slug ? await getPlaceDetail(deps, null, { slug }).catch(() => null) : null;
  if (place?.status !== 'published') {
    throw new AppError('VALIDATION_FAILED', { message: 'no such place', details: { lieu: ['communities.places.unknown'] } });
  }
  await linkPlace(deps, viewer, communityId, place.id, true);
  return { name: place.name };
}

export const listCommunities = (deps: Deps) => repo.listCommunities(deps.db);
export const findMembership = (deps: Deps, communityId: string, userId: string) => repo.findMembership(deps.db, communityId, userId);
export const listCommunitiesOf = (deps: Deps, userId: string) => repo.listCommunitiesOf(deps.db, userId);
/** The communities a member refers (and so may act for: name as an event's organiser, offer a service in). */
export const listCommunitiesReferredBy = async (deps: Deps, userId: string) =>
  (await listCommunitiesOf(deps, userId)).filter((c) => c.role === 'referent' && c.status === 'active');
export const insertMembershipsBulk = (db: DbOrTx, rows: Parameters<typeof repo.insertMembershipsBulk>[1]) =>
  repo.insertMembershipsBulk(db, rows);

async function communityLink(deps: Deps, id: string) {
  const c = await repo.findCommunityById(deps.db, id);
  return c ? { name: c.name, href: `/communautes/${c.slug}` } : null;
}

registerNotificationKind('community.post', async (deps, n, _reader, t) => {
  const c = await communityLink(deps, n.subjectId);
  return c && { text: t('notifications.communityPost', { community: c.name, title: n.payload.title ?? '' }), href: c.href };
});
registerNotificationKind('community.request', async (deps, n, _reader, t) => {
  const c = await communityLink(deps, n.subjectId);
  return (
    c && {
      text: t('notifications.communityRequest', { community: c.name, actor: n.actorName ?? t('people.formerMember') }),
      href: `${c.href}/membres`,
    }
  );
});
registerNotificationKind('community.accepted', async (deps, n, _reader, t) => {
  const c = await communityLink(deps, n.subjectId);
  return c && { text: t('notifications.communityAccepted', { community: c.name }), href: c.href };
});

registerPersonalData('communities', repo.exportCommunities);
