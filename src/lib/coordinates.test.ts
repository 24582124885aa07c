import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { distanceKm, formatDms, latitudesApart, parseCoordinate, parseLatLng } from './coordinates.ts';

describe('coordinates as people type them', () => {
  it('reads decimal pairs, with a dot or a French comma', () => {
    expect(parseLatLng('45.7640, 4.8357')).toEqual({ lat: 45.764, lng: 4.8357 });
    expect(parseLatLng('45,7640 4,8357')).toEqual({ lat: 45.764, lng: 4.8357 });
    expect(parseLatLng('-21.3393; 55.4781')).toEqual({ lat: -21.3393, lng: 55.4781 });
  });

  it('reads degrees-minutes-seconds as found in the field data', () => {
    const p = parseLatLng(`50°44'41.9"N 3°13'15.8"W`);
    expect(p?.lat).toBeCloseTo(50.744972, 5);
    expect(p?.lng).toBeCloseTo(-3.221056, 5);
    expect(parseLatLng('45°45′50.6″N, 4°50′8.4″E')?.lng).toBeCloseTo(4.8357, 3);
    expect(parseCoordinate('3°13\'15.8"O', 'lng')).toBeCloseTo(-3.221056, 5); // French "Ouest"
  });

  it('refuses what is not a point on Earth', () => {
    for (const bad of ['TBD', '', '91, 4', '45, 181', '45', '45 4 3', `50°61'0"N 3°0'0"E`, `3°0'0"E 50°0'0"N`, 'NaN, NaN', 'Infinity, 3']) {
      expect(parseLatLng(bad), bad).toBeNull();
    }
  });

  it('round-trips through the DMS formatter', () => {
    fc.assert(
      fc.property(fc.double({ min: -89.9, max: 89.9, noNaN: true }), fc.double({ min: -179.9, max: 179.9, noNaN: true }), (lat, lng) => {
        const back = parseLatLng(formatDms({ lat, lng }).replace('′', "'").replace('″', '"').replace('′', "'").replace('″', '"'));
        expect(back?.lat).toBeCloseTo(lat, 3);
        expect(back?.lng).toBeCloseTo(lng, 3);
      }),
    );
  });

  it('measures distances with haversine', () => {
    expect(distanceKm({ lat: 48.8566, lng: 2.3522 }, { lat: 45.764, lng: 4.8357 })).toBeCloseTo(391.5, 0);
  });

  it('says two points are apart by their latitudes only when they are farther than that', () => {
    const lat = fc.double({ min: -89.9, max: 89.9, noNaN: true });
    const lng = fc.double({ min: -179.9, max: 179.9, noNaN: true });
    fc.assert(
      fc.property(lat, lng, lat, lng, fc.double({ min: 0, max: 2000, noNaN: true }), (latA, lngA, latB, lngB, km) => {
        if (latitudesApart(latA, latB, km)) {
          expect(distanceKm({ lat: latA, lng: lngA }, { lat: latB, lng: lngB })).toBeGreaterThan(km);
        }
      }),
      { numRuns: 5000 },
    );
    // Same meridian, just beyond and just within 10 km (0.0899° of latitude is ~10.0 km).
    expect(latitudesApart(45, 45.0905, 10)).toBe(true);
    expect(latitudesApart(45, 45.0895, 10)).toBe(false);
    expect(distanceKm({ lat: 45, lng: 5 }, { lat: 45.0895, lng: 5 })).toBeLessThan(10);
  });
});
