import type { Hono } from 'hono';
import type { Deps } from '../../deps.ts';
import type { AppEnv } from '../../http-env.ts';
import { AppError } from '../../lib/errors.ts';

/**
 * sitemap.xml and robots.txt: what search engines may crawl. Each domain registers the public
 * pages it has (published places, projects, guides, publications, events, communities, tools);
 * members' pages are left out on purpose — people are found through the network, not indexed
 * in bulk. One file up to 50,000 addresses (the protocol's limit), a sitemap index past it.
 */

export interface SitemapSource {
  name: string;
  count(deps: Deps): Promise<number>;
  /** `path` (from the site's root) and when it last changed, in a stable order. */
  urls(deps: Deps, offset: number, limit: number): Promise<Array<{ path: string; lastmod?: Date | null }>>;
}

const sources = new Map<string, SitemapSource>();

export function registerSitemapSource(source: SitemapSource): void {
  sources.set(source.name, source);
}

/** Pages that are always there. */
const STATIC_PAGES = [
  '/',
  '/lieux',
  '/projets',
  '/guides',
  '/membres',
  '/agenda',
  '/services',
  '/publications',
  '/outils',
  '/communautes',
  '/impact',
  '/donnees',
  '/a-propos',
];

registerSitemapSource({
  name: 'pages',
  count: async () => STATIC_PAGES.length,
  urls: async (_deps, offset, limit) => STATIC_PAGES.slice(offset, offset + limit).map((path) => ({ path })),
});

export const SITEMAP_LIMIT = 50_000;

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function urlset(base: string, urls: Array<{ path: string; lastmod?: Date | null }>): string {
  const items = urls.map(
    (u) =>
      `<url><loc>${escapeXml(`${base}${u.path}`)}</loc>${u.lastmod ? `<lastmod>${u.lastmod.toISOString().slice(0, 10)}</lastmod>` : ''}</url>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${items.join('\n')}\n</urlset>\n`;
}

/** sitemap.xml: every address when they fit in one file, else an index of one file per source and part. */
export async function sitemap(deps: Deps, limit = SITEMAP_LIMIT): Promise<string> {
  const base = deps.config.publicUrl;
  const counted = await Promise.all([...sources.values()].map(async (s) => ({ source: s, count: await s.count(deps) })));
  const total = counted.reduce((n, c) => n + c.count, 0);
  if (total <= limit) {
    const urls = (await Promise.all(counted.map((c) => c.source.urls(deps, 0, c.count)))).flat();
    return urlset(base, urls);
  }
  const parts = counted.flatMap((c) =>
    Array.from({ length: Math.ceil(c.count / limit) }, (_, i) => `${base}/sitemap-${c.source.name}-${i + 1}.xml`),
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${parts
    .map((loc) => `<sitemap><loc>${escapeXml(loc)}</loc></sitemap>`)
    .join('\n')}\n</sitemapindex>\n`;
}

/** One part of the index: a source's addresses from (part - 1) × limit. */
export async function sitemapPart(deps: Deps, name: string, part: number, limit = SITEMAP_LIMIT): Promise<string | null> {
  const source = sources.get(name);
  if (!source || part < 1 || (part - 1) * limit >= Math.max(1, await source.count(deps))) {
    return null;
  }
  return urlset(deps.config.publicUrl, await source.urls(deps, (part - 1) * limit, limit));
}

export function robotsTxt(base: string): string {
  return [
    'User-agent: *',
    // Personal, administrative and endlessly varied pages: nothing for an index.
    'Disallow: /compte',
    'Disallow: /admin',
    'Disallow: /moderation',
    'Disallow: /notifications',
    'Disallow: /connexion',
    'Disallow: /inscription',
    'Disallow: /recherche',
    'Disallow: /api/v1/search',
    'Disallow: /*?*page=',
    '',
    `Sitemap: ${base}/sitemap.xml`,
    '',
  ].join('\n');
}

export function mountSitemap(app: Hono<AppEnv>, limit = SITEMAP_LIMIT) {
  const xml = { 'Content-Type': 'application/xml; charset=utf-8', 'Cache-Control': 'public, max-age=3600' } as const;
  app.get('/robots.txt', (c) => c.body(robotsTxt(c.get('deps').config.publicUrl), 200, { 'Content-Type': 'text/plain; charset=utf-8' }));
  app.get('/sitemap.xml', async (c) => c.body(await sitemap(c.get('deps'), limit), 200, xml));
  app.get('/:file{sitemap-[a-z]+-[0-9]{1,6}\\.xml}', async (c) => {
    const m = /^sitemap-([a-z]+)-(\d{1,6})\.xml$/.exec(c.req.param('file'));
    const body = m ? await sitemapPart(c.get('deps'), m[1] ?? '', Number(m[2]), limit) : null;
    if (!body) {
      throw new AppError('NOT_FOUND', { message: 'no such sitemap', userMessage: 'errors.notFound' });
    }
    return c.body(body, 200, xml);
  });
}
