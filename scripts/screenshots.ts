/**
 * Regenerates the README's screenshots (docs/screenshots/): the main pages on a phone
 * (390 × 844) and a desktop (1280 × 900), on the demo network, in Chromium, without map tiles
 * (as on a school network that blocks them: the offline base map shows).
 *
 *   npm run screenshots
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { ADMIN, signIn, startHarness } from '../e2e/harness.ts';

const OUT = 'docs/screenshots';
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

interface Shot {
  name: string;
  path: string | ((page: Page) => Promise<string>);
  sizes: Array<'phone' | 'desktop'>;
  admin?: boolean;
}

async function firstProject(page: Page): Promise<string> {
  const res = await page.request.get('/api/v1/projects');
  const body = (await res.json()) as { items: Array<{ slug: string }> };
  return `/projets/${body.items[1]?.slug ?? body.items[0]?.slug ?? ''}`;
}

const SHOTS: Shot[] = [
  { name: 'home', path: '/', sizes: ['phone', 'desktop'] },
  { name: 'places-near', path: '/lieux?q=fablab+Rennes', sizes: ['phone', 'desktop'] },
  { name: 'map', path: '/carte', sizes: ['desktop'] },
  { name: 'project', path: firstProject, sizes: ['phone', 'desktop'] },
  { name: 'search', path: '/recherche?q=robotique+coll%C3%A8ge', sizes: ['phone', 'desktop'] },
  { name: 'members-beyond', path: '/membres?q=d%C3%A9coupe+laser&pres=Vitr%C3%A9&km=50&transmet=1', sizes: ['phone'] },
  { name: 'moderation', path: '/moderation', sizes: ['desktop'], admin: true },
];

async function main() {
  const h = await startHarness();
  fs.mkdirSync(OUT, { recursive: true });
  try {
    for (const signedIn of [false, true]) {
      const { context, page } = await h.newPage();
      if (signedIn) {
        await signIn(page, ADMIN.email, ADMIN.password);
      }
      for (const shot of SHOTS.filter((s) => !!s.admin === signedIn)) {
        const url = typeof shot.path === 'string' ? shot.path : await shot.path(page);
        for (const size of shot.sizes) {
          await page.setViewportSize(size === 'phone' ? PHONE : DESKTOP);
          await page.goto(url);
          if (url.startsWith('/carte')) {
            await page.locator('.map-offline').waitFor();
          }
          const file = path.join(OUT, `${shot.name}-${size}.jpg`);
          await page.screenshot({ path: file, type: 'jpeg', quality: 78 });
          console.log(`${file}  (${url})`);
        }
      }
      await context.close();
    }
  } finally {
    await h.close();
  }
}

await main();
