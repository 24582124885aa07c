import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, axeViolations, type Harness, screenshot, signIn, startHarness } from './harness.ts';
import { FABMANAGER, FAR_FABMANAGER } from './personas.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

/** Sign up through the form and confirm the address with the link the admin reads in the outbox. */
async function signUp(page: Page, name: string, email: string, password: string) {
  await page.goto('/inscription');
  await page.getByLabel('Nom affiché').fill(name);
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe').fill(password);
  await page.getByLabel(/J’accepte la charte/).check();
  await page.getByRole('button', { name: 'Créer mon compte' }).click();
  await page.waitForURL('**/inscription/envoye');
  const admin = await h.newPage();
  await signIn(admin.page, ADMIN.email, ADMIN.password);
  await admin.page.goto('/admin/outbox');
  const link = await admin.page
    .locator('article.mail', { hasText: email })
    .first()
    .locator('a[href*="/verifier-email"]')
    .getAttribute('href');
  await admin.context.close();
  await page.goto(link ?? '');
  await page.getByRole('button', { name: 'Confirmer mon adresse' }).click();
  // Confirming signs her in and opens the welcome.
  await page.waitForURL('**/bienvenue');
  await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('Bienvenue');
}

const TEACHER = {
  name: 'Sophie Technologie',
  email: `sophie.techno.${Date.now()}@example.org`,
  password: 'mes élèves de 4e construisent des robots',
};

