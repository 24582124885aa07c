import { registerSitemapSource } from '../opendata/opendata.sitemap.ts';
import { sitemapCount, sitemapSlugs } from './communities.repo.ts';

/** Communities' pages in sitemap.xml. */
registerSitemapSource({
  name: 'communautes',
  count: (deps) => sitemapCount(deps.db),
  urls: async (deps, offset, limit) =>
    (await sitemapSlugs(deps.db, offset, limit)).map((r) => ({ path: `/communautes/${r.slug}`, lastmod: r.lastmod })),
});
