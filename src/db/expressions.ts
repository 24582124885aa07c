import { type SQL, sql } from 'drizzle-orm';

/**
 * SQL expressions several domains' queries share: distances between coordinates, and titles
 * compared the way a query is normalised.
 */

export interface Point {
  lat: number;
  lng: number;
}

/** Great-circle distance in km (haversine) from the coordinates in `lat`/`lng` to a point. */
export const distanceKm = (lat: SQL, lng: SQL, p: Point): SQL =>
  sql`(2 * 6371 * asin(sqrt(power(sin(radians(${lat} - ${p.lat}) / 2), 2)
      + cos(radians(${p.lat})) * cos(radians(${lat})) * power(sin(radians(${lng} - ${p.lng}) / 2), 2))))`;

/**
 * Within `km` of a point: a bounding box first (cheap, and what an index on the coordinates
 * can use), then the exact distance.
 */
export function withinKm(lat: SQL, lng: SQL, p: Point, km: number): SQL {
  const dLat = km / 111;
  const dLng = km / (111 * Math.max(0.1, Math.cos((p.lat * Math.PI) / 180)));
  return sql`${lat} between ${p.lat - dLat} and ${p.lat + dLat} and ${lng} between ${p.lng - dLng} and ${p.lng + dLng}
    and ${distanceKm(lat, lng, p)} <= ${km}`;
}

/**
 * A title lower-cased, unaccented, its punctuation as single spaces: what `normaliseTitle`
 * (search domain) makes of a query, so that an exact title can be told apart.
 */
export const normalisedText = (text: SQL): SQL => sql`trim(regexp_replace(tisserin_unaccent(lower(${text})), '[^a-z0-9]+', ' ', 'g'))`;
