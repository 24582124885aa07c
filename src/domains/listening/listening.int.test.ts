import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, placeRunBy, signedInMember, TestClient, type TestContext } from '../../../test/app.ts';
import { queryRows } from '../../db/client.ts';
import { questionsAsForm, templateQuestions } from './listening.questions.ts';
import { questionnaireAnswers, questionnaires } from './listening.schema.ts';
import { ANSWERS_PER_ADDRESS, answerFormProof, submitAnswer } from './listening.service.ts';

let ctx: TestContext;
let team: Awaited<ReturnType<typeof signedInMember>>;
let moderator: Awaited<ReturnType<typeof signedInMember>>;
let stranger: Awaited<ReturnType<typeof signedInMember>>;
let placeSlug: string;

beforeAll(async () => {
  ctx = await createTestContext();
  moderator = await signedInMember(ctx, { role: 'moderator', displayName: 'Modératrice' });
  team = await signedInMember(ctx, { displayName: 'Léa Fabmanageuse' });
  stranger = await signedInMember(ctx, { displayName: 'Sam Ailleurs' });
  placeSlug = await placeRunBy(moderator, team, 'Fablab de l’Écoute & Compagnie');
});
afterAll(async () => {
  await ctx?.close();
});

const visitForm = (overrides: Record<string, string> = {}) => ({
  place: placeSlug,
  title: 'Votre visite',
  intro: 'Une minute, anonyme.',
  ...(questionsAsForm(templateQuestions('visite')) as Record<string, string>),
  ...overrides,
});

async function createQuestionnaire(overrides: Record<string, string> = {}) {
  const res = await team.client.post('/ecoute/nouveau', visitForm(overrides));
  expect(res.status, await res.clone().text()).toBe(303);
  const id = (res.headers.get('location') ?? '').replace('/ecoute/', '');
  const [row] = await ctx.deps.db.select().from(questionnaires).where(eq(questionnaires.id, id));
  return row as typeof questionnaires.$inferSelect;
}

/** A visitor who opened the form `seconds` ago: the proof the page would have given them then. */
const openedAgo = (id: string, seconds = 20) => answerFormProof(ctx.deps, id, Date.now() - seconds * 1000);

/** The visit template's answers: q1 rating, q2 single (Oui/Non), q3 multiple (optional), q4 rating, q5 long text (optional). */
const answer = (a: { q1: number; q2: string; q3?: string[]; q4: number; q5?: string }) => ({
  r_q1: String(a.q1),
  r_q2: a.q2,
  ...(a.q3 ? { r_q3: a.q3 } : {}),
  r_q4: String(a.q4),
  ...(a.q5 ? { r_q5: a.q5 } : {}),
});

async function answerCount(id: string) {
  const rows = await queryRows<{ n: number }>(
    ctx.deps.db,
    sql`select count(*)::int as n from questionnaire_answers where questionnaire_id = ${id}`,
  );
  return rows[0]?.n ?? 0;
}

