import { LICENCE_OUVERTE, registerDumpResource } from '../opendata/opendata.resources.ts';
import { registerSitemapSource } from '../opendata/opendata.sitemap.ts';
import { toOsmOpeningHours } from './opening-hours.ts';
import { exportRows } from './places.export.ts';
import { missingForNational, NATIONAL_FIELDS, nationalRow } from './places.national.ts';
import * as repo from './places.repo.ts';

/** The places' part of the open dump: the directory, its national-schema form, photos, tombstones. */

registerDumpResource({
  kind: 'table',
  name: 'lieux',
  title: 'Lieux',
  description:
    'Les lieux publiés du réseau, avec leurs équipements, services, publics et horaires (format OpenStreetMap). Listes séparées par « | ».',
  licence: LICENCE_OUVERTE,
  order: 10,
  primaryKey: ['id'],
  fields: [
    { name: 'id', type: 'string', format: 'uuid', constraints: { required: true, unique: true } },
    { name: 'slug', type: 'string', constraints: { required: true, unique: true } },
    { name: 'nom', type: 'string', constraints: { required: true } },
    { name: 'types', type: 'string' },
    { name: 'description', type: 'string', description: 'Markdown' },
    { name: 'adresse', type: 'string' },
    { name: 'code_postal', type: 'string', constraints: { pattern: '^\\d{5}$' } },
    { name: 'commune', type: 'string' },
    { name: 'code_insee', type: 'string' },
    { name: 'departement', type: 'string' },
    { name: 'region', type: 'string' },
    { name: 'latitude', type: 'number' },
    { name: 'longitude', type: 'number' },
    { name: 'horaires', type: 'string', description: 'Format OpenStreetMap (opening_hours)' },
    { name: 'horaires_json', type: 'object', description: 'Les mêmes horaires, jour par jour, tels que Tisserin les garde' },
    { name: 'equipements', type: 'string' },
    { name: 'services', type: 'string' },
    { name: 'publics', type: 'string' },
    { name: 'accessibilite', type: 'string' },
    { name: 'site_web', type: 'string' },
    { name: 'pivot', type: 'string', description: 'SIRET, SIREN ou RNA de la structure' },
    { name: 'charte', type: 'string', description: 'Markdown : les engagements du lieu' },
    { name: 'charte_signee_le', type: 'date' },
    { name: 'maj_le', type: 'datetime', constraints: { required: true } },
    { name: 'url', type: 'string', format: 'uri', constraints: { required: true } },
  ],
  async *rows(deps) {
    for await (const p of exportRows(deps)) {
      yield [
        p.id,
        p.slug,
        p.name,
        p.kinds.join('|'),
        p.descriptionMd,
        p.address,
        p.postcode,
        p.commune,
        p.inseeCode,
        p.departmentCode,
        p.regionCode,
        p.latitude,
        p.longitude,
        toOsmOpeningHours(p.openingHours),
        p.openingHours,
        p.equipment.join('|'),
        p.services.join('|'),
        p.audiences.join('|'),
        p.accessibility.join('|'),
        p.website,
        p.pivot,
        p.charterText,
        p.charterSignedOn,
        new Date(p.updatedAt),
        `${deps.config.publicUrl}/lieux/${p.slug}`,
      ];
    }
  },
});

registerDumpResource({
  kind: 'table',
  name: 'lieux-mediation-numerique',
  title: 'Lieux au format national « lieux de médiation numérique »',
  description:
    'Les lieux dont le SIRET ou RNA, l’adresse et la commune sont connus, au schéma national v1.0.2 (schema.data.gouv.fr). Les autres sont dans lieux-hors-format-national.',
  licence: LICENCE_OUVERTE,
  order: 11,
  fields: NATIONAL_FIELDS.map((name) => ({
    name,
    type: name === 'latitude' || name === 'longitude' ? ('number' as const) : ('string' as const),
  })),
  schema: 'https://raw.githubusercontent.com/LaMednum/standard-mediation-num/v1.0.2/schema.json',
  async *rows(deps) {
    const source = `Tisserin (${deps.config.publicUrl})`;
    for await (const p of exportRows(deps)) {
      if (missingForNational(p).length === 0) {
        const row = nationalRow(p, source);
        yield NATIONAL_FIELDS.map((f) => row[f]);
      }
    }
  },
});

registerDumpResource({
  kind: 'table',
  name: 'lieux-hors-format-national',
  title: 'Lieux absents du format national, et ce qui leur manque',
  description: 'Un SIRET ou RNA (pivot), une adresse ou une commune : rien n’est inventé pour les faire entrer.',
  licence: LICENCE_OUVERTE,
  order: 12,
  fields: [
    { name: 'id', type: 'string', format: 'uuid', constraints: { required: true } },
    { name: 'nom', type: 'string' },
    { name: 'manque', type: 'string' },
    { name: 'url', type: 'string', format: 'uri' },
  ],
  async *rows(deps) {
    for await (const p of exportRows(deps)) {
      const missing = missingForNational(p);
      if (missing.length > 0) {
        yield [p.id, p.name, missing.join('|'), `${deps.config.publicUrl}/lieux/${p.slug}`];
      }
    }
  },
});

registerDumpResource({
  kind: 'table',
  name: 'lieux-supprimes',
  title: 'Lieux supprimés (pierres tombales)',
  description: 'Les lieux retirés du réseau : qui republie les données peut les retirer à son tour.',
  licence: LICENCE_OUVERTE,
  order: 13,
  fields: [
    { name: 'id', type: 'string', format: 'uuid', constraints: { required: true } },
    { name: 'slug', type: 'string' },
    { name: 'supprime_le', type: 'datetime' },
  ],
  async *rows(deps) {
    for (const t of await repo.listPlaceTombstones(deps.db)) {
      yield [t.id, t.slug, t.deletedAt];
    }
  },
});

registerDumpResource({
  kind: 'table',
  name: 'lieux-photos',
  title: 'Photos des lieux',
  description: 'Chaque photo publiée d’un lieu, son texte alternatif et son fichier dans le dossier photos-lieux.',
  licence: LICENCE_OUVERTE,
  order: 14,
  fields: [
    { name: 'lieu_id', type: 'string', format: 'uuid', constraints: { required: true } },
    { name: 'fichier', type: 'string', constraints: { required: true } },
    { name: 'texte_alternatif', type: 'string' },
    { name: 'largeur', type: 'integer' },
    { name: 'hauteur', type: 'integer' },
  ],
  async *rows(deps) {
    for (const p of await repo.listPublicPhotos(deps.db)) {
      yield [p.placeId, `photos-lieux/${p.storageKey}`, p.altText, p.width, p.height];
    }
  },
});

registerDumpResource({
  kind: 'files',
  name: 'photos-lieux',
  title: 'Fichiers des photos des lieux',
  description: 'Les images, nommées comme dans lieux-photos.',
  licence: LICENCE_OUVERTE,
  order: 15,
  async *files(deps) {
    for (const p of await repo.listPublicPhotos(deps.db)) {
      const bytes = await deps.uploads.read(p.storageKey);
      if (bytes) {
        yield { path: p.storageKey, bytes: new Uint8Array(bytes), mediatype: 'image/webp' };
      }
    }
  },
});

registerSitemapSource({
  name: 'lieux',
  count: (deps) => repo.sitemapCount(deps.db),
  urls: async (deps, offset, limit) =>
    (await repo.sitemapSlugs(deps.db, offset, limit)).map((r) => ({ path: `/lieux/${r.slug}`, lastmod: r.lastmod })),
});
