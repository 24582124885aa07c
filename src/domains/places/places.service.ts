import type { DbOrTx } from '../../db/client.ts';
import type { Deps } from '../../deps.ts';
import { translator } from '../../i18n/index.ts';
import { TopicCache } from '../../lib/change-feed.ts';
import { AppError, forbidden, notFound, validationFailed } from '../../lib/errors.ts';
import { excerpt, renderMarkdown } from '../../lib/markdown.ts';
import { registerPersonalData } from '../../lib/personal-data.ts';
import { slugify } from '../../lib/slug.ts';
import type { Viewer } from '../../lib/viewer.ts';
import { getContactsOfUsers } from '../accounts/accounts.service.ts';
import { recordEvent } from '../audit/audit.service.ts';
import { findCommunesByPostcode, getDepartment, getRegion, resolveCommune } from '../geo/territories.ts';
import { registerModerationQueue } from '../moderation/moderation.queues.ts';
import { indexWords } from '../search/search.service.ts';
import { notifyFollowers, notifyModerators, registerNotificationKind } from '../social/social.service.ts';
import { canCreatePlace, canDeletePlace, canEditPlace, canModeratePlaces, canViewPlace, publishesDirectly } from './places.policy.ts';
import type { PlaceDetail } from './places.presenter.ts';
import * as repo from './places.repo.ts';
import type { PlaceData } from './places.validation.ts';
import { ACCESSIBILITY, AUDIENCES, EQUIPMENT, PLACE_KINDS, SERVICES } from './places.vocabulary.ts';

export const PLACES_TOPIC = 'places';

/** Words a search should find a place by, beyond its name and description (both languages). */
function searchKeywords(data: PlaceData, departmentName?: string, regionName?: string): string {
  const labels = (vocab: Record<string, { fr: string; en: string }>, list: string[]) =>
    list.flatMap((c) => (vocab[c] ? [vocab[c].fr, vocab[c].en] : []));
  return [
    ...labels(PLACE_KINDS, data.kinds),
    ...labels(EQUIPMENT, data.equipment),
    ...labels(SERVICES, data.services),
    ...labels(AUDIENCES, data.audiences),
    ...labels(ACCESSIBILITY, data.accessibility),
    departmentName ?? '',
    regionName ?? '',
  ]
    .filter(Boolean)
    .join(' ');
}

/** Derive the territory (INSEE code, department, region) offline from postcode and commune. */
function resolveTerritory(data: PlaceData) {
  if (!data.postcode && !data.inseeCode && !data.commune) {
    return { commune: null, inseeCode: null, departmentCode: null, regionCode: null };
  }
  const commune = resolveCommune({ postcode: data.postcode, commune: data.commune, inseeCode: data.inseeCode });
  if (!commune) {
    if (data.postcode && findCommunesByPostcode(data.postcode).length === 0) {
      throw validationFailed({ postcode: ['v.postcodeUnknown'] }, 'unknown postcode');
    }
    if (data.postcode) {
      const names = findCommunesByPostcode(data.postcode).map((c) => c.name);
      throw validationFailed({ commune: ['v.communeNotInPostcode', names.slice(0, 12).join(', ')] }, 'commune does not match postcode');
    }
    throw validationFailed({ postcode: ['v.postcodeNeeded'] }, 'postcode needed to place the commune');
  }
  return { commune: commune.name, inseeCode: commune.code, departmentCode: commune.departmentCode, regionCode: commune.regionCode };
}

/** Validated input → the columns stored (rendered Markdown, territory, search words). */
export async function toColumns(data: PlaceData): Promise<Omit<repo.PlaceInsert, 'slug' | 'status' | 'createdBy'>> {
  const territory = resolveTerritory(data);
  const department = getDepartment(territory.departmentCode);
  const region = getRegion(territory.regionCode);
  return {
    name: data.name,
    kinds: data.kinds,
    descriptionMd: data.description,
    descriptionHtml: await renderMarkdown(data.description),
    excerpt: await excerpt(data.description),
    address: data.address ?? null,
    postcode: data.postcode ?? null,
    ...territory,
    latitude: data.latitude ?? null,
    longitude: data.longitude ?? null,
    openingHours: data.openingHours ?? null,
    equipment: data.equipment,
    services: data.services,
    audiences: data.audiences,
    accessibility: data.accessibility,
    website: data.website ?? null,
    pivot: data.pivot ?? null,
    charterText: data.charterText,
    charterSignedOn: data.charterSignedOn ?? null,
    searchKeywords: searchKeywords(data, department?.name, region?.name),
  };
}