describe('a questionnaire at the door', () => {
  it('starts from the "Votre visite" template, prefilled and changeable', async () => {
    const page = await (await team.client.get(`/ecoute/nouveau?lieu=${placeSlug}&modele=visite`)).text();
    expect(page).toContain('Dans l’ensemble, comment s’est passée votre visite ?');
    expect(page).toContain('name="q4_label"');
    const blank = await (await team.client.get(`/ecoute/nouveau?lieu=${placeSlug}&modele=vide`)).text();
    expect(blank).not.toContain('Est-ce votre première visite ?');
  });

  it('refuses a choice question without choices and keeps what was typed', async () => {
    const res = await team.client.post('/ecoute/nouveau', {
      place: placeSlug,
      title: 'Atelier robots',
      q0_label: 'Quel robot avez-vous préféré ?',
      q0_kind: 'single',
      q0_options: 'Thymio',
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('Donnez de 2 à 12 choix, un par ligne.');
    expect(html).toContain('Quel robot avez-vous préféré ?');
    expect(html).toContain('Atelier robots');
  });

  it('is answered without an account, and the stored answer holds nothing that leads to a person', async () => {
    const q = await createQuestionnaire();
    expect(q.code).toMatch(/^[a-hjkmnp-z2-9]{6}$/);
    const visitor = new TestClient(ctx, '198.51.100.23');
    const form = await visitor.get(`/avis/${q.code}`);
    expect(form.status).toBe(200);
    const html = await form.text();
    expect(html).toContain('Fablab de l’Écoute &amp; Compagnie');
    expect(html).toContain('Anonyme');
    expect(html).toContain('name="site_web"');

    const res = await visitor.post(`/avis/${q.code}`, {
      ...answer({ q1: 5, q2: 'Oui', q3: ['Utiliser les machines', 'Avancer sur un projet'], q4: 4, q5: 'Plus de créneaux le mercredi.' }),
      debut: await openedAgo(q.id),
      site_web: '',
    });
    expect(res.status, await res.clone().text()).toBe(303);
    expect(res.headers.get('location')).toBe(`/avis/${q.code}/merci`);
    expect(await (await visitor.get(`/avis/${q.code}/merci`)).text()).toContain('Merci pour vos réponses');

    // The row's columns, all of them: the questionnaire, the day, the values, its ratings' sum and count, the hidden mark.
    const rows = await queryRows<Record<string, unknown>>(
      ctx.deps.db,
      sql`select * from questionnaire_answers where questionnaire_id = ${q.id}`,
    );
    expect(rows).toHaveLength(1);
    const row = rows[0] as Record<string, unknown>;
    expect(Object.keys(row).sort()).toEqual([
      'answered_on',
      'answers',
      'id',
      'questionnaire_id',
      'rating_count',
      'rating_sum',
      'texts_hidden_at',
    ]);
    expect([row.rating_sum, row.rating_count]).toEqual([9, 2]);
    expect(row.answers).toEqual({
      q1: 5,
      q2: 'Oui',
      q3: ['Utiliser les machines', 'Avancer sur un projet'],
      q4: 4,
      q5: 'Plus de créneaux le mercredi.',
    });
    expect(String(row.answered_on)).toMatch(/^\d{4}-\d{2}-\d{2}$|\d{4}/);
    const stored = JSON.stringify(row);
    expect(stored).not.toContain('198.51.100.23');
    for (const cookie of visitor.cookies.values()) {
      expect(stored).not.toContain(cookie);
    }
    // Nothing written elsewhere either: no session for the visitor, no audit line with the address.
    const audit = await queryRows<{ n: number }>(
      ctx.deps.db,
      sql`select count(*)::int as n from audit_events where payload::text like ${'%198.51.100.23%'}`,
    );
    expect(audit[0]?.n).toBe(0);
  });

  it('refuses robots: the honeypot filled, a form sent back at once, a proof made up', async () => {
    const q = await createQuestionnaire({ title: 'Robots' });
    const visitor = new TestClient(ctx, '198.51.100.40');
    const honeypot = await visitor.post(`/avis/${q.code}`, {
      ...answer({ q1: 1, q2: 'Non', q4: 1 }),
      debut: await openedAgo(q.id),
      site_web: 'http://spam.example',
    });
    expect(honeypot.status).toBe(400);

    const page = await (await visitor.get(`/avis/${q.code}`)).text();
    const proof = /name="debut" value="([^"]+)"/.exec(page)?.[1] ?? '';
    const tooFast = await visitor.post(`/avis/${q.code}`, { ...answer({ q1: 2, q2: 'Non', q4: 3, q5: 'Gardez ce texte' }), debut: proof });
    expect(tooFast.status).toBe(400);
    const again = await tooFast.text();
    expect(again).toContain('C’était très rapide');
    expect(again).toContain('Gardez ce texte');
    // A fresh proof comes with the form shown again.
    expect(/name="debut" value="([^"]+)"/.exec(again)?.[1]).not.toBe(proof);

    const forged = await visitor.post(`/avis/${q.code}`, {
      ...answer({ q1: 2, q2: 'Non', q4: 3 }),
      debut: `${Date.now() - 60_000}.${'A'.repeat(43)}`,
    });
    expect(forged.status).toBe(400);
    const stale = await visitor.post(`/avis/${q.code}`, {
      ...answer({ q1: 2, q2: 'Non', q4: 3 }),
      debut: await openedAgo(q.id, 13 * 3600),
    });
    expect(stale.status).toBe(400);
    expect(await stale.text()).toContain('ouvert depuis longtemps');
    expect(await answerCount(q.id)).toBe(0);
  });

  it('says which answer is missing or wrong, keeping the others', async () => {
    const q = await createQuestionnaire({ title: 'Manques' });
    const visitor = new TestClient(ctx, '198.51.100.41');
    const res = await visitor.post(`/avis/${q.code}`, {
      r_q1: '7',
      r_q2: 'Peut-être',
      r_q5: 'Mon texte reste là',
      debut: await openedAgo(q.id),
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('Choisissez une note de 1 à 5.');
    expect(html).toContain('Choisissez parmi les réponses proposées.');
    expect(html).toContain('Cette question attend une réponse.');
    expect(html).toContain('Mon texte reste là');
    expect(await answerCount(q.id)).toBe(0);
  });

  it('throttles a flood from one address politely, while another address still answers', async () => {
    const q = await createQuestionnaire({ title: 'Affluence' });
    const classroom = new TestClient(ctx, '198.51.100.60');
    for (let i = 0; i < ANSWERS_PER_ADDRESS.max; i++) {
      const res = await classroom.post(`/avis/${q.code}`, { ...answer({ q1: 4, q2: 'Oui', q4: 4 }), debut: await openedAgo(q.id) });
      expect(res.status).toBe(303);
    }
    const flood = await classroom.post(`/avis/${q.code}`, {
      ...answer({ q1: 1, q2: 'Non', q4: 1, q5: 'Texte gardé' }),
      debut: await openedAgo(q.id),
    });
    expect(flood.status).toBe(429);
    expect(Number(flood.headers.get('retry-after'))).toBeGreaterThan(0);
    const html = await flood.text();
    expect(html).toContain('Beaucoup de réponses sont arrivées d’ici en peu de temps');
    expect(html).toContain('Texte gardé');
    const neighbour = new TestClient(ctx, '198.51.100.61');
    expect((await neighbour.post(`/avis/${q.code}`, { ...answer({ q1: 3, q2: 'Non', q4: 3 }), debut: await openedAgo(q.id) })).status).toBe(
      303,
    );
    expect(await answerCount(q.id)).toBe(ANSWERS_PER_ADDRESS.max + 1);
  });

  it('asks consent when personal data is asked, and says why', async () => {
    const missing = await team.client.post('/ecoute/nouveau', visitForm({ title: 'Recontact', personalData: 'on' }));
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain('Dites pourquoi vous demandez des données personnelles.');
    const q = await createQuestionnaire({
      title: 'Recontact',
      personalData: 'on',
      purpose: 'Pour vous recontacter au sujet du prochain atelier.',
    });
    const visitor = new TestClient(ctx, '198.51.100.42');
    const page = await (await visitor.get(`/avis/${q.code}`)).text();
    expect(page).toContain('Pour vous recontacter au sujet du prochain atelier.');
    const refused = await visitor.post(`/avis/${q.code}`, { ...answer({ q1: 4, q2: 'Oui', q4: 4 }), debut: await openedAgo(q.id) });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('Cochez la case pour accepter');
    const ok = await visitor.post(`/avis/${q.code}`, {
      ...answer({ q1: 4, q2: 'Oui', q4: 4 }),
      debut: await openedAgo(q.id),
      consentement: 'on',
    });
    expect(ok.status).toBe(303);
  });
});

describe('what the team reads', () => {
  let q: typeof questionnaires.$inferSelect;
  const given = [
    { q1: 5, q2: 'Oui', q3: ['Utiliser les machines'], q4: 5, q5: 'Super accueil & des <machines> au top' },
    { q1: 4, q2: 'Oui', q3: ['Utiliser les machines', 'Découvrir le lieu'], q4: 3 },
    { q1: 4, q2: 'Non', q4: 4, q5: '=HYPERLINK("http://example.org","clic")' },
    { q1: 2, q2: 'Non', q3: ['Autre chose'], q4: 2, q5: 'Des insultes ici' },
    { q1: 5, q2: 'Oui', q4: 5 },
  ];

  beforeAll(async () => {
    q = await createQuestionnaire({ title: 'Bilan du trimestre' });
    const now = Date.now();
    // Two answers last month (through the service, with that month's clock), the rest today.
    const lastMonth = now - 35 * 86_400_000;
    for (const [i, a] of given.entries()) {
      const at = i < 2 ? lastMonth : now;
      await submitAnswer(
        ctx.deps,
        q.code,
        { ...answer(a), debut: await answerFormProof(ctx.deps, q.id, at - 20_000) },
        { ip: `192.0.2.${i + 1}`, now: at },
      );
    }
  });

  it('shows each question as a chart with a title, a description and its figures as a table', async () => {
    const res = await team.client.get(`/ecoute/${q.id}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('5 réponses');
    // q1: ratings 5, 4, 4, 2, 5 → two 5s, two 4s, one 2; average 4.0.
    expect(html).toContain('<title id="graphique-q1-titre">Réponses à « Dans l’ensemble, comment s’est passée votre visite ? »</title>');
    expect(html).toMatch(
      /<desc id="graphique-q1-desc">Diagramme en barres, 5 réponses : Note 1 : 0, Note 2 : 1, Note 3 : 0, Note 4 : 2, Note 5 : 2\.<\/desc>/,
    );
    expect(html).toContain('moyenne 4,0 sur 5');
    const q1Table = html.slice(html.indexOf('Réponses à « Dans l’ensemble, comment s’est passée votre visite ? », en chiffres'));
    expect(q1Table).toMatch(/<th scope="row">Note 4<\/th><td>2<\/td>/);
    // q3 (several choices): each choice counted, 3 people answered it.
    expect(html).toMatch(/Réponses à « Qu’est-ce qui vous amène aujourd’hui \? »[\s\S]*?Utiliser les machines<\/th><td>2<\/td>/);
    expect(html).toContain('3 personnes ont répondu');
    // Ratings by month: two months.
    expect(html).toContain('graphique-q1-mois-titre');
    // Written answers, escaped.
    expect(html).toContain('Super accueil &amp; des &lt;machines&gt; au top');
    expect(html).not.toContain('<machines>');
  });

  it('adds up: the counts in the database equal the answers given', async () => {
    const rows = await ctx.deps.db.select().from(questionnaireAnswers).where(eq(questionnaireAnswers.questionnaireId, q.id));
    expect(rows).toHaveLength(given.length);
    const oui = rows.filter((r) => r.answers.q2 === 'Oui').length;
    expect(oui).toBe(given.filter((g) => g.q2 === 'Oui').length);
    const html = await (await team.client.get(`/ecoute/${q.id}`)).text();
    expect(html).toMatch(new RegExp(`<th scope="row">Oui</th><td>${oui}</td>`));
  });

  it('hides an abusive answer from the page and the export, and can show it again', async () => {
    const [row] = await queryRows<{ id: string }>(
      ctx.deps.db,
      sql`select id from questionnaire_answers where questionnaire_id = ${q.id} and answers->>'q5' = 'Des insultes ici'`,
    );
    const hide = await team.client.post(`/ecoute/${q.id}/reponses/${row?.id}/masquer`);
    expect(hide.status).toBe(303);
    const html = await (await team.client.get(`/ecoute/${q.id}`)).text();
    expect(html).toContain('Réponse masquée par l’équipe');
    const csv = await (await team.client.get(`/ecoute/${q.id}/reponses.csv`)).text();
    expect(csv).not.toContain('Des insultes ici');
    expect(csv).toContain('(masquée par l’équipe)');
    expect((await stranger.client.post(`/ecoute/${q.id}/reponses/${row?.id}/afficher`)).status).toBe(404);
    expect((await team.client.post(`/ecoute/${q.id}/reponses/${row?.id}/afficher`)).status).toBe(303);
    expect(await (await team.client.get(`/ecoute/${q.id}/reponses.csv`)).text()).toContain('Des insultes ici');
  });

  it('exports every answer as a CSV a French spreadsheet opens, formulas neutralised', async () => {
    const { parse } = await import('csv-parse/sync');
    const res = await team.client.get(`/ecoute/${q.id}/reponses.csv`);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(bytes.subarray(3).toString('utf8'), { delimiter: ';' }) as string[][];
    expect(rows[0]).toEqual(['Jour', ...templateQuestions('visite').map((x) => x.label)]);
    expect(rows).toHaveLength(given.length + 1);
    expect(rows.flat()).toContain('Utiliser les machines | Découvrir le lieu');
    expect(rows.flat()).toContain(`'=HYPERLINK("http://example.org","clic")`);
  });

  it('draws a poster whose QR code (read by an independent decoder) and written address lead to the questionnaire', async () => {
    const svgRes = await team.client.get(`/ecoute/${q.id}/affiche.svg`);
    expect(svgRes.headers.get('content-type')).toContain('image/svg+xml');
    const svg = await svgRes.text();
    const url = `http://localhost:3000/avis/${q.code}`;
    expect(svg).toContain(url);
    expect(svg).toContain('Fablab de l’Écoute &amp; Compagnie');
    const { default: sharp } = await import('sharp');
    const { data, info } = await sharp(Buffer.from(svg), { density: 150 }).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    const { default: jsQR } = await import('jsqr');
    expect(jsQR(new Uint8ClampedArray(data), info.width, info.height)?.data).toBe(url);

    const pdfRes = await team.client.get(`/ecoute/${q.id}/affiche.pdf`);
    expect(pdfRes.headers.get('content-type')).toBe('application/pdf');
    const { getDocumentProxy, extractText, getMeta } = await import('unpdf');
    const pdf = await getDocumentProxy(new Uint8Array(await pdfRes.arrayBuffer()));
    expect(pdf.numPages).toBe(1);
    expect((await getMeta(pdf)).info.Language).toBe('fr-FR');
    const words = (await extractText(pdf, { mergePages: true })).text.replace(/\s+/g, ' ');
    expect(words).toContain('Donnez-nous votre avis');
    expect(words).toContain(url);
  });

  it('keeps the questions once answered; the title still changes', async () => {
    const res = await team.client.post(`/ecoute/${q.id}/modifier`, {
      ...visitForm({ title: 'Bilan du trimestre (automne)', q0_label: 'Une autre question' }),
    });
    expect(res.status, await res.clone().text()).toBe(303);
    const [row] = await ctx.deps.db.select().from(questionnaires).where(eq(questionnaires.id, q.id));
    expect(row?.title).toBe('Bilan du trimestre (automne)');
    expect(row?.questions[0]?.label).toBe('Dans l’ensemble, comment s’est passée votre visite ?');
  });

  it('is the team’s only: another member and a visitor get nothing', async () => {
    for (const path of [`/ecoute/${q.id}`, `/ecoute/${q.id}/reponses.csv`, `/ecoute/${q.id}/affiche.pdf`, `/ecoute/${q.id}/modifier`]) {
      expect((await stranger.client.get(path)).status, path).toBe(404);
      expect((await new TestClient(ctx).get(path)).status, path).toBe(303);
    }
    expect((await stranger.client.post(`/ecoute/${q.id}/fermer`)).status).toBe(404);
    expect(
      (await stranger.client.post(`/ecoute/${q.id}/notes`, { youSaid: 'Vous nous avez dit…', weDid: 'Rien du tout ici' })).status,
    ).toBe(404);
    expect((await moderator.client.get(`/ecoute/${q.id}`)).status).toBe(200);
  });

  it('publishes a "vous nous avez dit / nous avons fait" note on the place’s page', async () => {
    const visitor = new TestClient(ctx);
    const before = await (await visitor.get(`/lieux/${placeSlug}`)).text();
    expect(before).not.toContain('Le lieu ouvre désormais le mercredi');
    const short = await team.client.post(`/ecoute/${q.id}/notes`, {
      youSaid: 'Ah',
      weDid: 'Le lieu ouvre désormais le mercredi jusqu’à 19 h.',
    });
    expect(short.status).toBe(400);
    expect(await short.text()).toContain('Le lieu ouvre désormais le mercredi jusqu’à 19 h.');
    const res = await team.client.post(`/ecoute/${q.id}/notes`, {
      youSaid: 'Les horaires du mercredi ne conviennent pas aux familles.',
      weDid: 'Le lieu ouvre désormais le mercredi jusqu’à 19 h.',
    });
    expect(res.status).toBe(303);
    const after = await (await visitor.get(`/lieux/${placeSlug}`)).text();
    expect(after).toContain('Vous nous avez dit :');
    expect(after).toContain('Le lieu ouvre désormais le mercredi jusqu’à 19 h.');
    expect(after).toContain(`href="/avis/${q.code}"`);
  });

  it('closed, refuses answers with a clear message (409) and says so on its page', async () => {
    expect((await team.client.post(`/ecoute/${q.id}/fermer`)).status).toBe(303);
    const visitor = new TestClient(ctx, '198.51.100.80');
    expect(await (await visitor.get(`/avis/${q.code}`)).text()).toContain('Ce questionnaire est fermé');
    const late = await visitor.post(`/avis/${q.code}`, { ...answer({ q1: 3, q2: 'Oui', q4: 3 }), debut: await openedAgo(q.id) });
    expect(late.status).toBe(409);
    expect(await answerCount(q.id)).toBe(given.length);
    const place = await (await visitor.get(`/lieux/${placeSlug}`)).text();
    expect(place).not.toContain(`href="/avis/${q.code}"`);
    expect((await team.client.post(`/ecoute/${q.id}/ouvrir`)).status).toBe(303);
  });

  it('is unknown at a code that does not exist', async () => {
    expect((await new TestClient(ctx).get('/avis/zzzzzz')).status).toBe(404);
    expect((await new TestClient(ctx).get('/avis/../../etc')).status).toBe(404);
  });
});

describe('what members say of the platform', () => {
  it('reaches the moderators, who read it in one place', async () => {
    const form = await (await stranger.client.get('/avis-plateforme?depuis=/carte')).text();
    expect(form).toContain('value="/carte"');
    const empty = await stranger.client.post('/avis-plateforme', { body: '', page: '/carte' });
    expect(empty.status).toBe(400);
    const res = await stranger.client.post('/avis-plateforme', { body: 'La carte met du temps à s’afficher au collège.', page: '/carte' });
    expect(res.status).toBe(303);
    expect((await stranger.client.get('/moderation/avis')).status).toBe(403);
    const queue = await (await moderator.client.get('/moderation')).text();
    expect(queue).toMatch(/<a href="\/moderation\/avis">Avis sur la plateforme<\/a><\/h2><p class="queue-count"><strong>1<\/strong>/);
    const bell = await (await moderator.client.get('/notifications')).text();
    expect(bell).toContain('Un membre a donné son avis sur la plateforme');
    const page = await (await moderator.client.get('/moderation/avis')).text();
    expect(page).toContain('La carte met du temps à s’afficher au collège.');
    expect(page).toContain('Sam Ailleurs');
    expect(page).not.toContain('@example.org');
    // Visitors are asked to sign in first.
    expect((await new TestClient(ctx).get('/avis-plateforme')).status).toBe(303);
  });
});
