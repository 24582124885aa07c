import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, axeViolations, type Harness, screenshot, signIn, startHarness } from './harness.ts';
import { FABMANAGER } from './personas.ts';

// Every page is a phone page: each page a visitor, a member, a place's team, a moderator and an
// administrator reach, at 320 × 640 and 390 × 844 — no horizontal overflow, a header of at most
// 80 px, and axe-core finds no serious or critical violation.
let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const SIZES = [
  { width: 320, height: 640 },
  { width: 390, height: 844 },
] as const;
const MAX_HEADER_PX = 80;

interface Measure {
  overflow: number;
  header: number;
  wide: string[];
}

/** How far the page spills past the screen, the header's height, and the elements that spill. */
function measure(page: Page): Promise<Measure> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const wide = [...document.querySelectorAll('body *')]
      .filter((el) => {
        const r = el.getBoundingClientRect();
        return r.width > 0 && r.right > width + 1 && !el.closest('details:not([open]) > :not(summary)');
      })
      .sort((a, b) => b.getBoundingClientRect().right - a.getBoundingClientRect().right)
      .slice(0, 5)
      .map(
        (el) =>
          `${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? `.${el.className.split(' ').join('.')}` : ''}`,
      );
    return {
      overflow: document.documentElement.scrollWidth - width,
      header: document.querySelector('.site-header')?.getBoundingClientRect().height ?? 0,
      wide,
    };
  });
}

async function firstSlug(page: Page, api: string): Promise<string> {
  const res = await page.request.get(api);
  const body = (await res.json()) as { items: Array<{ slug: string }> } | Array<{ slug: string }>;
  const slug = (Array.isArray(body) ? body : body.items)[0]?.slug;
  if (!slug) {
    throw new Error(`no item at ${api}`);
  }
  return slug;
}

