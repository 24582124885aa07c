/** A point on Earth in decimal degrees (WGS 84). */
export interface LatLng {
  lat: number;
  lng: number;
}

const DMS = /^\s*(\d{1,3})\s*[°º]\s*(?:(\d{1,2}(?:[.,]\d+)?)\s*['′’]\s*)?(?:(\d{1,2}(?:[.,]\d+)?)\s*(?:["″”]|''|′′)\s*)?([NSEWO])\s*$/i;

const num = (s: string) => Number(s.replace(',', '.'));

/** One coordinate: "45.7640", "45,764" (French decimal comma), "-3.22" or "50°44'41.9\"N". */
export function parseCoordinate(raw: string, axis: 'lat' | 'lng'): number | null {
  const text = raw.trim();
  if (/^[-+]?\d{1,3}(?:[.,]\d+)?$/.test(text)) {
    return check(num(text), axis);
  }
  const m = DMS.exec(text);
  if (!m) {
    return null;
  }
  const hemisphere = (m[4] ?? '').toUpperCase();
  if (axis === 'lat' ? !'NS'.includes(hemisphere) : !'EWO'.includes(hemisphere)) {
    return null;
  }
  const minutes = m[2] ? num(m[2]) : 0;
  const seconds = m[3] ? num(m[3]) : 0;
  if (minutes >= 60 || seconds >= 60) {
    return null;
  }
  const value = Number(m[1]) + minutes / 60 + seconds / 3600;
  return check(hemisphere === 'S' || hemisphere === 'W' || hemisphere === 'O' ? -value : value, axis);
}

function check(value: number, axis: 'lat' | 'lng'): number | null {
  const limit = axis === 'lat' ? 90 : 180;
  return Number.isFinite(value) && Math.abs(value) <= limit ? Math.round(value * 1e6) / 1e6 : null;
}

/**
 * A pair typed in one field: "45.764, 4.8357", "45,764 4,8357" or
 * "50°44'41.9\"N 3°13'15.8\"W". Returns null when it cannot be read as a real point.
 */
export function parseLatLng(raw: string): LatLng | null {
  const text = raw.trim();
  const dms = /^(.+?[NS])\s*[,;]?\s*(.+?[EWO])$/i.exec(text);
  if (dms?.[1] && dms[2]) {
    const lat = parseCoordinate(dms[1], 'lat');
    const lng = parseCoordinate(dms[2], 'lng');
    return lat === null || lng === null ? null : { lat, lng };
  }
  // Decimal pair: separated by ";" or by "," followed by a space, or by spaces alone.
  const parts = text.split(/\s*;\s*|,\s+|\s+/).filter(Boolean);
  if (parts.length !== 2) {
    return null;
  }
  const lat = parseCoordinate(parts[0] ?? '', 'lat');
  const lng = parseCoordinate(parts[1] ?? '', 'lng');
  return lat === null || lng === null ? null : { lat, lng };
}

const EARTH_RADIUS_KM = 6371;

/** Great-circle distance in kilometres (haversine). */
export function distanceKm(a: LatLng, b: LatLng): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.sqrt(h));
}

/**
 * Whether two points are more than `km` apart by their latitudes alone: the great circle is never
 * shorter than the meridian between their parallels. A cheap test before `distanceKm` when most
 * points are far (tens of thousands of members, against one commune's radius).
 */
export function latitudesApart(latA: number, latB: number, km: number): boolean {
  // The margin (a millionth of a millimetre, and a relative 1e-9) absorbs rounding.
  return Math.abs(latA - latB) * (Math.PI / 180) * EARTH_RADIUS_KM > km * (1 + 1e-9) + 1e-12;
}

/** "45.764043, 4.835659" → "45°45′50.6″N 4°50′8.4″E", for people who read DMS. */
export function formatDms(p: LatLng): string {
  const part = (v: number, pos: string, neg: string) => {
    // Round once, in tenths of a second, so 59.96″ becomes the next minute rather than 60.0″.
    const tenths = Math.round(Math.abs(v) * 36_000);
    const d = Math.floor(tenths / 36_000);
    const m = Math.floor((tenths % 36_000) / 600);
    const s = ((tenths % 600) / 10).toFixed(1);
    return `${d}°${m}′${s}″${v >= 0 ? pos : neg}`;
  };
  return `${part(p.lat, 'N', 'S')} ${part(p.lng, 'E', 'W')}`;
}
