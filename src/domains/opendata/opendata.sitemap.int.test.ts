import net from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
// An independent sitemap reader (it follows a sitemap index to its parts), not ours.
import Sitemapper from 'sitemapper';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, placeForm, projectForm, signedInMember, type TestContext } from '../../../test/app.ts';
import type { AppEnv } from '../../http-env.ts';
import { seedTools } from '../tools/tools.service.ts';
import { mountSitemap } from './opendata.sitemap.ts';

let ctx: TestContext;
let port = 0;
const base = () => `http://127.0.0.1:${port}`;

beforeAll(async () => {
  port = await new Promise<number>((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (probe.address() as net.AddressInfo).port;
      probe.close(() => resolve(p));
    });
  });
  ctx = await createTestContext({ env: { PUBLIC_URL: `http://127.0.0.1:${port}` } });
  const moderator = await signedInMember(ctx, { role: 'moderator' });
  for (const name of ['Fablab des Pentes', 'Atelier du Bocage', 'La Fabrique à Vitré']) {
    expect((await moderator.client.post('/lieux/nouveau', placeForm({ name }))).status).toBe(303);
  }
  const { client } = await signedInMember(ctx, { displayName: 'Inès Teacher' });
  expect((await client.post('/projets/nouveau', projectForm())).status).toBe(303);
});
afterAll(async () => {
  await ctx?.close();
});

/** The site's sitemap routes on a real port, with a given number of addresses per file. */
async function crawl(limit?: number) {
  const app = new Hono<AppEnv>();
  app.use((c, next) => {
    c.set('deps', ctx.deps);
    return next();
  });
  mountSitemap(app, limit);
  const server = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' });
  try {
    const { sites, errors } = await new Sitemapper({ url: `${base()}/sitemap.xml`, timeout: 10_000 }).fetch();
    return { sites, errors };
  } finally {
    await new Promise((r) => server.close(r));
  }
}

describe('sitemap.xml and robots.txt', () => {
  it('lists the public pages (places, projects), not the members', async () => {
    const { sites, errors } = await crawl();
    expect(errors).toEqual([]);
    expect(sites).toEqual(
      expect.arrayContaining([
        `${base()}/`,
        `${base()}/lieux/fablab-des-pentes`,
        `${base()}/lieux/atelier-du-bocage`,
        `${base()}/projets/une-station-meteo-au-college`,
      ]),
    );
    expect(sites.some((s) => s.includes('/membres/'))).toBe(false);
    // One file: the addresses are in sitemap.xml itself.
    const xml = await (await ctx.app.request('/sitemap.xml')).text();
    expect(xml).toContain('<urlset');
    expect(xml).toContain('/lieux/la-fabrique-a-vitre</loc><lastmod>');
  });

  it('becomes a sitemap index past its limit, whose parts hold every address once', async () => {
    const whole = (await crawl()).sites;
    const { sites, errors } = await crawl(3);
    expect(errors).toEqual([]);
    expect([...sites].sort()).toEqual([...whole].sort());
    expect(new Set(sites).size).toBe(sites.length);
  });

  it('robots.txt keeps crawlers out of personal and endless pages and points at the sitemap', async () => {
    const res = await ctx.app.request('/robots.txt');
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toContain('Disallow: /compte');
    expect(text).toContain('Disallow: /recherche');
    expect(text).toContain(`Sitemap: ${base()}/sitemap.xml`);
  });
});

describe('schema.org data on the public pages that had none', () => {
  const jsonLd = async (path: string) => {
    const html = await (await ctx.app.request(path)).text();
    const m = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html);
    return m ? (JSON.parse(m[1] ?? '') as Record<string, unknown>) : null;
  };

  it('the home page is a WebSite with its search, a tool a SoftwareApplication with its licence', async () => {
    await seedTools(ctx.deps.db);
    expect(await jsonLd('/')).toMatchObject({ '@type': 'WebSite', potentialAction: { '@type': 'SearchAction' } });
    expect(await jsonLd('/outils/kicad')).toMatchObject({
      '@type': 'SoftwareApplication',
      name: 'KiCad',
      license: 'https://spdx.org/licenses/GPL-3.0-or-later.html',
    });
  });
});
