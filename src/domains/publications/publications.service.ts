import type { DbOrTx } from '../../db/client.ts';
import type { Deps } from '../../deps.ts';
import { forbidden, notFound, validationFailed } from '../../lib/errors.ts';
import { processPhoto, thumbKeyOf } from '../../lib/images.ts';
import { renderMarkdown } from '../../lib/markdown.ts';
import { registerPersonalData, registerPersonalFiles } from '../../lib/personal-data.ts';
import { firstFreeSlug, slugify } from '../../lib/slug.ts';
import type { Viewer } from '../../lib/viewer.ts';
import { recordEvent } from '../audit/audit.service.ts';
import { getCommunity, listCommunitiesReferredBy } from '../communities/communities.service.ts';
import { getPlaceDetail, listMyPlaces } from '../places/places.service.ts';
import { indexWords, registerSearchTopic } from '../search/search.service.ts';
import { notifyFollowers, registerNotificationKind } from '../social/social.service.ts';
import { canEditPublication, canModeratePublication, canPublishFor, canReadPublication } from './publications.policy.ts';
import * as repo from './publications.repo.ts';
import { type PublicationData, type PublicationEditData, parseTags } from './publications.validation.ts';

/** Published when a publication is written, changed, hidden or shown again. */
export const PUBLICATIONS_TOPIC = 'publications';
export const PER_PAGE = 12;
export const FEED_SIZE = 30;
const RESERVED = new Set(['nouvelle', 'etiquettes']);

export type { PublicationListRow } from './publications.repo.ts';

/** In whose name the viewer may publish: themselves, the places they run, the communities they refer. */
export async function publishersFor(deps: Deps, viewer: Viewer) {
  const [places, communities] = await Promise.all([listMyPlaces(deps, viewer), listCommunitiesReferredBy(deps, viewer.id)]);
  return {
    places: places.filter((p) => p.status === 'published').map((p) => ({ slug: p.slug, name: p.name })),
    communities: communities.map((c) => ({ slug: c.slug, name: c.name })),
  };
}

/** The publisher chosen in the form, if the viewer may publish in its name. */
async function resolvePublisher(deps: Deps, viewer: Viewer, publisher: string) {
  const refused = () => validationFailed({ publisher: ['publications.notYourPublisher'] }, 'may not publish in this name');
  if (publisher === 'moi') {
    if (!canPublishFor(viewer, 'self')) {
      throw refused();
    }
    return { placeId: null, communityId: null, follow: null };
  }
  const [kind, slug = ''] = publisher.split(':');
  if (kind === 'lieu') {
    const place = await getPlaceDetail(deps, viewer, { slug }).catch(() => null);
    if (place?.status !== 'published' || !canPublishFor(viewer, place.managerIds)) {
      throw refused();
    }
    return { placeId: place.id, communityId: null, follow: { type: 'place' as const, id: place.id, also: [] as string[] } };
  }
  const community = await getCommunity(deps, slug).catch(() => null);
  if (!community || !canPublishFor(viewer, community.referentIds)) {
    throw refused();
  }
  return {
    placeId: null,
    communityId: community.community.id,
    follow: { type: 'community' as const, id: community.community.id, also: community.members.map((m) => m.userId) },
  };
}

/** A cover checked by its content and re-encoded (metadata dropped), with its card-sized copy. */
async function storeCover(deps: Deps, bytes: Buffer): Promise<string> {
  const image = await processPhoto(bytes, deps.config.uploadMaxBytes);
  const key = await deps.uploads.put(image.full, '.webp');
  await deps.uploads.putAs(thumbKeyOf(key), image.thumb);
  return key;
}

/** Publish: at once, followers of the place or community (and its members) told, the words indexed for search. */
export async function createPublication(deps: Deps, viewer: Viewer, data: PublicationData, cover?: Buffer) {
  const where = await resolvePublisher(deps, viewer, data.publisher);
  if (cover && !data.coverAlt) {
    throw validationFailed({ coverAlt: ['publications.coverAltNeeded'] }, 'a cover needs its description');
  }
  const coverKey = cover ? await storeCover(deps, cover) : null;
  const slug = await firstFreeSlug(slugify(data.title, 70), (s) => repo.slugTaken(deps.db, s), RESERVED);
  const bodyHtml = await renderMarkdown(data.body);
  const row = await deps.db.transaction(async (tx) => {
    const p = await repo.insertPublication(tx, {
      slug,
      title: data.title,
      summary: data.summary ?? '',
      bodyMd: data.body,
      bodyHtml,
      tags: parseTags(data.tags),
      coverKey,
      coverAlt: cover ? (data.coverAlt ?? null) : null,
      authorId: viewer.id,
      placeId: where.placeId,
      communityId: where.communityId,
    });
    if (where.follow) {
      await notifyFollowers(
        tx,
        where.follow.type,
        where.follow.id,
        {
          kind: 'publication.published',
          subjectType: 'publication',
          subjectId: p.id,
          actorId: viewer.id,
          payload: { slug: p.slug, title: p.title },
        },
        where.follow.also.filter((id) => id !== viewer.id),
      );
    } else {
      await notifyFollowers(tx, 'member', viewer.id, {
        kind: 'publication.published',
        subjectType: 'publication',
        subjectId: p.id,
        actorId: viewer.id,
        payload: { slug: p.slug, title: p.title },
      });
    }
    await indexWords(tx, data.title, data.summary ?? '', data.body);
    await recordEvent(tx, { actorId: viewer.id, action: 'publication.published', subjectType: 'publication', subjectId: p.id });
    return p;
  });
  await deps.changes.publish(PUBLICATIONS_TOPIC);
  return row;
}

