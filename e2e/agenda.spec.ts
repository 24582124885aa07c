import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, axeViolations, type Harness, screenshot, signIn, startHarness } from './harness.ts';
import { FABMANAGER, PARENTS, TEACHER } from './personas.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const PHONE = { width: 360, height: 780 };

/** The Wednesday at least a week away, as a date field wants it. */
function nextWednesday(): string {
  const d = new Date(Date.now() + 7 * 86_400_000);
  d.setUTCDate(d.getUTCDate() + ((3 - d.getUTCDay() + 7) % 7));
  return d.toISOString().slice(0, 10);
}

describe('the agenda: a weekly workshop, full, a waiting list, a place freed by an e-mail link', () => {
  it('a fabmanager creates a weekly workshop for 12 with 2 kept; families fill it; a teacher waits on her phone, then gets the place one of them frees', async () => {
    const title = 'Atelier Arduino du mercredi';
    const first = nextWednesday();
    const until = new Date(Date.parse(first) + 21 * 86_400_000).toISOString().slice(0, 10);

    // The fabmanager announces it: every Wednesday for four weeks, 12 places, 2 kept for her team.
    const fanny = await h.newPage({ viewport: PHONE });
    await signIn(fanny.page, FABMANAGER.email, FABMANAGER.password);
    await fanny.page.goto('/agenda/nouveau');
    await fanny.page.getByLabel(/^Titre/).fill(title);
    await fanny.page.getByLabel(/^Description/).fill('Programmer une carte **Arduino** : une LED, un capteur, un petit jeu.');
    await expect(fanny.page.getByLabel(/^Organisé par le lieu/).inputValue()).resolves.not.toBe('');
    await fanny.page.getByLabel(/^Date \(ou première séance\)/).fill(first);
    await fanny.page.getByLabel(/^Début/).fill('14:00');
    await fanny.page.getByLabel(/^Fin/).fill('16:00');
    await fanny.page.getByLabel(/^Répétition/).selectOption('weekly');
    await fanny.page.getByLabel(/^Jusqu’au/).fill(until);
    await fanny.page.getByLabel(/^Capacité/).fill('12');
    await fanny.page.getByLabel(/^Places réservées/).fill('2');
    expect(await axeViolations(fanny.page)).toEqual([]);
    await screenshot(fanny.page, 'agenda-new-event');
    await fanny.page.getByRole('button', { name: 'Publier l’événement' }).click();
    await fanny.page.waitForURL(/\/agenda\/atelier-arduino-du-mercredi/);
    await expect(fanny.page.locator('.notice-success').first().textContent()).resolves.toContain('toutes ses séances');
    await expect(fanny.page.getByRole('heading', { level: 2, name: '4 séances à venir' }).count()).resolves.toBe(1);
    const eventPath = new URL(fanny.page.url()).pathname;

    // Two families fill the first Wednesday: 5 places each, the 10 offered.
    for (const parent of PARENTS) {
      const p = await h.newPage({ viewport: PHONE });
      await signIn(p.page, parent.email, parent.password);
      await p.page.goto(eventPath);
      const firstSession = p.page.locator('li.session').first();
      await firstSession.locator('summary', { hasText: 'S’inscrire' }).click();
      await firstSession.getByLabel(/^Accompagnants/).fill('4');
      await firstSession.getByRole('button', { name: 'Confirmer mon inscription' }).click();
      await p.page.waitForURL(`**${eventPath}`);
      await expect(p.page.locator('.notice-success').first().textContent()).resolves.toContain('Vous êtes inscrit·e');
      await p.context.close();
    }

    // The teacher, on her phone: it is full, she joins the waiting list.
    const teacher = await h.newPage({ viewport: PHONE });
    await signIn(teacher.page, TEACHER.email, TEACHER.password);
    await teacher.page.goto(eventPath);
    const session = teacher.page.locator('li.session').first();
    await expect(session.textContent()).resolves.toContain('Complet');
    await session.locator('summary', { hasText: 'M’inscrire sur la liste d’attente' }).click();
    await session.getByRole('button', { name: 'M’inscrire sur la liste d’attente' }).click();
    await teacher.page.waitForURL(`**${eventPath}`);
    await expect(teacher.page.locator('li.session').first().textContent()).resolves.toContain('liste d’attente (position 1)');
    expect(await axeViolations(teacher.page)).toEqual([]);
    await screenshot(teacher.page, 'agenda-waiting-list-phone');

    // Paul cannot come: the link in his confirmation e-mail cancels, without signing in.
    const admin = await h.newPage();
    admin.page.setDefaultTimeout(20_000);
    await signIn(admin.page, ADMIN.email, ADMIN.password);
    await admin.page.goto('/admin/outbox');
    const cancelLink = await admin.page
      .locator('article.mail', { hasText: PARENTS[0]?.email ?? '' })
      .filter({ hasText: 'Inscription confirmée' })
      .first()
      .locator('a[href*="/agenda/annulation/"]')
      .getAttribute('href');
    expect(cancelLink).toBeTruthy();
    const anyone = await h.newPage({ viewport: PHONE });
    anyone.page.setDefaultTimeout(20_000);
    admin.page.setDefaultTimeout(20_000);
    await anyone.page.goto(cancelLink ?? '');
    await anyone.page.getByRole('button', { name: 'Annuler mon inscription' }).click();
    await expect(anyone.page.locator('.notice-success').first().textContent()).resolves.toContain('Votre inscription est annulée');

    // The teacher, first in line, has the place, and was told by e-mail.
    await teacher.page.goto(eventPath);
    await expect(teacher.page.locator('li.session').first().textContent()).resolves.toContain('Vous êtes inscrit·e');
    await admin.page.goto('/admin/outbox');
    await expect(
      admin.page.locator('article.mail', { hasText: TEACHER.email }).filter({ hasText: 'Une place s’est libérée' }).count(),
    ).resolves.toBe(1);

    // The month view, without JavaScript, shows each Wednesday; the organiser sees who comes.
    const noScript = await h.newPage({ viewport: PHONE, javaScriptEnabled: false });
    await noScript.page.goto(`/agenda/mois?mois=${first.slice(0, 7)}`);
    await expect(noScript.page.locator('.month-grid').textContent()).resolves.toContain(title);
    await screenshot(noScript.page, 'agenda-month-phone');
    // (axe runs in the page: it needs JavaScript.)
    await teacher.page.goto(`/agenda/mois?mois=${first.slice(0, 7)}`);
    expect(await axeViolations(teacher.page)).toEqual([]);
    // The place's page shows its agenda.
    await noScript.page.goto(eventPath);
    await noScript.page.getByRole('link', { name: FABMANAGER.place }).first().click();
    await expect(noScript.page.locator('#agenda-du-lieu').count()).resolves.toBe(1);
    await expect(noScript.page.locator('main').textContent()).resolves.toContain(title);
    await fanny.page.goto(`${eventPath}/gerer`);
    const manage = (await fanny.page.locator('main').textContent()) ?? '';
    expect(manage).toContain(TEACHER.displayName);
    expect(manage).toContain(PARENTS[1]?.displayName ?? '');
    expect(manage).not.toContain(PARENTS[0]?.displayName ?? '');
    expect(manage).not.toContain('@example.org');
    expect(await axeViolations(fanny.page)).toEqual([]);

    for (const p of [fanny, teacher, admin, anyone, noScript]) {
      await p.context.close();
    }
  });
});

