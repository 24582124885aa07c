import { stringify } from 'csv-stringify/sync';
import type { Deps } from '../../deps.ts';
import { getDepartment, getRegion } from '../geo/territories.ts';
import { toOsmOpeningHours } from './opening-hours.ts';
import * as repo from './places.repo.ts';
import { label, PLACE_KINDS } from './places.vocabulary.ts';

type ExportRow = Awaited<ReturnType<typeof repo.listPlacesForExport>>[number];

/**
 * GeoJSON (RFC 7946) of published places. With `since`, places changed after that date,
 * deleted ones included as tombstones (`deleted: true`, no geometry) so mirrors can sync.
 */
export async function placesGeoJson(deps: Deps, since?: Date) {
  const rows = await repo.listPlacesForExport(deps.db, since);
  const base = deps.config.publicUrl;
  return {
    type: 'FeatureCollection' as const,
    features: rows.map((p: ExportRow) => {
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
    }),
  };
}

/**
 * CSV of published places. Column names follow the national open-data schema of places
 * (schema.data.gouv.fr "lieux de médiation numérique") where a field exists there; lists use "|".
 */
export async function placesCsv(deps: Deps): Promise<string> {
  const rows = await repo.listPlacesForExport(deps.db);
  const base = deps.config.publicUrl;
  const header = [
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
  const records = rows.map((p: ExportRow) => [
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
  ]);
  // Cells starting with = + - @ are prefixed so spreadsheets do not run them as formulas.
  const safe = records.map((r) => r.map((v) => (typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : v)));
  return stringify([header, ...safe]);
}