const accessOf = (p: NonNullable<Awaited<ReturnType<typeof repo.findPublication>>>) => ({
  status: p.status,
  authorId: p.authorId,
  teamIds: p.teamIds,
});

/** A publication the viewer may read, with what they may do with it. */
export async function getPublication(deps: Deps, viewer: Viewer | null, slug: string) {
  const p = await repo.findPublication(deps.db, { slug });
  if (!p || !canReadPublication(viewer, accessOf(p))) {
    throw notFound('publication');
  }
  return { publication: p, canEdit: canEditPublication(viewer, accessOf(p)), canModerate: canModeratePublication(viewer) };
}

export async function updatePublication(deps: Deps, viewer: Viewer, slug: string, data: PublicationEditData, cover?: Buffer) {
  const { publication: p, canEdit } = await getPublication(deps, viewer, slug);
  if (!canEdit) {
    throw forbidden('its authors only');
  }
  if (cover && !data.coverAlt) {
    throw validationFailed({ coverAlt: ['publications.coverAltNeeded'] }, 'a cover needs its description');
  }
  const coverKey = cover ? await storeCover(deps, cover) : p.coverKey;
  const bodyHtml = await renderMarkdown(data.body);
  await deps.db.transaction(async (tx) => {
    await repo.updatePublication(tx, p.id, {
      title: data.title,
      summary: data.summary ?? '',
      bodyMd: data.body,
      bodyHtml,
      tags: parseTags(data.tags),
      coverKey,
      coverAlt: coverKey ? (data.coverAlt ?? p.coverAlt) : null,
    });
    await indexWords(tx, data.title, data.summary ?? '', data.body);
    await recordEvent(tx, { actorId: viewer.id, action: 'publication.updated', subjectType: 'publication', subjectId: p.id });
  });
  await deps.changes.publish(PUBLICATIONS_TOPIC);
}

/** A moderator hides one (its authors read why) or shows it again. */
export async function moderatePublication(deps: Deps, viewer: Viewer, slug: string, hide: { note: string } | null) {
  if (!canModeratePublication(viewer)) {
    throw forbidden('moderators only');
  }
  const { publication: p } = await getPublication(deps, viewer, slug);
  await deps.db.transaction(async (tx) => {
    await repo.updatePublication(
      tx,
      p.id,
      hide ? { status: 'hidden', moderationNote: hide.note } : { status: 'published', moderationNote: null },
    );
    await recordEvent(tx, {
      actorId: viewer.id,
      action: hide ? 'publication.hidden' : 'publication.shown',
      subjectType: 'publication',
      subjectId: p.id,
      payload: hide ? { note: hide.note } : {},
    });
  });
  await deps.changes.publish(PUBLICATIONS_TOPIC);
}

/** Where a list or a feed reads from: everything, a tag, a place, a community. */
export type Scope = { kind: 'network'; tag?: string } | { kind: 'place'; slug: string } | { kind: 'community'; slug: string };

export async function resolveScope(deps: Deps, scope: Scope) {
  if (scope.kind === 'network') {
    return { filter: { tag: scope.tag }, title: null as string | null, path: '/publications', name: null as string | null };
  }
  if (scope.kind === 'place') {
    const place = await getPlaceDetail(deps, null, { slug: scope.slug });
    return { filter: { placeId: place.id }, title: place.name, path: `/lieux/${place.slug}`, name: place.name };
  }
  const { community } = await getCommunity(deps, scope.slug);
  return { filter: { communityId: community.id }, title: community.name, path: `/communautes/${community.slug}`, name: community.name };
}

export async function listPublications(deps: Deps, scope: Scope, page = 1) {
  const { filter, name } = await resolveScope(deps, scope);
  const [rows, total, tags] = await Promise.all([
    repo.listPublications(deps.db, filter, PER_PAGE, (page - 1) * PER_PAGE),
    repo.countPublications(deps.db, filter),
    repo.topTags(deps.db, 20),
  ]);
  return { rows, total, page, pages: Math.max(1, Math.ceil(total / PER_PAGE)), tags, name };
}

/** What a feed holds: the latest ones of its scope, with what to call it and where it leads. */
export async function feedOf(deps: Deps, scope: Scope) {
  const resolved = await resolveScope(deps, scope);
  return { ...resolved, rows: await repo.listPublications(deps.db, resolved.filter, FEED_SIZE) };
}

export const latestOfPlace = repo.latestPart('place_id');
export const latestOfCommunity = repo.latestPart('community_id');

registerNotificationKind('publication.published', async (deps, n, reader, t) => {
  const p = await repo.findPublication(deps.db, { id: n.subjectId });
  if (!p || !canReadPublication(reader, accessOf(p))) {
    return null;
  }
  const publisher = p.placeName ?? p.communityName ?? p.authorName ?? t('people.formerMember');
  return { text: t('notifications.publication', { publisher, title: p.title }), href: `/publications/${p.slug}` };
});

registerSearchTopic(PUBLICATIONS_TOPIC);
registerPersonalData('publications', repo.exportPublications, repo.removePublicationsOf);
registerPersonalFiles('publications', async (db, userId) => (await repo.coverKeysOf(db, userId)).flatMap((k) => [k, thumbKeyOf(k)]));

/** Publications of an open dump, with their ids and dates; a place or community the instance lacks is dropped. */
export async function restorePublications(
  db: DbOrTx,
  list: Array<{
    id: string;
    slug: string;
    title: string;
    summary: string;
    bodyMd: string;
    tags: string[];
    placeId: string | null;
    publishedAt: Date;
    updatedAt: Date;
  }>,
): Promise<number> {
  for (const p of list) {
    await repo.insertRestoredPublication(db, { ...p, bodyHtml: await renderMarkdown(p.bodyMd) });
  }
  return list.length;
}
