import { LICENCE_OUVERTE, registerDumpResource } from '../opendata/opendata.resources.ts';
import { registerSitemapSource } from '../opendata/opendata.sitemap.ts';
import { listPublicationsForDump, sitemapCount, sitemapSlugs } from './publications.repo.ts';

/** The network's news in the open dump (what is hidden by moderation stays out). */
registerDumpResource({
  kind: 'table',
  name: 'publications',
  title: 'Publications',
  description: 'Les nouvelles des lieux, des communautés et des membres (Markdown), hors publications masquées par la modération.',
  licence: LICENCE_OUVERTE,
  order: 30,
  primaryKey: ['id'],
  fields: [
    { name: 'id', type: 'string', format: 'uuid', constraints: { required: true, unique: true } },
    { name: 'slug', type: 'string', constraints: { required: true } },
    { name: 'titre', type: 'string', constraints: { required: true } },
    { name: 'resume', type: 'string' },
    { name: 'texte', type: 'string', description: 'Markdown' },
    { name: 'etiquettes', type: 'string' },
    { name: 'lieu_id', type: 'string', format: 'uuid' },
    { name: 'communaute_id', type: 'string', format: 'uuid' },
    { name: 'publie_le', type: 'datetime' },
    { name: 'maj_le', type: 'datetime' },
    { name: 'url', type: 'string', format: 'uri' },
  ],
  async *rows(deps) {
    for (const p of await listPublicationsForDump(deps.db)) {
      yield [
        p.id,
        p.slug,
        p.title,
        p.summary,
        p.bodyMd,
        p.tags.join('|'),
        p.placeId,
        p.communityId,
        p.publishedAt,
        p.updatedAt,
        `${deps.config.publicUrl}/publications/${p.slug}`,
      ];
    }
  },
});

registerSitemapSource({
  name: 'publications',
  count: (deps) => sitemapCount(deps.db),
  urls: async (deps, offset, limit) =>
    (await sitemapSlugs(deps.db, offset, limit)).map((r) => ({ path: `/publications/${r.slug}`, lastmod: r.lastmod })),
});
