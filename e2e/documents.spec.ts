import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, type Harness, screenshot, signIn, startHarness } from './harness.ts';
import { FABMANAGER } from './personas.ts';

let h: Harness;
let photo: string;
beforeAll(async () => {
  h = await startHarness();
  // A photo as a phone would take it: JPEG with a GPS position in its metadata.
  photo = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-photo-')), 'soudure.jpg');
  await sharp({ create: { width: 1600, height: 1200, channels: 3, background: { r: 200, g: 120, b: 40 } } })
    .jpeg()
    .withExif({ IFD0: { Make: 'Téléphone de Fanny' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 7/1 25/1' } })
    .toFile(photo);
});
afterAll(async () => {
  await h?.close();
});

const FELIX = { email: 'felix.finistere@example.org', password: 'loin de Rennes, à Brest' };

describe('documenting a project, as the commons expects', () => {
  it('documents a project in steps with an image, edits it twice, compares, restores; another member adapts it for their place', async () => {
    const { page, context } = await h.newPage();
    await signIn(page, FABMANAGER.email, FABMANAGER.password);

    // A first draft: title, context, two steps, her place.
    await page.goto('/projets/nouveau');
    await page
      .getByLabel(/^Titre/)
      .first()
      .fill('Une lampe de chevet en bois découpé');
    await page.getByLabel(/^Contexte/).fill('Projet de fin d’année avec une classe de seconde au fablab du lycée.');
    await page.getByLabel('Étape 1', { exact: true }).fill('Dessiner la lampe');
    await page.getByLabel('Texte de l’étape 1').fill('Les élèves dessinent les faces de la lampe dans Inkscape.');
    // The editor island: the toolbar formats the selection, the live preview follows.
    const stepText = page.getByLabel('Texte de l’étape 1');
    await stepText.evaluate((el: HTMLTextAreaElement) => {
      const at = el.value.indexOf('Inkscape');
      el.setSelectionRange(at, at + 'Inkscape'.length);
    });
    await page.getByRole('toolbar', { name: 'Mise en forme' }).nth(2).getByRole('button', { name: 'Gras' }).click();
    await expect(stepText.inputValue()).resolves.toContain('**Inkscape**');
    await expect(page.locator('.live-preview strong', { hasText: 'Inkscape' }).first().waitFor()).resolves.toBeUndefined();
    await page.getByRole('button', { name: 'Ajouter une étape' }).click();
    await page.getByLabel('Étape 2', { exact: true }).fill('Souder la guirlande de LED');
    await page.getByLabel('Texte de l’étape 2').fill('On soude les LED en série sur la plaque.');
    await page.getByRole('checkbox', { name: FABMANAGER.place }).check();
    await page.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
    await page.waitForURL(/\/projets\/une-lampe-de-chevet-en-bois-decoupe$/);
    const projectUrl = page.url();

    // Edit 1: a photo on step 2, then publish.
    await page.getByRole('link', { name: 'Modifier', exact: true }).click();
    await page.getByLabel('Ajouter des images à l’étape 2').setInputFiles(photo);
    await page.getByLabel(/^Ce que vous avez changé/).fill('photo de la soudure');
    await page.getByRole('button', { name: 'Enregistrer et publier' }).click();
    await page.waitForURL(projectUrl);
    const stepImage = page.locator('.document img[src^="/uploads/"]').first();
    await expect(stepImage.getAttribute('src')).resolves.toMatch(/\.webp$/);

    // Edit 2: a change in the context.
    await page.getByRole('link', { name: 'Modifier', exact: true }).click();
    await page.getByLabel(/^Contexte/).fill('Projet de fin d’année avec deux classes de seconde au fablab du lycée.');
    await page.getByLabel(/^Ce que vous avez changé/).fill('deux classes');
    await page.locator('.form-actions').getByRole('button', { name: 'Enregistrer', exact: true }).click();
    await page.waitForURL(projectUrl);
    await expect(page.locator('main').textContent()).resolves.toContain('deux classes de seconde');

    // History and a word diff between versions 2 and 3.
    await page.getByRole('link', { name: /^Historique \(3 versions\)/ }).click();
    await expect(page.locator('table.history tbody tr').count()).resolves.toBe(3);
    await page.getByRole('button', { name: 'Comparer les versions choisies' }).click();
    await page.waitForURL((u) => u.pathname.endsWith('/comparer') && u.searchParams.get('de') === '2' && u.searchParams.get('a') === '3');
    await expect(page.locator('main ins', { hasText: 'deux' }).count()).resolves.toBeGreaterThan(0);
    await expect(page.locator('main del', { hasText: 'une' }).count()).resolves.toBeGreaterThan(0);
    await screenshot(page, 'project-diff');
    expect(await axeViolations(page)).toEqual([]);

    // Restore version 2: a new version 4, with the old text back.
    await page.getByRole('button', { name: 'Revenir à la version 2' }).click();
    await page.waitForURL(projectUrl);
    await expect(page.locator('main').textContent()).resolves.toContain('avec une classe de seconde');
    await expect(page.getByRole('link', { name: /^Historique \(4 versions\)/ }).count()).resolves.toBe(1);
    await screenshot(page, 'project-page');
    expect(await axeViolations(page)).toEqual([]);
    const jsonLd = JSON.parse((await page.locator('script[type="application/ld+json"]').first().textContent()) ?? '{}') as {
      '@type': string;
    };
    expect(jsonLd['@type']).toBe('HowTo');
    await context.close();

    // Félix takes part in a demo place, then adapts the project for it.
    const other = await h.newPage();
    await signIn(other.page, FELIX.email, FELIX.password);
    await other.page.goto('/lieux');
    await other.page.locator('.place-list a').first().click();
    const placeName = (await other.page.getByRole('heading', { level: 1 }).textContent()) ?? '';
    await other.page.locator('form[action$="/participer"] button').click();
    await other.page.goto(projectUrl);
    await other.page.getByRole('link', { name: 'Je l’adapte chez moi' }).click();
    await other.page.getByRole('combobox', { name: /Pour quel lieu/ }).selectOption({ label: placeName });
    await other.page.getByRole('button', { name: 'Créer mon adaptation' }).click();
    // A draft of his own, opened in the editor: he tells what changes at his place, then publishes.
    await other.page.waitForURL(/\/projets\/[a-z0-9-]+\/modifier$/);
    await other.page.getByLabel(/^Contexte/).fill(`Repris à ${placeName} avec un club du mercredi, en carton plutôt qu’en bois.`);
    await other.page.getByRole('button', { name: 'Enregistrer et publier' }).click();
    await other.page.waitForURL(/\/projets\/[a-z0-9-]+$/);
    await expect(other.page.locator('.lineage').textContent()).resolves.toContain('Une lampe de chevet en bois découpé');
    expect(await axeViolations(other.page)).toEqual([]);
    // The original now lists its adaptation.
    await other.page.goto(projectUrl);
    await expect(other.page.locator('#doc-adaptations').count()).resolves.toBe(1);
    await other.context.close();
  });

  it('finds it in one search box, with suggestions as one types, and comments and reports work without JavaScript', async () => {
    const { page, context } = await h.newPage();
    await page.goto('/recherche');
    // A search box with suggestions is a combobox for assistive technologies.
    const box = page.getByRole('combobox', { name: 'Que cherchez-vous ?' });
    await box.pressSequentially('lampe de chev', { delay: 30 });
    await expect
      .poll(
        async () =>
          page.locator('#recherche-globale-suggestions option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value)),
        {
          timeout: 5000,
        },
      )
      .toContain('Une lampe de chevet en bois découpé');
    await box.press('Enter');
    await page.waitForURL(/\/recherche\?q=/);
    await expect(page.locator('.search-result h3').first().textContent()).resolves.toContain('Une lampe de chevet en bois découpé');
    await screenshot(page, 'search');
    expect(await axeViolations(page)).toEqual([]);
    await context.close();

    const noJs = await h.newPage({ javaScriptEnabled: false });
    await noJs.page.goto('/recherche?q=decoupe+lazer');
    await expect(noJs.page.locator('.search-result').count()).resolves.toBeGreaterThan(0);
    await noJs.page.goto('/outils');
    await expect(noJs.page.getByRole('link', { name: 'Inkscape' }).count()).resolves.toBe(1);
    await signIn(noJs.page, FELIX.email, FELIX.password);
    await noJs.page.goto('/projets/une-lampe-de-chevet-en-bois-decoupe');
    await noJs.page.getByLabel('Votre commentaire').fill('Quelle épaisseur de contreplaqué avez-vous utilisée ?');
    await noJs.page.getByRole('button', { name: 'Publier le commentaire' }).click();
    await noJs.page.waitForURL(/#commentaire-/);
    await expect(noJs.page.locator('.comment').first().textContent()).resolves.toContain('Quelle épaisseur');
    await noJs.context.close();

    // The same pages with scripts, checked by axe: the tools catalogue, a tool, the discussion.
    const { page: checked, context: checkedContext } = await h.newPage();
    for (const url of ['/outils', '/outils/inkscape', '/guides/collections', '/projets/une-lampe-de-chevet-en-bois-decoupe']) {
      await checked.goto(url);
      expect(await axeViolations(checked), url).toEqual([]);
    }
    await screenshot(checked, 'project-discussion');
    await checkedContext.close();
  });
});