describe('service offers: a member asks for machine time, the team answers it', () => {
  it('the fabmanager offers laser-cutter time; the teacher asks on her phone; the team answers “Réalisée”; she gives her opinion', async () => {
    const fanny = await h.newPage({ viewport: PHONE });
    await signIn(fanny.page, FABMANAGER.email, FABMANAGER.password);
    await fanny.page.goto('/services/nouveau');
    await fanny.page.getByLabel(/^Proposé par/).selectOption({ label: FABMANAGER.place });
    await fanny.page.getByLabel(/^Intitulé/).fill('Une heure de découpeuse laser');
    await fanny.page.getByLabel(/^Type de service/).selectOption('usage-machines');
    await fanny.page.getByLabel(/^Description/).fill('Avec Fanny : on vérifie votre fichier, puis on découpe. Bois et carton fournis.');
    await fanny.page.getByLabel(/^Durée/).fill('1 heure');
    await fanny.page.getByLabel(/^Qui répond/).fill('Fanny, fabmanageuse');
    expect(await axeViolations(fanny.page)).toEqual([]);
    await fanny.page.getByRole('button', { name: 'Publier l’offre' }).click();
    await fanny.page.waitForURL(/\/services\/une-heure-de-decoupeuse-laser/);
    const offerPath = new URL(fanny.page.url()).pathname;

    // The teacher finds it on /services, on her phone, and asks.
    const teacher = await h.newPage({ viewport: PHONE });
    await signIn(teacher.page, TEACHER.email, TEACHER.password);
    await teacher.page.goto('/services?type=usage-machines&q=d%C3%A9coupeuse');
    expect(await axeViolations(teacher.page)).toEqual([]);
    await screenshot(teacher.page, 'services-list-phone');
    await teacher.page.getByRole('link', { name: 'Une heure de découpeuse laser' }).first().click();
    await teacher.page.waitForURL(`**${offerPath}`);
    await teacher.page
      .getByLabel(/^Votre demande/)
      .fill('Bonjour ! Je voudrais découper les pièces d’une maquette avec ma classe de 4e, un mercredi.');
    await teacher.page.getByRole('button', { name: 'Envoyer la demande' }).click();
    await teacher.page.waitForURL(/\/services\/demandes\/[0-9a-f-]{36}/);
    const requestPath = new URL(teacher.page.url()).pathname;
    await expect(teacher.page.locator('.request-steps [aria-current]').textContent()).resolves.toBe('Reçue');

    // The team sees it in its queue and answers it in two steps.
    await fanny.page.goto('/services/demandes');
    await fanny.page
      .getByRole('link', { name: `Demande de ${TEACHER.displayName}` })
      .first()
      .click();
    await fanny.page.waitForURL(`**${requestPath}`);
    await fanny.page.getByLabel(/^Nouvel état de la demande/).selectOption('in_progress');
    await fanny.page.getByLabel(/^Un mot pour la personne/).fill('Mercredi 14 h, ça vous va ?');
    await fanny.page.getByRole('button', { name: 'Enregistrer la réponse' }).click();
    await fanny.page.waitForURL(`**${requestPath}`);
    await fanny.page.getByLabel(/^Nouvel état de la demande/).selectOption('done');
    await fanny.page.getByRole('button', { name: 'Enregistrer la réponse' }).click();
    await fanny.page.waitForURL(`**${requestPath}`);
    await expect(fanny.page.locator('.request-steps [aria-current]').textContent()).resolves.toBe('Réalisée');
    expect(await axeViolations(fanny.page)).toEqual([]);

    // The teacher reads the answer and gives her opinion.
    await teacher.page.goto(requestPath);
    await expect(teacher.page.locator('.thread').textContent()).resolves.toContain('Mercredi 14 h, ça vous va ?');
    await teacher.page.getByLabel('5 – tout à fait').check();
    await teacher.page.getByLabel(/^Un commentaire/).fill('Merci, les élèves étaient ravis.');
    expect(await axeViolations(teacher.page)).toEqual([]);
    await screenshot(teacher.page, 'services-request-done-phone');
    await teacher.page.getByRole('button', { name: 'Donner mon avis' }).click();
    await teacher.page.waitForURL(`**${requestPath}`);
    await expect(teacher.page.locator('main').textContent()).resolves.toContain('Satisfaction : 5 sur 5');

    // The place's page lists the offer.
    await teacher.page.goto(offerPath);
    await teacher.page.getByRole('link', { name: FABMANAGER.place }).first().click();
    await expect(teacher.page.locator('section[aria-labelledby="services-du-lieu"]').textContent()).resolves.toContain(
      'Une heure de découpeuse laser',
    );

    for (const p of [fanny, teacher]) {
      await p.context.close();
    }
  });
});