describe('a teacher finds a fabmanager, and a place asks the network for help', () => {
  it('signs up, fills her profile and skills, finds who can pass on laser cutting within 50 km, follows her; a call reaches her', async () => {
    const { page, context } = await h.newPage();
    await signUp(page, TEACHER.name, TEACHER.email, TEACHER.password);

    // Her profile: role, discipline, commune (shown at commune level only).
    await page.goto('/profil');
    await page.getByLabel(/^Présentation/).fill('Professeure de technologie au collège, je monte un club robotique.');
    await page.getByRole('checkbox', { name: 'Enseignant·e' }).check();
    await page.getByLabel(/^Discipline enseignée/).fill('Technologie');
    await page.getByRole('textbox', { name: /^Commune/ }).fill('Rennes');
    await page.getByRole('combobox', { name: 'Qui voit « Compétences » ?' }).selectOption('members');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.waitForURL(/\/membres\/sophie-technologie/);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(TEACHER.name);
    await expect(page.locator('main').textContent()).resolves.toContain('Rennes');

    // Her skills, chosen rather than typed: "3D" suggests "Impression 3D", the rest is ticked by family.
    await page.goto('/profil/competences');
    await page.getByRole('searchbox', { name: 'Chercher une compétence' }).fill('3D');
    await page.getByRole('button', { name: 'Chercher', exact: true }).click();
    await page.getByRole('checkbox', { name: 'Impression 3D' }).check();
    await page.locator('summary', { hasText: 'Pédagogie' }).click();
    await page.getByRole('checkbox', { name: 'Pédagogie de projet' }).check();
    await page.getByRole('combobox', { name: /^Niveau \(/ }).selectOption({ label: 'Je pratique' });
    await page.getByRole('button', { name: 'Ajouter', exact: true }).click();
    await page.waitForURL('**/profil/competences');
    const declared = page.locator('.my-skills');
    await expect(declared.textContent()).resolves.toContain('Pédagogie de projet');
    await expect(declared.textContent()).resolves.toContain('Impression 3D');
    // Her level changes where the skill is listed.
    await page.getByRole('combobox', { name: 'Niveau pour « Impression 3D »' }).selectOption({ label: 'Je peux transmettre' });
    await page.getByRole('button', { name: 'Changer (Impression 3D)' }).click();
    await page.waitForURL('**/profil/competences**');
    await expect(page.getByRole('combobox', { name: 'Niveau pour « Impression 3D »' }).inputValue()).resolves.toBe('3');
    await screenshot(page, 'my-skills');

    // Who can pass on laser cutting within 50 km of Rennes?
    await page.goto('/membres');
    await page.getByLabel('Rechercher une personne, une compétence, un rôle').fill('découpe laser');
    await page.getByRole('textbox', { name: 'Près de' }).fill('Rennes');
    await page.getByRole('combobox', { name: 'À moins de' }).selectOption('50');
    await page.getByRole('checkbox', { name: /peuvent transmettre/ }).check();
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await page.waitForURL(/transmet=1/);
    const results = page.locator('.member-list');
    await expect(results.getByRole('link', { name: FABMANAGER.displayName }).count()).resolves.toBe(1);
    await expect(results.getByRole('link', { name: FAR_FABMANAGER.displayName }).count()).resolves.toBe(0);
    await expect(results.locator('.member-card', { hasText: FABMANAGER.displayName }).textContent()).resolves.toMatch(/à \d+(,\d)? km/);
    // Narrowing to fabmanagers keeps her.
    await page.getByRole('checkbox', { name: /^Fabmanager/ }).check();
    await page.getByRole('button', { name: 'Appliquer les filtres' }).click();
    await page.waitForURL(/role=fabmanager/);
    await expect(results.getByRole('link', { name: FABMANAGER.displayName }).count()).resolves.toBe(1);
    await screenshot(page, 'members-near');

    // Her page: no e-mail anywhere; follow her.
    await results.getByRole('link', { name: FABMANAGER.displayName }).click();
    await page.waitForURL(/\/membres\/fanny-fabmanager/);
    expect(await page.content()).not.toContain(FABMANAGER.email);
    await page.getByRole('button', { name: 'Suivre' }).click();
    await page.waitForURL(/\/membres\/fanny-fabmanager/);
    await expect(page.locator('.notice-success').textContent()).resolves.toContain('Vous suivez maintenant');
    await expect(page.getByRole('button', { name: /Suivi ✓/ }).getAttribute('aria-pressed')).resolves.toBe('true');

    // The fabmanager's fablab asks for help with 3D printing, on site, within 50 km.
    const fab = await h.newPage();
    await signIn(fab.page, FABMANAGER.email, FABMANAGER.password);
    await fab.page.goto('/appels/nouveau');
    await fab.page.getByRole('textbox', { name: /^Titre/ }).fill('Encadrer un atelier impression 3D pour des collégiens');
    await fab.page.getByRole('textbox', { name: /^Votre besoin/ }).fill('Un mercredi après-midi par mois, avec une classe de 5e.');
    await fab.page.getByRole('textbox', { name: /^Compétences recherchées/ }).fill('impression 3D');
    await fab.page.getByRole('combobox', { name: 'Au nom d’un lieu' }).selectOption({ label: FABMANAGER.place });
    await fab.page.getByRole('combobox', { name: 'Distance maximale' }).selectOption('50');
    await fab.page.getByRole('checkbox', { name: 'Sur place' }).check();
    await fab.page.getByRole('button', { name: 'Publier l’appel' }).click();
    await fab.page.waitForURL(/\/appels\/encadrer-un-atelier/);
    const callUrl = new URL(fab.page.url()).pathname;
    // The call page lists the best-matched members and why.
    const matches = fab.page.locator('section', { hasText: 'Membres qui correspondent' });
    await expect(matches.textContent()).resolves.toContain(TEACHER.name);
    await expect(matches.textContent()).resolves.toContain('Impression 3D');
    await screenshot(fab.page, 'call-page');

    // The teacher sees it at the bell, then on her notifications page, and answers.
    await page.goto('/');
    await expect(page.getByRole('link', { name: /1 notification/ }).count()).resolves.toBe(1);
    await page.getByRole('link', { name: /1 notification/ }).click();
    await page.waitForURL('**/notifications');
    const note = page.getByRole('link', { name: /Un appel à compétences vous correspond/ });
    await expect(note.textContent()).resolves.toContain('Encadrer un atelier impression 3D');
    await screenshot(page, 'notifications');
    await note.click();
    await page.waitForURL(`**${callUrl}`);
    await page.getByRole('textbox', { name: /^Votre réponse/ }).fill('Avec plaisir, je peux venir le mercredi 9 décembre.');
    await page.getByRole('button', { name: 'Envoyer ma réponse' }).click();
    await page.waitForURL(`**${callUrl}`);
    await expect(page.locator('.notice-success[role=status]').textContent()).resolves.toContain('Réponse envoyée');

    // The poster reads the answer on the call page and closes it as fulfilled.
    await fab.page.goto(callUrl);
    await expect(fab.page.locator('main').textContent()).resolves.toContain('je peux venir le mercredi 9 décembre');
    await fab.page.getByRole('button', { name: 'J’ai trouvé' }).click();
    await fab.page.waitForURL(`**${callUrl}`);
    await expect(fab.page.locator('.notice-success[role=status]').textContent()).resolves.toContain('ayant trouvé réponse');

    await context.close();
    await fab.context.close();
  });
});

describe('accessibility of the community pages (axe-core: no serious or critical violation)', () => {
  it('signed out and signed in, including a form with errors', async () => {
    const { page, context } = await h.newPage();
    const firstLink = async (list: string, selector: string) => {
      await page.goto(list);
      return (await page.locator(selector).first().getAttribute('href')) ?? list;
    };
    const member = await firstLink('/membres', '.member-card h2 a');
    const skill = '/competences/decoupe-laser';
    const community = '/communautes/communaute-des-tiers-lieux-educatifs';
    const call = await firstLink('/appels', 'main li h2 a, main li h3 a');
    const report: Record<string, unknown> = {};
    const check = async (label: string) => {
      const violations = await axeViolations(page);
      if (violations.length > 0) {
        report[label] = violations;
      }
    };
    for (const path of [
      '/membres',
      '/membres?q=laser&pres=Rennes&km=50&transmet=1',
      member,
      '/competences',
      skill,
      '/communautes',
      community,
      '/appels',
      call,
    ]) {
      await page.goto(path);
      await check(path);
    }
    await signIn(page, FABMANAGER.email, FABMANAGER.password);
    for (const path of [
      '/profil',
      '/profil/competences',
      '/profil/photo',
      member,
      `${member}/competences/decoupe-laser`,
      community,
      `${community}/membres`,
      '/communautes/nouvelle',
      '/competences/proposer',
      '/appels/nouveau',
      call,
      '/notifications',
      '/messages',
    ]) {
      await page.goto(path);
      await check(path);
    }
    await page.goto('/appels/nouveau');
    await page.getByRole('button', { name: 'Publier l’appel' }).click();
    await check('/appels/nouveau (errors)');
    await page.goto('/profil/competences?q=vannerie+sous-marine');
    await page.getByRole('button', { name: 'Ajouter', exact: true }).click();
    await check('/profil/competences (nothing ticked)');
    const failures = Object.fromEntries(Object.entries(report).filter(([, v]) => Array.isArray(v) && v.length > 0));
    if (Object.keys(failures).length > 0) {
      fs.mkdirSync('e2e/screenshots', { recursive: true });
      fs.writeFileSync('e2e/screenshots/axe-report-community.json', JSON.stringify(failures, null, 2));
    }
    expect(failures).toEqual({});
    await context.close();
  });

  it('the directory and the profile form work with JavaScript turned off', async () => {
    const { page, context } = await h.newPage({ javaScriptEnabled: false });
    await page.goto('/membres');
    await page.getByRole('textbox', { name: 'Près de' }).fill('Rennes');
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await page.waitForURL(/pres=Rennes/);
    await expect(page.locator('.result-count').textContent()).resolves.toMatch(/membres?|Aucun/);
    await signIn(page, FABMANAGER.email, FABMANAGER.password);
    await page.goto('/profil');
    await page.getByLabel(/^Présentation/).fill('Texte modifié sans JavaScript.');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.waitForURL(/\/membres\/fanny-fabmanager/);
    await expect(page.locator('main').textContent()).resolves.toContain('Texte modifié sans JavaScript.');
    await context.close();
  });
});

describe('impact: a place enters its year, a referent reads the community’s dashboard and takes the funder’s PDF', () => {
  it('the fabmanager enters last year’s common core on her phone; as referent of her new community she adds her place and downloads the PDF', async () => {
    const year = new Date().getFullYear() - 1;
    const phone = { width: 360, height: 780 };
    const { page, context } = await h.newPage({ viewport: phone });
    await signIn(page, FABMANAGER.email, FABMANAGER.password);
    await page.goto('/lieux?q=lyc%C3%A9e+Vitr%C3%A9');
    await page.getByRole('link', { name: FABMANAGER.place }).first().click();
    const placePath = new URL(page.url()).pathname;
    await page.getByRole('link', { name: 'Chiffres d’impact' }).click();
    await page.goto(`${new URL(page.url()).pathname}/saisir?periode=${year}`);
    await page.getByLabel(/^Visiteurs accueillis/).fill('1 480');
    await page.getByLabel(/^Séances d’animation tenues/).fill('52');
    await page.getByLabel(/^Participants aux séances/).fill('moins de 700');
    await page.getByLabel(/^Élèves venus avec leur classe/).fill('410');
    await page.getByLabel(/^Familles/).fill('190');
    await page.getByLabel(/^Heures d’ouverture au public/).fill('1 120,5');
    await page.getByRole('button', { name: 'Enregistrer les chiffres' }).click();
    // A mistake: the form comes back with what was typed and says which figure is wrong.
    await expect(page.locator('.error-summary').textContent()).resolves.toContain('Écrivez un nombre');
    await expect(page.getByLabel(/^Visiteurs accueillis/).inputValue()).resolves.toBe('1 480');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel(/^Participants aux séances/).fill('680');
    await page.getByRole('button', { name: 'Enregistrer les chiffres' }).click();
    await page.waitForURL(/\/impact\/lieux\/[a-z0-9-]+\?annee=/);
    await expect(page.locator('.key-figures').first().textContent()).resolves.toContain('1\u202f480');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'impact-place-phone');

    // Her community of Vitré's places: she founds it, so she is its referent; she adds her place.
    await page.goto('/communautes/nouvelle');
    await page.getByLabel(/^Nom \(/).fill('Lieux éducatifs du pays de Vitré');
    await page.getByLabel(/^Échelon d’intervention/).selectOption('local');
    await page
      .getByLabel(/^Votre communauté en une phrase/)
      .fill('Les fablabs et médiathèques du pays de Vitré mettent leurs chiffres en commun.');
    await page.getByLabel(/^Objectifs de la communauté/).fill('Montrer aux financeurs ce que font nos lieux.');
    await page.getByLabel('Mesure de l’impact').check();
    await page.getByLabel('Jeunesse, Sports').check();
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.waitForURL(/\/communautes\/lieux-educatifs-du-pays-de-vitre/);
    const communityPath = new URL(page.url()).pathname;
    await page.goto(`${communityPath}/membres`);
    await page.getByLabel(/^Adresse de la page du lieu/).fill(`${h.url}${placePath}`);
    await page.getByRole('button', { name: 'Ajouter le lieu à la communauté' }).click();
    await page.waitForURL(`**${communityPath}/membres#lieux`);
    expect(await axeViolations(page)).toEqual([]);

    // The community's dashboard sums its places; the PDF is one page for a funder.
    await page.goto(communityPath);
    await page.getByRole('link', { name: 'Chiffres d’impact' }).click();
    await page.getByRole('link', { name: String(year), exact: true }).click();
    await expect(page.locator('main').textContent()).resolves.toContain('Chiffres saisis par 1 lieu');
    await expect(page.locator('svg[role="img"] title').first().textContent()).resolves.toBeTruthy();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'impact-community-phone');
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Synthèse pour un financeur (PDF)' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe(`impact-lieux-educatifs-du-pays-de-vitre-${year}.pdf`);
    const bytes = fs.readFileSync((await file.path()) ?? '');
    const { getDocumentProxy, extractText } = await import('unpdf');
    const pdf = await getDocumentProxy(new Uint8Array(bytes));
    expect(pdf.numPages).toBe(1);
    expect((await extractText(pdf, { mergePages: true })).text.replace(/\s+/g, ' ')).toContain('Visiteurs accueillis : 1 480 (saisi)');

    // The network's page, public: the map and the charts, without an account.
    const visitor = await h.newPage({ viewport: { width: 320, height: 640 } });
    await visitor.page.goto(`/impact?annee=${year}`);
    await expect(visitor.page.locator('svg.france-map title').textContent()).resolves.toBe('Les lieux du réseau par région');
    expect(await visitor.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
    expect(await axeViolations(visitor.page)).toEqual([]);
    await screenshot(visitor.page, 'impact-network-phone');
    await visitor.context.close();
    await context.close();
  });
});