async function uniqueSlug(db: DbOrTx, name: string, commune: string | null | undefined): Promise<string> {
  const base = slugify(name, 70);
  const candidates = [base, ...(commune ? [slugify(`${name} ${commune}`, 80)] : [])];
  for (const candidate of candidates) {
    if (!(await repo.slugExists(db, candidate))) {
      return candidate;
    }
  }
  for (let n = 2; n < 1000; n++) {
    const candidate = `${base}-${n}`;
    if (!(await repo.slugExists(db, candidate))) {
      return candidate;
    }
  }
  throw new AppError('CONFLICT', { message: 'no free slug' });
}

const detailCaches = new WeakMap<Deps, TopicCache<PlaceDetail | null>>();

/** Place pages are read far more than written: details are cached until any place changes. */
function detailCache(deps: Deps): TopicCache<PlaceDetail | null> {
  let cache = detailCaches.get(deps);
  if (!cache) {
    cache = new TopicCache(deps.changes, PLACES_TOPIC, 1000);
    detailCaches.set(deps, cache);
  }
  return cache;
}

async function loadDetail(deps: Deps, ref: { slug: string } | { id: string }): Promise<PlaceDetail | null> {
  const place = await repo.findPlaceWithTeamAndPhotos(deps.db, ref);
  return place ? { ...place, managerIds: place.team.map((m) => m.userId) } : null;
}

/** A place with its team and photos, if the viewer may see it; NOT_FOUND otherwise. */
export async function getPlaceDetail(deps: Deps, viewer: Viewer | null, ref: { slug: string } | { id: string }): Promise<PlaceDetail> {
  const key = 'slug' in ref ? `s:${ref.slug}` : `i:${ref.id}`;
  const place = await detailCache(deps).getOrCompute(key, () => loadDetail(deps, ref));
  if (!place || !canViewPlace(viewer, { status: place.status, managerIds: place.managerIds })) {
    throw notFound('place');
  }
  return place;
}

/** Create a place; its author joins its team. A moderator's place is published at once. */
export async function createPlace(deps: Deps, viewer: Viewer | null, data: PlaceData): Promise<repo.Place> {
  if (!viewer || !canCreatePlace(viewer)) {
    throw forbidden('creating a place needs a confirmed account');
  }
  const columns = await toColumns(data);
  const direct = publishesDirectly(viewer);
  const place = await deps.db.transaction(async (tx) => {
    const slug = await uniqueSlug(tx, data.name, columns.commune);
    const created = await repo.insertPlace(tx, {
      ...columns,
      slug,
      status: direct ? 'published' : 'pending',
      publishedAt: direct ? new Date() : null,
      createdBy: viewer.id,
    });
    await repo.addManager(tx, created.id, viewer.id);
    await indexWords(tx, columns.name, columns.commune ?? '', columns.searchKeywords ?? '', columns.descriptionMd ?? '');
    await recordEvent(tx, { actorId: viewer.id, action: 'place.created', subjectType: 'place', subjectId: created.id });
    if (!direct) {
      await notifyModerators(tx, 'places', { type: 'place', id: created.id, label: created.name }, viewer.id);
    }
    return created;
  });
  await deps.changes.publish(PLACES_TOPIC);
  return place;
}

async function loadForWrite(tx: DbOrTx, id: string) {
  const place = await repo.lockPlace(tx, id);
  if (!place) {
    throw notFound('place');
  }
  const managerIds = await repo.listManagerIds(tx, id);
  return { place, access: { status: place.status, managerIds } };
}

/**
 * Change a place's fields: `change` is the new data, or a function of the current data (a
 * partial API change merged under the row lock). A rejected place edited by its team goes
 * back to moderation.
 */
export async function updatePlace(
  deps: Deps,
  viewer: Viewer | null,
  id: string,
  change: PlaceData | ((current: PlaceData) => PlaceData),
): Promise<repo.Place> {
  const place = await deps.db.transaction(async (tx) => {
    const { place: current, access } = await loadForWrite(tx, id);
    if (!canEditPlace(viewer, access)) {
      throw canViewPlace(viewer, access) ? forbidden('not on this place’s team') : notFound('place');
    }
    const data = typeof change === 'function' ? change(toPlaceData(current)) : change;
    const resubmit = current.status === 'rejected' && !canModeratePlaces(viewer);
    const columns = await toColumns(data);
    const updated = await repo.updatePlace(tx, id, {
      ...columns,
      ...(resubmit ? { status: 'pending' as const, moderationNote: null } : {}),
    });
    await indexWords(tx, columns.name, columns.commune ?? '', columns.searchKeywords ?? '', columns.descriptionMd ?? '');
    if (resubmit) {
      await notifyModerators(tx, 'places', { type: 'place', id, label: updated?.name ?? current.name }, viewer?.id ?? null);
    }
    await notifyFollowers(tx, 'place', id, { kind: 'place.updated', subjectType: 'place', subjectId: id, actorId: viewer?.id });
    await recordEvent(tx, { actorId: viewer?.id ?? null, action: 'place.updated', subjectType: 'place', subjectId: id });
    return updated;
  });
  await deps.changes.publish(PLACES_TOPIC);
  return place;
}

