import { stringify } from 'csv-stringify/sync';
import type { Deps } from '../../deps.ts';
import { safeCell } from '../../lib/csv.ts';
import { getDepartment, getRegion } from '../geo/territories.ts';
import { toOsmOpeningHours } from './opening-hours.ts';
import * as repo from './places.repo.ts';
import { label, PLACE_KINDS } from './places.vocabulary.ts';

const PAGE = 500;

/** Every export row, a page at a time: memory stays flat whatever the size of the network. */
export async function* exportRows(deps: Deps, since?: Date): AsyncGenerator<repo.ExportRow> {
  let afterId: string | undefined;
  for (;;) {
    const rows = await repo.listPlacesForExport(deps.db, { since, afterId, limit: PAGE });
    yield* rows;
    if (rows.length < PAGE) {
      return;
    }
    afterId = rows[rows.length - 1]?.id;
  }
}

function feature(p: repo.ExportRow, base: string) {
  if (p.deleted) {
    return { type: 'Feature' as const, id: p.id, geometry: null, properties: { id: p.id, deleted: true, deletedAt: p.deletedAt } };
  }
  return {
    type: 'Feature' as const,
    id: p.id,
    geometry: p.latitude !== null && p.longitude !== null ? { type: 'Point' as const, coordinates: [p.longitude, p.latitude] } : null,
    properties: {
      id: p.id,
      name: p.name,
      url: `${base}/lieux/${p.slug}`,
      kinds: p.kinds,
      summary: p.excerpt,
      address: p.address,
      postcode: p.postcode,
      commune: p.commune,
      inseeCode: p.inseeCode,
      department: p.departmentCode,
      region: p.regionCode,
      openingHours: toOsmOpeningHours(p.openingHours),
      equipment: p.equipment,
      services: p.services,
      audiences: p.audiences,
      accessibility: p.accessibility,
      website: p.website,
      charterSignedOn: p.charterSignedOn,
      updatedAt: new Date(p.updatedAt).toISOString(),
    },
  };
}

/**
 * GeoJSON (RFC 7946) of published places, as text chunks. With `since`, places changed after
 * that date, deleted ones included as tombstones (`deleted: true`, no geometry) so mirrors can sync.
 */
export async function* placesGeoJson(deps: Deps, since?: Date): AsyncGenerator<string> {
  yield '{"type":"FeatureCollection","features":[';
  let first = true;
  for await (const row of exportRows(deps, since)) {
    yield `${first ? '' : ','}${JSON.stringify(feature(row, deps.config.publicUrl))}`;
    first = false;
  }
  yield ']}';
}

const CSV_HEADER = [
  'id',
  'nom',
  'commune',
  'code_postal',
  'code_insee',
  'adresse',
  'latitude',
  'longitude',
  'typologie',
  'site_web',
  'horaires',
  'presentation_resume',
  'presentation_detail',
  'date_maj',
  'services',
  'publics_specifiquement_adresses',
  'departement',
  'region',
  'equipements',
  'accessibilite',
  'charte_signee_le',
  'url',
];

/**
 * CSV of published places, as text chunks. Column names follow the national open-data schema
 * of places (schema.data.gouv.fr "lieux de médiation numérique") where a field exists there;
 * lists use "|".
 */
export async function* placesCsv(deps: Deps): AsyncGenerator<string> {
  const base = deps.config.publicUrl;
  yield stringify([CSV_HEADER]);
  for await (const p of exportRows(deps)) {
    yield stringify([
      [
        p.id,
        p.name,
        p.commune ?? '',
        p.postcode ?? '',
        p.inseeCode ?? '',
        p.address ?? '',
        p.latitude ?? '',
        p.longitude ?? '',
        p.kinds.map((k) => label(PLACE_KINDS, k, 'fr')).join('|'),
        p.website ?? '',
        toOsmOpeningHours(p.openingHours),
        p.excerpt,
        p.descriptionMd,
        new Date(p.updatedAt).toISOString().slice(0, 10),
        p.services.join('|'),
        p.audiences.join('|'),
        getDepartment(p.departmentCode)?.name ?? '',
        getRegion(p.regionCode)?.name ?? '',
        p.equipment.join('|'),
        p.accessibility.join('|'),
        p.charterSignedOn ?? '',
        `${base}/lieux/${p.slug}`,
      ].map(safeCell),
    ]);
  }
}

/** Text chunks as a web stream (HTTP responses). */
export function toWebStream(chunks: AsyncGenerator<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) {
        controller.close();
      } else {
        controller.enqueue(encoder.encode(next.value));
      }
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}
