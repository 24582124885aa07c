import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, type Harness, screenshot, signIn, startHarness } from './harness.ts';
import { FABMANAGER, TEACHER } from './personas.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const PHONE = { width: 360, height: 780 };

describe('recognition: a teacher’s workshops, confirmed by the place’s team, earn a verifiable badge', () => {
  it('logs two workshops on a phone; the fabmanager confirms them; a rule awards the badge; an employer verifies it; revoked, it reads so', async () => {
    // The fabmanager defines her fablab's badge, earned by 3 hours of workshops confirmed there.
    const fanny = await h.newPage({ viewport: PHONE });
    await signIn(fanny.page, FABMANAGER.email, FABMANAGER.password);
    await fanny.page.goto('/badges/nouveau');
    await fanny.page.getByLabel(/^Nom du badge/).fill('Animatrice du fablab de Vitré');
    await fanny.page.getByLabel(/^Ce qu’il reconnaît/).fill('Reconnaît les ateliers animés au fablab du lycée de Vitré.');
    await fanny.page.getByLabel(/^Critères/).fill('Avoir animé au moins **3 heures** d’ateliers au fablab, confirmées par l’équipe.');
    await fanny.page.getByLabel(/^Badge de/).selectOption({ label: FABMANAGER.place });
    await fanny.page.getByLabel(/^Attribution/).selectOption('rule');
    await fanny.page.getByLabel(/^Ce qui compte/).selectOption('hours');
    await fanny.page.getByLabel(/^Type de contribution/).selectOption({ label: 'Animation d’atelier' });
    await fanny.page.getByLabel(/^À partir de/).fill('3');
    expect(await axeViolations(fanny.page)).toEqual([]);
    await fanny.page.getByRole('button', { name: 'Créer le badge' }).click();
    await expect(fanny.page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Animatrice du fablab de Vitré');
    await expect(fanny.page.locator('.notice').last().textContent()).resolves.toContain(
      '3 heures (animation d’atelier) confirmées à Fablab du lycée de Vitré',
    );
    expect(await axeViolations(fanny.page)).toEqual([]);
    await screenshot(fanny.page, 'badge-page');

    const teacher = await h.newPage({ viewport: PHONE });
    await signIn(teacher.page, TEACHER.email, TEACHER.password);
    const { page } = teacher;

    // From the fablab's page, "log a contribution here" opens the form with the place chosen.
    await page.goto(`/lieux?q=${encodeURIComponent(FABMANAGER.place)}`);
    await page.getByRole('link', { name: FABMANAGER.place }).first().click();
    await page.getByRole('link', { name: 'Déclarer une contribution dans ce lieu' }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Déclarer une contribution');
    await expect(page.getByLabel(/^Lieu/).locator('option:checked').textContent()).resolves.toBe(FABMANAGER.place);
    expect(await axeViolations(page)).toEqual([]);

    // A mistake first: 30 hours in one day is refused, and what she typed stays.
    await page.getByLabel(/^Type de contribution/).selectOption({ label: 'Animation d’atelier' });
    await page.getByLabel(/^Date \(ou début/).fill('2026-10-07');
    await page.getByLabel(/^Durée en heures/).fill('30');
    await page.getByLabel(/^Ce que vous avez fait/).fill('Atelier soudure de capteurs avec douze élèves de 4e.');
    await page.getByRole('button', { name: 'Envoyer pour confirmation' }).click();
    await expect(page.locator('.error-summary').textContent()).resolves.toContain('plus de 24 heures par jour');
    await expect(page.getByLabel(/^Ce que vous avez fait/).inputValue()).resolves.toBe(
      'Atelier soudure de capteurs avec douze élèves de 4e.',
    );
    await screenshot(page, 'contribution-form-error');
    await page.getByLabel(/^Durée en heures/).fill('2');
    await page.getByRole('button', { name: 'Envoyer pour confirmation' }).click();
    await expect(page.locator('.notice-success').first().textContent()).resolves.toContain('elle attend d’être confirmée');
    await expect(page.getByText('L’équipe du lieu la confirme.').isVisible()).resolves.toBe(true);
    expect(await axeViolations(page)).toEqual([]);

    await page.goto(`/reconnaissance/nouvelle`);
    await page.getByLabel(/^Lieu/).selectOption({ label: FABMANAGER.place });
    await page.getByLabel(/^Date \(ou début/).fill('2026-10-14');
    await page.getByLabel(/^Durée en heures/).fill('1 h 30');
    await page.getByLabel(/^Ce que vous avez fait/).fill('Atelier programmation des cartes, suite du 7 octobre.');
    await page.getByRole('button', { name: 'Envoyer pour confirmation' }).click();
    await page.waitForURL(/\/reconnaissance\/[0-9a-f-]{36}$/);

    // The fabmanager is told, and answers from her queue.
    await fanny.page.goto('/notifications');
    await expect(fanny.page.getByText(`${TEACHER.displayName} a déclaré une contribution à confirmer`).count()).resolves.toBe(2);
    await fanny.page.goto('/reconnaissance/a-confirmer');
    await expect(fanny.page.locator('.result-count').textContent()).resolves.toBe('2 contributions attendent votre réponse');
    expect(await axeViolations(fanny.page)).toEqual([]);
    await screenshot(fanny.page, 'contribution-queue');
    for (let i = 0; i < 2; i++) {
      await fanny.page.goto('/reconnaissance/a-confirmer');
      await fanny.page.locator('.contribution-list a').first().click();
      if (i === 0) {
        expect(await axeViolations(fanny.page)).toEqual([]);
        await screenshot(fanny.page, 'contribution-review');
      }
      await fanny.page.getByRole('button', { name: 'Confirmer', exact: true }).click();
      await expect(fanny.page.locator('.notice-success').first().textContent()).resolves.toContain('Contribution confirmée');
    }
    await fanny.page.goto('/reconnaissance/a-confirmer');
    await expect(fanny.page.getByText('Rien à confirmer pour l’instant.').isVisible()).resolves.toBe(true);

    // Her record adds them up: 3 h 30, by kind, by place, by year.
    await page.goto('/reconnaissance');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Mes contributions');
    await expect(page.locator('.record-total').textContent()).resolves.toBe('3 h 30 · 2 contributions');
    await expect(page.getByRole('table', { name: 'Par lieu' }).textContent()).resolves.toContain(FABMANAGER.place);
    await expect(page.getByRole('table', { name: 'Par année' }).textContent()).resolves.toContain('2026');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'contribution-record');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBe(0);

    // The attestation for her principal: this school year, a page and a PDF.
    await page.goto('/reconnaissance');
    await page.getByRole('link', { name: 'Attestation (PDF)' }).click();
    // The form starts at this school year; hers covers the autumn of 2026.
    await expect(page.getByLabel(/^Du/).inputValue()).resolves.toMatch(/^\d{4}-09-01$/);
    await page.getByLabel(/^Du/).fill('2026-09-01');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Créer l’attestation' }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      `Attestation de contributions de ${TEACHER.displayName}`,
    );
    await expect(page.locator('.record-total').textContent()).resolves.toBe('2 contributions confirmées, 3 h 30 en tout.');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'attestation-page');
    const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Télécharger le PDF' }).click()]);
    expect(
      fs
        .readFileSync((await pdf.path()) ?? '')
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');

    // The rule awarded the fablab's badge: she is told, downloads it, and has it checked.
    await page.goto('/notifications');
    await page.getByRole('link', { name: 'Vous avez reçu le badge « Animatrice du fablab de Vitré »' }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Animatrice du fablab de Vitré');
    await expect(page.locator('.verdict').textContent()).resolves.toContain('Heures confirmées3,5');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'badge-award');
    const awardUrl = page.url();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /Télécharger le badge/ }).click()]);
    const json = fs.readFileSync((await download.path()) ?? '', 'utf8');
    expect(JSON.parse(json).type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);

    // An employer pastes it into the verification page: valid.
    const employer = await h.newPage({ viewport: PHONE });
    await employer.page.goto('/badges/verifier');
    await employer.page.getByLabel(/^Badge \(JSON\)/).fill(json);
    await employer.page.getByRole('button', { name: 'Vérifier' }).click();
    await expect(employer.page.locator('.verdict-state').textContent()).resolves.toBe('Valide');
    await expect(employer.page.locator('.verdict').textContent()).resolves.toContain(TEACHER.displayName);
    expect(await axeViolations(employer.page)).toEqual([]);
    await screenshot(employer.page, 'badge-verified');

    // The fabmanager revokes it, with a reason; the same credential now reads "revoked".
    await fanny.page.goto(awardUrl);
    await fanny.page.getByLabel(/^Raison/).fill('Ateliers comptés deux fois par erreur.');
    await fanny.page.getByRole('button', { name: 'Révoquer' }).click();
    await expect(fanny.page.locator('.verdict-state').textContent()).resolves.toBe('Révoqué');
    await employer.page.goto('/badges/verifier');
    await employer.page.getByLabel(/^Badge \(JSON\)/).fill(json);
    await employer.page.getByRole('button', { name: 'Vérifier' }).click();
    await expect(employer.page.locator('.verdict-state').textContent()).resolves.toBe('Révoqué');
    await expect(employer.page.locator('.verdict').textContent()).resolves.toContain('Ateliers comptés deux fois par erreur.');
    await employer.context.close();
    await fanny.context.close();
    await teacher.context.close();
  });
});