/** The current fields as PlaceData, so a partial change (API PATCH) can be merged onto them. */
export function toPlaceData(place: repo.Place): PlaceData {
  return {
    name: place.name,
    kinds: place.kinds,
    description: place.descriptionMd,
    address: place.address ?? undefined,
    postcode: place.postcode ?? undefined,
    commune: place.commune ?? undefined,
    inseeCode: place.inseeCode ?? undefined,
    latitude: place.latitude ?? undefined,
    longitude: place.longitude ?? undefined,
    openingHours: place.openingHours ?? undefined,
    equipment: place.equipment,
    services: place.services,
    audiences: place.audiences,
    accessibility: place.accessibility,
    website: place.website ?? undefined,
    pivot: place.pivot ?? undefined,
    charterText: place.charterText,
    charterSignedOn: place.charterSignedOn ?? undefined,
  };
}

/** Soft delete: the place leaves every page; open-data feeds keep a tombstone. */
export async function deletePlace(deps: Deps, viewer: Viewer | null, id: string): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const { access } = await loadForWrite(tx, id);
    if (!canDeletePlace(viewer, access)) {
      throw canViewPlace(viewer, access) ? forbidden('not on this place’s team') : notFound('place');
    }
    await repo.updatePlace(tx, id, { deletedAt: new Date() });
    await recordEvent(tx, { actorId: viewer?.id ?? null, action: 'place.deleted', subjectType: 'place', subjectId: id });
  });
  await deps.changes.publish(PLACES_TOPIC);
}

/** Publish or reject a pending place (moderators); the team is told by e-mail. */
export async function moderatePlace(
  deps: Deps,
  viewer: Viewer | null,
  id: string,
  decision: 'publish' | 'reject',
  note?: string,
): Promise<repo.Place> {
  if (!canModeratePlaces(viewer)) {
    throw forbidden('moderators only');
  }
  const place = await deps.db.transaction(async (tx) => {
    await loadForWrite(tx, id);
    const updated = await repo.updatePlace(tx, id, {
      status: decision === 'publish' ? 'published' : 'rejected',
      publishedAt: decision === 'publish' ? new Date() : null,
      moderationNote: note ?? null,
    });
    await recordEvent(tx, {
      actorId: viewer?.id ?? null,
      action: `place.${decision}ed`,
      subjectType: 'place',
      subjectId: id,
      payload: note ? { note } : {},
    });
    return updated;
  });
  await deps.changes.publish(PLACES_TOPIC);
  const team = await getContactsOfUsers(deps, await repo.listManagerIds(deps.db, id));
  for (const member of team) {
    const t = translator(member.locale);
    await deps.mailer.send({
      to: member.email,
      subject: t(`mail.place${decision === 'publish' ? 'Published' : 'Rejected'}.subject`, { place: place.name }),
      text: t(`mail.place${decision === 'publish' ? 'Published' : 'Rejected'}.body`, {
        name: member.displayName,
        place: place.name,
        note: note ?? '',
        link: `${deps.config.publicUrl}/lieux/${place.slug}`,
      }),
    });
  }
  return place;
}

export const listPendingPlaces = async (deps: Deps, viewer: Viewer | null) => {
  if (!canModeratePlaces(viewer)) {
    throw forbidden('moderators only');
  }
  return repo.listPendingPlaces(deps.db);
};

export const listMyPlaces = (deps: Deps, viewer: Viewer) => repo.listPlacesManagedBy(deps.db, viewer.id);

registerNotificationKind('place.updated', async (deps, n, reader, t) => {
  const place = await getPlaceDetail(deps, reader, { id: n.subjectId });
  return { text: t('notifications.placeUpdated', { place: place.name }), href: `/lieux/${place.slug}` };
});

registerPersonalData('places', repo.exportPlaces);

registerModerationQueue({
  key: 'places',
  path: '/moderation/lieux',
  titleKey: 'moderation.queue.places',
  itemKey: 'moderation.item.places',
  icon: 'building-community',
  count: (deps) => repo.countPendingPlaces(deps.db),
});
