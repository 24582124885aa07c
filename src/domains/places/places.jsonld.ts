import { getRegion } from '../geo/territories.ts';
import { toSchemaOrg } from './opening-hours.ts';
import { type PlaceDetail, photoUrls } from './places.presenter.ts';
import { label, PLACE_KINDS } from './places.vocabulary.ts';

/** schema.org `Place` for a place page (https://schema.org/Place). */
export function placeJsonLd(place: PlaceDetail, baseUrl: string): Record<string, unknown> {
  const url = `${baseUrl}/lieux/${place.slug}`;
  return {
    '@context': 'https://schema.org',
    '@type': 'Place',
    '@id': url,
    url,
    name: place.name,
    description: place.excerpt || undefined,
    keywords: place.kinds.map((k) => label(PLACE_KINDS, k, 'fr')).join(', ') || undefined,
    address: {
      '@type': 'PostalAddress',
      streetAddress: place.address ?? undefined,
      postalCode: place.postcode ?? undefined,
      addressLocality: place.commune ?? undefined,
      addressRegion: getRegion(place.regionCode)?.name,
      addressCountry: 'FR',
    },
    ...(place.latitude !== null && place.longitude !== null
      ? { geo: { '@type': 'GeoCoordinates', latitude: place.latitude, longitude: place.longitude } }
      : {}),
    ...(place.openingHours ? { openingHoursSpecification: toSchemaOrg(place.openingHours) } : {}),
    ...(place.website ? { sameAs: place.website } : {}),
    ...(place.photos.length > 0
      ? { photo: place.photos.map((p) => ({ '@type': 'ImageObject', contentUrl: `${baseUrl}${photoUrls(p).url}` })) }
      : {}),
    amenityFeature: place.equipment.map((e) => ({ '@type': 'LocationFeatureSpecification', name: e, value: true })),
  };
}