describe('listening to users: a poster at the door, anonymous answers, a note on the place’s page', () => {
  it('the fabmanager prepares “Votre visite”; a visitor answers on a 320 px phone without an account; the team reads the chart and publishes what it did', async () => {
    const fanny = await h.newPage({ viewport: PHONE });
    await signIn(fanny.page, FABMANAGER.email, FABMANAGER.password);
    // From her place's page to its listening page, then the template.
    await fanny.page.goto('/lieux?q=lyc%C3%A9e+Vitr%C3%A9');
    await fanny.page.getByRole('link', { name: FABMANAGER.place }).first().click();
    const placePath = new URL(fanny.page.url()).pathname;
    await fanny.page.getByRole('link', { name: 'Écoute des usagers' }).click();
    expect(await axeViolations(fanny.page)).toEqual([]);
    await fanny.page.getByLabel('le modèle « Votre visite »').check();
    await fanny.page.getByRole('button', { name: 'Préparer le questionnaire' }).click();
    await expect(
      fanny.page
        .getByRole('group', { name: 'Question 1', exact: true })
        .getByLabel(/^Ce que vous demandez/)
        .inputValue(),
    ).resolves.toBe('Dans l’ensemble, comment s’est passée votre visite ?');
    expect(await axeViolations(fanny.page)).toEqual([]);
    await fanny.page.getByRole('button', { name: 'Enregistrer le questionnaire' }).click();
    await fanny.page.waitForURL(/\/ecoute\/[0-9a-f-]{36}$/);
    const resultsPath = new URL(fanny.page.url()).pathname;
    const link = (await fanny.page.locator('.public-link a').textContent()) ?? '';
    expect(link).toMatch(/\/avis\/[a-z2-9]{6}$/);
    const pdf = await fanny.page.request.get(`${resultsPath}/affiche.pdf`);
    expect(pdf.headers()['content-type']).toBe('application/pdf');

    // A visitor scans the poster: a phone at 320 px, no account, nothing but the answers sent.
    const visitor = await h.newPage({ viewport: { width: 320, height: 640 } });
    await visitor.page.goto(new URL(link).pathname);
    const overflow = await visitor.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBe(0);
    expect(await axeViolations(visitor.page)).toEqual([]);
    const q1 = visitor.page.getByRole('group', { name: /comment s’est passée votre visite/ });
    await q1.getByLabel('5 sur 5').check();
    await visitor.page
      .getByRole('group', { name: /première visite/ })
      .getByLabel('Oui')
      .check();
    await visitor.page.getByLabel('Utiliser les machines').check();
    await visitor.page
      .getByRole('group', { name: /l’aide dont vous aviez besoin/ })
      .getByLabel('4 sur 5')
      .check();
    await visitor.page.getByLabel(/^Que pourrions-nous améliorer/).fill('Ouvrir plus tard le mercredi, pour les familles.');
    await screenshot(visitor.page, 'listening-answer-phone');
    // People take a few seconds to answer: a form sent back at once is a robot's.
    await visitor.page.waitForTimeout(3200);
    await visitor.page.getByRole('button', { name: 'Envoyer mes réponses' }).click();
    await visitor.page.waitForURL(/\/merci$/);
    await expect(visitor.page.locator('h1').textContent()).resolves.toBe('Merci pour vos réponses !');
    expect(await axeViolations(visitor.page)).toEqual([]);
    const cookies = await visitor.context.cookies();
    expect(cookies.map((c) => c.name)).not.toContain('tisserin_session');

    // The team reads the chart (an SVG with a title and the figures as a table), and answers.
    await fanny.page.goto(resultsPath);
    await expect(fanny.page.locator('svg[role="img"] title').first().textContent()).resolves.toContain('Réponses à « Dans l’ensemble');
    await expect(fanny.page.locator('table.chart-table').first().textContent()).resolves.toContain('Note 5');
    await expect(fanny.page.locator('#reponses-ecrites').textContent()).resolves.toContain('Ouvrir plus tard le mercredi');
    const fits = await fanny.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(fits).toBe(0);
    expect(await axeViolations(fanny.page)).toEqual([]);
    await screenshot(fanny.page, 'listening-results-phone');
    await fanny.page.getByRole('textbox', { name: /^Vous nous avez dit/ }).fill('Le mercredi, le lieu ferme trop tôt pour les familles.');
    await fanny.page.getByRole('textbox', { name: /^Nous avons fait/ }).fill('Le fablab ouvre désormais le mercredi jusqu’à 19 h.');
    await fanny.page.getByRole('button', { name: 'Publier sur la page du lieu' }).click();
    await fanny.page.waitForURL(`**${placePath}#ecoute-du-lieu`);

    // Anyone sees it on the place's page, without JavaScript.
    const noScript = await h.newPage({ viewport: PHONE, javaScriptEnabled: false });
    await noScript.page.goto(placePath);
    const section = noScript.page.locator('section[aria-labelledby="ecoute-du-lieu"]');
    await expect(section.textContent()).resolves.toContain('Le fablab ouvre désormais le mercredi jusqu’à 19 h.');
    await expect(section.getByRole('link', { name: /Donner mon avis/ }).count()).resolves.toBe(1);

    for (const p of [fanny, visitor, noScript]) {
      await p.context.close();
    }
  });
});