describe('every page on a phone', () => {
  it('fits from 320 px, with a compact header, and axe finds nothing serious', async () => {
    const problems: Record<string, unknown> = {};
    const { context, page } = await h.newPage({ viewport: { width: 320, height: 640 } });
    const place = await firstSlug(page, '/api/v1/places?q=fablab');
    const project = await firstSlug(page, '/api/v1/projects');
    const guide = await firstSlug(page, '/api/v1/guides');
    const memberSlug = await firstSlug(page, '/api/v1/members');
    const community = await firstSlug(page, '/api/v1/communities');
    const call = await firstSlug(page, '/api/v1/calls');
    const fannyPlace = await firstSlug(page, `/api/v1/places?q=${encodeURIComponent(FABMANAGER.place)}`);
    const event = /href="\/agenda\/([a-z0-9-]+-\d+)"/.exec(await (await page.request.get('/agenda')).text())?.[1];
    expect(event).toBeTruthy();
    const service = /href="\/services\/([a-z0-9-]+-\d+)"/.exec(await (await page.request.get('/services')).text())?.[1];
    expect(service).toBeTruthy();
    const publication = /href="\/publications\/([a-z0-9-]+)"/.exec(await (await page.request.get('/publications')).text())?.[1];
    expect(publication).toBeTruthy();

    const visitorPages = [
      '/',
      '/lieux',
      '/lieux?q=fablab+Rennes',
      '/lieux?q=fablab&pres=Vitr%C3%A9&km=5',
      '/carte',
      '/carte?q=m%C3%A9diath%C3%A8que+Bretagne',
      `/lieux/${place}`,
      '/projets',
      `/projets/${project}`,
      `/projets/${project}/historique`,
      '/guides',
      `/guides/${guide}`,
      '/guides/collections',
      '/outils',
      '/outils/inkscape',
      '/membres',
      '/membres?q=d%C3%A9coupe+laser&pres=Vitr%C3%A9&km=50&transmet=1',
      `/membres/${memberSlug}`,
      '/competences',
      '/competences/decoupe-laser',
      '/communautes',
      `/communautes/${community}`,
      '/appels',
      `/appels/${call}`,
      '/agenda',
      '/agenda?type=atelier&gratuit=1&age=12',
      '/agenda?type=visite&region=94',
      '/agenda/mois',
      '/agenda/carte',
      '/agenda/carte?type=visite&region=01',
      `/agenda/${event}`,
      '/services',
      '/services?type=usage-machines&gratuit=1',
      '/services?q=zzzzqqq',
      `/services/${service}`,
      '/reconnaissance',
      '/reconnaissance/fiche-de-poste',
      '/badges',
      '/badges/verifier',
      '/recherche',
      '/recherche?q=robotique+coll%C3%A8ge',
      '/recherche?q=zzzzqqq',
      '/connexion',
      '/inscription',
      '/mot-de-passe-oublie',
      '/a-propos',
      '/donnees',
      '/api',
      '/impact',
      '/impact/regions/53',
      '/publications',
      '/publications?etiquette=familles',
      `/publications/${publication}`,
      `/impact/lieux/${place}`,
    ];
    const memberPages = [
      '/',
      '/bienvenue',
      '/profil',
      '/profil/competences',
      '/profil/competences?q=3D',
      '/profil/photo',
      '/compte',
      '/notifications',
      '/messages',
      '/lieux/nouveau',
      '/projets/nouveau',
      '/appels/nouveau',
      '/agenda/nouveau',
      '/agenda/mes-inscriptions',
      `/agenda/${event}`,
      '/services/nouveau',
      '/services/demandes',
      `/services/${service}`,
      '/communautes/nouvelle',
      '/outils/nouveau',
      '/competences/proposer',
      '/reconnaissance/nouvelle',
      '/reconnaissance/a-confirmer',
      `/membres/${memberSlug}/reconnaissance`,
      `/membres/${memberSlug}/badges`,
      '/badges/nouveau',
      '/attestations/nouvelle',
      `/lieux/${fannyPlace}`,
      `/lieux/${fannyPlace}/modifier`,
      `/lieux/${fannyPlace}/photos`,
      `/lieux/${fannyPlace}/equipe`,
      `/lieux/${fannyPlace}/outils`,
      `/lieux/${fannyPlace}/messages`,
      '/ecoute',
      `/ecoute/nouveau?lieu=${fannyPlace}&modele=visite`,
      '/avis-plateforme',
      `/impact/lieux/${fannyPlace}/saisir`,
      '/publications/nouvelle',
      '/impact/import',
    ];
    const adminPages = [
      '/moderation',
      `/agenda/${event}/gerer`,
      `/agenda/${event}/modifier`,
      `/services/${service}`,
      `/services/${service}/modifier`,
      '/moderation/lieux',
      '/moderation/commentaires',
      '/moderation/competences',
      '/moderation/avis',
      '/reconnaissance',
      '/badges/nouveau',
      `/projets/${project}/modifier`,
      `/projets/${project}/versions/1`,
      `/projets/${project}/comparer`,
      `/projets/${project}/adapter`,
      `/communautes/${community}/modifier`,
      `/communautes/${community}/publier`,
      `/communautes/${community}/membres`,
      '/outils/inkscape/modifier',
      '/guides/collections/nouvelle',
      '/admin',
      '/admin/membres',
      '/admin/outbox',
      '/admin/import',
      '/donnees',
    ];

    const visit = async (who: string, paths: string[]) => {
      for (const path of paths) {
        for (const size of SIZES) {
          await page.setViewportSize(size);
          const res = await page.goto(path);
          const key = `${who} ${path} @${size.width}`;
          if (!res || res.status() >= 400) {
            problems[key] = `HTTP ${res?.status()}`;
            continue;
          }
          const m = await measure(page);
          if (m.overflow > 0 || m.header > MAX_HEADER_PX) {
            problems[key] = m;
          }
          if (size.width === 320) {
            const violations = await axeViolations(page);
            if (violations.length > 0) {
              problems[`${key} axe`] = violations;
            }
          }
        }
      }
    };

    await visit('visitor', visitorPages);
    await signIn(page, FABMANAGER.email, FABMANAGER.password);
    await visit('member', memberPages);
    await page.goto('/');
    await page.context().clearCookies();
    await signIn(page, ADMIN.email, ADMIN.password);
    await visit('admin', adminPages);

    fs.rmSync('e2e/screenshots/phone-report.json', { force: true });
    if (Object.keys(problems).length > 0) {
      fs.mkdirSync('e2e/screenshots', { recursive: true });
      fs.writeFileSync('e2e/screenshots/phone-report.json', JSON.stringify(problems, null, 2));
    }
    expect(problems).toEqual({});
    await context.close();
    // About 130 pages at two sizes, axe on each at 320 px: more than the default two minutes.
  }, 300_000);

  it('opens the menu without JavaScript, and the filters fold away until asked for', async () => {
    const { context, page } = await h.newPage({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
    await page.goto('/lieux');
    await expect(page.getByRole('link', { name: 'Communautés' }).isVisible()).resolves.toBe(false);
    await page.locator('details.site-menu > summary').click();
    await expect(page.getByRole('link', { name: 'Communautés' }).isVisible()).resolves.toBe(true);
    // The filters are folded: the first result is on the first screen.
    await page.goto('/lieux?kind=fablab');
    await expect(page.locator('.filter-panel').getAttribute('open')).resolves.toBeNull();
    const top = await page.locator('.place-card').first().boundingBox();
    expect(top?.y ?? 9999).toBeLessThan(844);
    await expect(page.locator('.chips').textContent()).resolves.toContain('Fablab');
    await context.close();
  });

  it('keeps the map readable when no tile server answers: France’s regions, departments and towns are drawn offline', async () => {
    // The harness points the tiles at a closed port, as a school network that blocks them would.
    const { context, page } = await h.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto('/carte?q=fablab+Rennes');
    await page.locator('.map-offline').waitFor();
    await expect(page.locator('.leaflet-basemap-pane path').count()).resolves.toBeGreaterThanOrEqual(4);
    await expect(page.locator('.tis-town', { hasText: 'Rennes' }).count()).resolves.toBe(1);
    // Overseas too: the outline holds Réunion.
    const basemap = await page.request.get((await page.locator('meta[name="basemap"]').getAttribute('content')) ?? '');
    const data = (await basemap.json()) as { land: Array<Array<[number, number]>> };
    expect(data.land.some((ring) => ring.some(([lng, lat]) => lng > 55 && lng < 56 && lat < -20 && lat > -22))).toBe(true);
    await screenshot(page, 'map-offline');
    await context.close();
  });
});
