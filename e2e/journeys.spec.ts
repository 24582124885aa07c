import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, axeViolations, type Harness, screenshot, signIn, startHarness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('a teacher lists her school’s fablab', () => {
  it('sign-up → verify through the outbox → sign-in → create a place → moderated → found in /lieux and on /carte', async () => {
    const { page, context } = await h.newPage();
    const email = `enseignante.${Date.now()}@example.org`;
    // A suffix of letters: five digits would read as a postcode ("… 71350"), and a postcode in the
    // words locates the search there, far from Rennes — the map would rightly not show the place.
    const suffix = Date.now()
      .toString(36)
      .replace(/\d/g, (d) => 'abcdefghij'[Number(d)] ?? '');
    const placeName = `Fablab du collège Olympe ${suffix}`;

    await page.goto('/inscription');
    await page.getByLabel('Nom affiché').fill('Sophie Enseignante');
    await page.getByLabel('Adresse e-mail').fill(email);
    await page.getByLabel('Mot de passe').fill('les élèves adorent la découpe laser');
    await page.getByLabel(/J’accepte la charte/).check();
    await page.getByRole('button', { name: 'Créer mon compte' }).click();
    await page.waitForURL('**/inscription/envoye');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('Vérifiez votre messagerie');

    // The admin reads the outbox (no SMTP here) and hands over the link.
    const admin = await h.newPage();
    await signIn(admin.page, ADMIN.email, ADMIN.password);
    await admin.page.goto('/admin/outbox');
    const link = await admin.page
      .locator('article.mail', { hasText: email })
      .first()
      .locator('a[href*="/verifier-email"]')
      .getAttribute('href');
    expect(link).toBeTruthy();

    await page.goto(link ?? '');
    await page.getByRole('button', { name: 'Confirmer mon adresse' }).click();
    // Confirming signs her in: the welcome lists her first steps, none done yet.
    await page.waitForURL('**/bienvenue');
    await expect(page.locator('.notice-success').textContent()).resolves.toContain('Adresse confirmée');
    await expect(page.locator('.checklist li').count()).resolves.toBe(4);
    await expect(page.locator('.checklist li.done').count()).resolves.toBe(0);

    await page.goto('/lieux/nouveau');
    await page.getByLabel('Nom du lieu').fill(placeName);
    await page.getByRole('checkbox', { name: 'Fablab', exact: true }).check();
    await page.getByLabel('Présentation').fill('Un fablab pour les **élèves** de 6e à 3e.\n\n- découpe laser\n- impression 3D');
    await page.getByRole('textbox', { name: /^Adresse \(/ }).fill('5 rue Olympe de Gouges');
    await page.getByLabel('Code postal').fill('35000');
    await page.getByLabel('Commune').fill('Rennes');
    // Placing the point by hand: a click on the map fills the coordinates field…
    const coordinates = page.getByLabel('Coordonnées (latitude, longitude)');
    await page.locator('.map-picker').click({ position: { x: 200, y: 120 } });
    await expect(coordinates.inputValue()).resolves.toMatch(/^-?\d+\.\d{6}, -?\d+\.\d{6}$/);
    // …and typing degrees-minutes-seconds works too.
    await coordinates.fill(`48°6'42"N 1°40'48"W`);
    await page.getByLabel('Lundi').fill('9h-12h, 13h30-17h');
    await page.getByRole('checkbox', { name: 'Découpeuse laser' }).check();
    await screenshot(page, 'place-form');
    await page.getByRole('button', { name: 'Proposer ce lieu' }).click();
    await page.waitForURL(/\/lieux\/fablab-du-college-olympe/);
    await expect(page.locator('.notice-info').first().textContent()).resolves.toContain('attend la validation');
    const placeUrl = new URL(page.url()).pathname;

    // The moderators hear of it: the bell, and a dashboard that counts what waits.
    await admin.page.goto('/notifications');
    await expect(admin.page.locator('main').textContent()).resolves.toContain(`Un lieu attend votre décision : ${placeName}`);
    await admin.page.goto('/moderation');
    await expect(admin.page.locator('.queue-busy', { hasText: 'Lieux à publier' }).count()).resolves.toBe(1);
    await admin.page.getByRole('link', { name: 'Lieux à publier' }).click();
    const card = admin.page.locator('li.card', { hasText: placeName });
    await card.getByRole('button', { name: 'Publier' }).click();
    await admin.page.waitForURL('**/moderation/lieux');

    // Anyone now finds it by a word of its name, accents or not.
    const visitor = await h.newPage();
    await visitor.page.goto('/lieux');
    await visitor.page.getByLabel('Rechercher un lieu').fill('college olympe');
    await visitor.page.getByRole('button', { name: 'Rechercher' }).click();
    await visitor.page.waitForURL(/q=college/);
    await expect(visitor.page.getByRole('link', { name: placeName }).count()).resolves.toBe(1);
    await visitor.page.goto(placeUrl);
    await expect(visitor.page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(placeName);
    await expect(visitor.page.locator('.hours').textContent()).resolves.toContain('9h – 12h, 13h30 – 17h');
    await screenshot(visitor.page, 'place-page');

    // And on the map: in the accessible list, and as a marker drawn by the island.
    await visitor.page.goto(`/carte?q=${encodeURIComponent(placeName)}`);
    await expect(visitor.page.locator('.map-list').getByRole('link', { name: placeName }).count()).resolves.toBe(1);
    await visitor.page.waitForSelector(`.tis-dot[title="${placeName}"]`, { timeout: 15_000 });
    await screenshot(visitor.page, 'map-filtered');

    await context.close();
    await admin.context.close();
    await visitor.context.close();
  });
});

describe('accessibility (axe-core: no serious or critical violation)', () => {
  it('on the main pages and forms, signed out and signed in', async () => {
    const { page, context } = await h.newPage();
    const slug = await (async () => {
      await page.goto('/lieux');
      return (await page.locator('.place-card h3 a').first().getAttribute('href')) ?? '/lieux';
    })();
    const pages = [
      '/',
      '/lieux',
      '/lieux?q=fablab&kind=fablab',
      slug,
      '/carte',
      '/inscription',
      '/connexion',
      '/mot-de-passe-oublie',
      '/api',
      '/a-propos',
    ];
    const report: Record<string, unknown> = {};
    for (const path of pages) {
      await page.goto(path);
      const violations = await axeViolations(page);
      if (violations.length > 0) {
        report[path] = violations;
      }
    }
    // A form with errors, and the pages behind sign-in.
    await page.goto('/inscription');
    await page.getByRole('button', { name: 'Créer mon compte' }).click();
    report['/inscription (errors)'] = await axeViolations(page);
    await signIn(page, ADMIN.email, ADMIN.password);
    for (const path of [
      '/compte',
      '/lieux/nouveau',
      `${slug}/modifier`,
      `${slug}/photos`,
      `${slug}/equipe`,
      '/moderation',
      '/moderation/lieux',
      '/moderation/competences',
      '/moderation/commentaires',
      '/admin/outbox',
      '/admin/membres',
    ]) {
      await page.goto(path);
      const violations = await axeViolations(page);
      if (violations.length > 0) {
        report[path] = violations;
      }
    }
    const failures = Object.fromEntries(Object.entries(report).filter(([, v]) => Array.isArray(v) && v.length > 0));
    if (Object.keys(failures).length > 0) {
      fs.mkdirSync('e2e/screenshots', { recursive: true });
      fs.writeFileSync('e2e/screenshots/axe-report.json', JSON.stringify(failures, null, 2));
    }
    expect(failures).toEqual({});
    await context.close();
  });
});

describe('keyboard and no-JavaScript use', () => {
  it('the first Tab reaches the skip link, which moves focus to the content', async () => {
    const { page, context } = await h.newPage();
    await page.goto('/lieux');
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Aller au contenu');
    await page.keyboard.press('Enter');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('contenu');
    // The search form and its filters are reachable and usable with the keyboard alone.
    await page.getByLabel('Rechercher un lieu').focus();
    await page.keyboard.type('médiathèque');
    await page.keyboard.press('Enter');
    await page.waitForURL(/q=m%C3%A9diath%C3%A8que/);
    await expect(page.locator('.result-count').textContent()).resolves.toMatch(/lieux? trouvés?/);
    await context.close();
  });

  it('searching, filtering and signing in work with JavaScript turned off', async () => {
    const { page, context } = await h.newPage({ javaScriptEnabled: false });
    await page.goto('/lieux');
    await page.getByRole('checkbox', { name: /^Médiathèque/ }).check();
    await page.getByRole('button', { name: 'Appliquer les filtres' }).click();
    await page.waitForURL(/kind=mediatheque/);
    const subtitles = await page.locator('.place-card .subtitle').allTextContents();
    expect(subtitles.length).toBeGreaterThan(0);
    expect(subtitles.every((s) => s.includes('Médiathèque'))).toBe(true);
    await page.goto('/carte');
    await expect(page.locator('.map-list li').count()).resolves.toBeGreaterThan(5);
    await expect(page.locator('.map-fallback').textContent()).resolves.toContain('La carte interactive a besoin de JavaScript');
    await signIn(page, ADMIN.email, ADMIN.password);
    await page.goto('/compte');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Mon compte');
    await context.close();
  });

  it('switches to English and back', async () => {
    const { page, context } = await h.newPage();
    await page.goto('/lieux');
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Places of the network');
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
    await page.getByRole('button', { name: 'Français' }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Lieux du réseau');
    await context.close();
  });
});
