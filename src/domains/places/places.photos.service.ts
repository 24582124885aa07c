import type { Deps } from '../../deps.ts';
import { AppError, forbidden, notFound } from '../../lib/errors.ts';
import { processPhoto, thumbKeyOf } from '../../lib/images.ts';
import type { Viewer } from '../../lib/viewer.ts';
import { recordEvent } from '../audit/audit.service.ts';
import { canEditPlace } from './places.policy.ts';
import * as repo from './places.repo.ts';
import { PLACES_TOPIC } from './places.service.ts';

export const MAX_PHOTOS = 12;

async function requireEditable(deps: Deps, viewer: Viewer | null, placeId: string) {
  const place = await repo.findPlaceById(deps.db, placeId);
  if (!place) {
    throw notFound('place');
  }
  const managerIds = await repo.listManagerIds(deps.db, placeId);
  if (!canEditPlace(viewer, { status: place.status, managerIds })) {
    throw forbidden('not on this place’s team');
  }
  return place;
}

/**
 * Add a photo: checked by content, re-encoded (metadata stripped), stored under a random
 * name. The files are written before the row; a failed insert removes them.
 */
export async function addPlacePhoto(deps: Deps, viewer: Viewer | null, placeId: string, file: { bytes: Buffer; alt: string }) {
  await requireEditable(deps, viewer, placeId);
  if ((await repo.countPhotos(deps.db, placeId)) >= MAX_PHOTOS) {
    throw new AppError('CONFLICT', { message: `at most ${MAX_PHOTOS} photos`, userMessage: 'places.photos.tooMany' });
  }
  const image = await processPhoto(file.bytes, deps.config.uploadMaxBytes);
  const key = await deps.uploads.put(image.full, '.webp');
  const thumbKey = thumbKeyOf(key);
  try {
    await deps.uploads.putAs(thumbKey, image.thumb);
    const photo = await deps.db.transaction(async (tx) => {
      const row = await repo.insertPhoto(tx, {
        placeId,
        storageKey: key,
        width: image.width,
        height: image.height,
        altText: file.alt,
        position: await repo.countPhotos(tx, placeId),
        uploadedBy: viewer?.id ?? null,
      });
      await recordEvent(tx, { actorId: viewer?.id ?? null, action: 'place.photo_added', subjectType: 'place', subjectId: placeId });
      return row;
    });
    await deps.changes.publish(PLACES_TOPIC);
    return photo;
  } catch (err) {
    await deps.uploads.remove(key);
    await deps.uploads.remove(thumbKey);
    throw err;
  }
}

export async function removePlacePhoto(deps: Deps, viewer: Viewer | null, placeId: string, photoId: string): Promise<void> {
  await requireEditable(deps, viewer, placeId);
  const row = await deps.db.transaction(async (tx) => {
    const deleted = await repo.deletePhoto(tx, placeId, photoId);
    if (!deleted) {
      throw notFound('photo');
    }
    await recordEvent(tx, { actorId: viewer?.id ?? null, action: 'place.photo_removed', subjectType: 'place', subjectId: placeId });
    return deleted;
  });
  await deps.uploads.remove(row.storageKey);
  await deps.uploads.remove(thumbKeyOf(row.storageKey));
  await deps.changes.publish(PLACES_TOPIC);
}
