import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, axeViolations, type Harness, screenshot, signIn, startHarness } from './harness.ts';

const DATA = path.resolve(import.meta.dirname, '../test/fixtures/places');

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const overflow = (page: import('playwright-core').Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe('an administrator brings in the map of digital-mediation places of Gironde', () => {
  it('on a 320 px phone: the file, its columns, the dry run, a decision, the import followed without JavaScript, the places', async () => {
    const { page, context } = await h.newPage({ viewport: { width: 320, height: 640 } });
    await signIn(page, ADMIN.email, ADMIN.password);
    await page.goto('/admin');
    await page.getByRole('link', { name: 'Importer des lieux' }).click();
    expect(await overflow(page)).toBe(0);
    expect(await axeViolations(page)).toEqual([]);

    // A wrong file first: a clear message, the source name still there.
    await page.getByLabel(/^Source/).fill('Médiation numérique Gironde');
    await page
      .getByLabel(/^Fichier/)
      .setInputFiles({ name: 'lieux.csv', mimeType: 'text/csv', buffer: Buffer.from([0x50, 0x4b, 0x03, 0x04, 20, 0]) });
    await page.getByRole('button', { name: 'Lire le fichier' }).click();
    await expect(page.locator('.error-summary').textContent()).resolves.toContain('C’est un classeur');
    await expect(page.getByLabel(/^Source/).inputValue()).resolves.toBe('Médiation numérique Gironde');
    expect(await axeViolations(page)).toEqual([]);

    await page.getByLabel(/^Fichier/).setInputFiles(path.join(DATA, 'mediation-numerique-gironde.json'));
    await page.getByRole('button', { name: 'Lire le fichier' }).click();
    await page.waitForURL(/\/admin\/import\/[0-9a-f-]{36}$/);
    await expect(page.locator('main').textContent()).resolves.toContain('347 lignes et 19 colonnes lues (JSON, utf-8)');
    // "Coord. X" is read as the longitude, as it usually is; the dry run will see it is not.
    await expect(
      page
        .getByRole('combobox', { name: /^Longitude/ })
        .locator('option:checked')
        .textContent(),
    ).resolves.toBe('Coord. X');
    expect(await overflow(page)).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'import-columns-phone');
    await page.getByRole('combobox', { name: /^Type de lieu par défaut/ }).selectOption({ label: 'Espace public numérique' });
    await page.getByRole('button', { name: 'Vérifier (essai à blanc)' }).click();
    await page.waitForURL(/\/rapport$/);
    const main = page.locator('main');
    await expect(main.textContent()).resolves.toContain('rien n’est encore écrit');
    await expect(main.textContent()).resolves.toContain('Latitude et longitude inversées : remises dans l’ordre.');
    expect(await overflow(page)).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'import-report-phone');

    // One probable duplicate: she keeps both.
    await page.getByRole('link', { name: 'À décider' }).click();
    await page.locator('fieldset.decision').first().getByLabel('Garder les deux (nouveau lieu)').check();
    await page.getByRole('button', { name: 'Enregistrer les décisions' }).click();
    await page.waitForURL(/action=decide/);
    expect(await axeViolations(page)).toEqual([]);

    await page.goto(page.url().replace(/\?.*$/, ''));
    await page.getByRole('button', { name: 'Importer 334 lieux' }).click();
    await page.waitForURL(/\/progression$/);
    // The page refreshes by itself until the import is done: no script needed.
    const noScript = await h.newPage({ viewport: { width: 320, height: 640 }, javaScriptEnabled: false });
    await signIn(noScript.page, ADMIN.email, ADMIN.password);
    await noScript.page.goto(page.url());
    await noScript.page.getByText(/^Terminé : 347 lignes sur 347 traitées\./).waitFor({ timeout: 30_000 });
    await noScript.context.close();
    await page.reload();
    await expect(main.textContent()).resolves.toContain('335 lieux créés');
    expect(await overflow(page)).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'import-done-phone');

    await page.goto('/lieux?q=Abracodabra');
    await page.getByRole('link', { name: 'Abracodabra' }).first().click();
    await expect(main.textContent()).resolves.toContain('Bordeaux');

    // The network's open data, remade now that Gironde is in: the archive lists its files.
    await page.goto('/donnees');
    await page.getByRole('button', { name: 'Refaire l’archive maintenant' }).click();
    await page.waitForURL('**/donnees');
    for (let i = 0; i < 50 && !(await page.getByRole('link', { name: /^Télécharger l’archive/ }).count()); i++) {
      await new Promise((r) => setTimeout(r, 200));
      await page.reload();
    }
    await expect(page.locator('.dump-contents').textContent()).resolves.toMatch(/lieux\.csv — Lieux \(\d{3} lignes\)/);
    expect(await overflow(page)).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'open-data-phone');
    await context.close();
  });
});
