import { z } from 'zod';

/** One answer of the address API, reduced to what a place needs. */
export interface GeocodeResult {
  label: string;
  score: number;
  lat: number;
  lng: number;
  postcode?: string;
  inseeCode?: string;
  commune?: string;
  street?: string;
}

export interface Geocoder {
  search(query: string, opts?: { postcode?: string; limit?: number }): Promise<GeocodeResult[]>;
}

// The Base Adresse Nationale answers GeoJSON (https://adresse.data.gouv.fr/outils/api-doc/adresse).
const BanResponse = z.object({
  features: z.array(
    z.object({
      geometry: z.object({ coordinates: z.tuple([z.number(), z.number()]) }),
      properties: z.object({
        label: z.string(),
        score: z.number(),
        postcode: z.string().optional(),
        citycode: z.string().optional(),
        city: z.string().optional(),
        name: z.string().optional(),
      }),
    }),
  ),
});

/** Adapter for the national address API (or anything speaking its protocol at `baseUrl`). */
export function createBanGeocoder(baseUrl: string, timeoutMs = 4000): Geocoder {
  return {
    async search(query, opts = {}) {
      const url = new URL(`${baseUrl}/search/`);
      url.searchParams.set('q', query.slice(0, 200));
      url.searchParams.set('limit', String(opts.limit ?? 5));
      if (opts.postcode) {
        url.searchParams.set('postcode', opts.postcode);
      }
      const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' } });
      if (!res.ok) {
        throw new Error(`address API answered ${res.status}`);
      }
      const body = BanResponse.parse(await res.json());
      return body.features.map((f) => ({
        label: f.properties.label,
        score: f.properties.score,
        lng: f.geometry.coordinates[0],
        lat: f.geometry.coordinates[1],
        postcode: f.properties.postcode,
        inseeCode: f.properties.citycode,
        commune: f.properties.city,
        street: f.properties.name,
      }));
    },
  };
}
