import { LICENCE_OUVERTE, registerDumpResource } from '../opendata/opendata.resources.ts';
import { registerSitemapSource } from '../opendata/opendata.sitemap.ts';
import { listToolsForDump, sitemapCount, sitemapSlugs } from './tools.repo.ts';

/** The catalogue of free tools in the open dump. */
registerDumpResource({
  kind: 'table',
  name: 'outils',
  title: 'Outils libres',
  description: 'Le catalogue des logiciels et matériels libres que les lieux utilisent, avec leur licence.',
  licence: LICENCE_OUVERTE,
  order: 50,
  primaryKey: ['id'],
  fields: [
    { name: 'id', type: 'string', format: 'uuid', constraints: { required: true, unique: true } },
    { name: 'slug', type: 'string', constraints: { required: true } },
    { name: 'nom', type: 'string', constraints: { required: true } },
    { name: 'type', type: 'string' },
    { name: 'licence', type: 'string', description: 'Identifiant SPDX' },
    { name: 'site_web', type: 'string' },
    { name: 'depot', type: 'string' },
    { name: 'description', type: 'string', description: 'Markdown' },
    { name: 'plateformes', type: 'string' },
    { name: 'maj_le', type: 'datetime' },
  ],
  async *rows(deps) {
    for (const t of await listToolsForDump(deps.db)) {
      yield [t.id, t.slug, t.name, t.kind, t.licence, t.website, t.repository, t.descriptionMd, t.platforms.join('|'), t.updatedAt];
    }
  },
});

registerSitemapSource({
  name: 'outils',
  count: (deps) => sitemapCount(deps.db),
  urls: async (deps, offset, limit) =>
    (await sitemapSlugs(deps.db, offset, limit)).map((r) => ({ path: `/outils/${r.slug}`, lastmod: r.lastmod })),
});
