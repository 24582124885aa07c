import type { Locale } from '../../lib/i18n.ts';
import { thumbKeyOf } from '../../lib/images.ts';
import type { Viewer } from '../../lib/viewer.ts';
import { getDepartment, getRegion } from '../geo/territories.ts';
import type { OpeningHours } from './opening-hours.ts';
import { canEditPlace, type PlaceAccess } from './places.policy.ts';
import type { PhotoRow, Place } from './places.repo.ts';
import { label, PLACE_KINDS } from './places.vocabulary.ts';

export interface PlaceDetail extends Place {
  managerIds: string[];
  team: Array<{ userId: string; displayName: string }>;
  photos: PhotoRow[];
}

export const photoUrls = (p: { storageKey: string }) => ({
  url: `/uploads/${p.storageKey}`,
  thumbUrl: `/uploads/${thumbKeyOf(p.storageKey)}`,
});

/** The public shape of a place (API). Moderation fields only for those who may edit it. */
export function presentPlace(place: PlaceDetail, viewer: Viewer | null, baseUrl: string) {
  const access: PlaceAccess = { status: place.status, managerIds: place.managerIds };
  const department = getDepartment(place.departmentCode);
  const region = getRegion(place.regionCode);
  return {
    id: place.id,
    slug: place.slug,
    url: `${baseUrl}/lieux/${place.slug}`,
    name: place.name,
    kinds: place.kinds,
    description: place.descriptionMd,
    descriptionHtml: place.descriptionHtml,
    address: place.address,
    postcode: place.postcode,
    commune: place.commune,
    inseeCode: place.inseeCode,
    department: department ? { code: department.code, name: department.name } : null,
    region: region ? { code: region.code, name: region.name } : null,
    latitude: place.latitude,
    longitude: place.longitude,
    openingHours: (place.openingHours ?? null) as OpeningHours | null,
    equipment: place.equipment,
    services: place.services,
    audiences: place.audiences,
    accessibility: place.accessibility,
    website: place.website,
    pivot: place.pivot,
    charter: { text: place.charterText, signedOn: place.charterSignedOn },
    photos: place.photos.map((p) => ({ ...photoUrls(p), alt: p.altText, width: p.width, height: p.height })),
    team: place.team.map((m) => ({ displayName: m.displayName })),
    createdAt: place.createdAt.toISOString(),
    updatedAt: place.updatedAt.toISOString(),
    ...(canEditPlace(viewer, access) ? { status: place.status, moderationNote: place.moderationNote } : {}),
  };
}

export type PresentedPlace = ReturnType<typeof presentPlace>;

/** The short text under a place's name: "Fablab · Villeurbanne (69)". */
export function placeSubtitle(p: { kinds: string[]; commune: string | null; departmentCode: string | null }, locale: Locale): string {
  const kinds = p.kinds.map((k) => label(PLACE_KINDS, k, locale)).join(', ');
  const where = p.commune ? `${p.commune}${p.departmentCode ? ` (${p.departmentCode})` : ''}` : '';
  return [kinds, where].filter(Boolean).join(' · ');
}
