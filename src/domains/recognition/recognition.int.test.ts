import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createMember,
  createTestContext,
  placeRunBy,
  projectForm,
  signedInMember,
  TestClient,
  type TestContext,
} from '../../../test/app.ts';
import { queryRows } from '../../db/client.ts';
import { exportPersonalData } from '../../lib/personal-data.ts';
import { loadReferenceSkills } from '../skills/skills.service.ts';

let ctx: TestContext;
type Signed = Awaited<ReturnType<typeof signedInMember>>;
let moderator: Signed;
let teacher: Signed;
let manager: Signed;
let otherManager: Signed;
let placeSlug: string;

const workshop = (fields: Record<string, string> = {}) => ({
  kind: 'animation',
  startedOn: '2026-03-04',
  endedOn: '',
  hours: '2',
  placeSlug,
  projectSlug: '',
  description: 'Atelier robotique avec une classe de 5e, le mercredi après-midi.',
  evidenceUrl: '',
  ...fields,
});

async function log(client: TestClient, fields: Record<string, string> = {}): Promise<string> {
  const res = await client.post('/reconnaissance/nouvelle', workshop(fields));
  expect(res.status, await res.clone().text()).toBe(303);
  const id = /\/reconnaissance\/([0-9a-f-]{36})$/.exec(res.headers.get('location') ?? '')?.[1];
  expect(id).toBeTruthy();
  return id ?? '';
}

const text = async (res: Response | Promise<Response>) => (await res).text();
const contributionCount = async () =>
  (await queryRows<{ n: number }>(ctx.deps.db, sql`select count(*)::int as n from contributions`))[0]?.n;

beforeAll(async () => {
  ctx = await createTestContext();
  moderator = await signedInMember(ctx, { role: 'moderator', displayName: 'Modératrice Réseau' });
  teacher = await signedInMember(ctx, { displayName: 'Camille Prof' });
  manager = await signedInMember(ctx, { displayName: 'Dominique Fabmanager' });
  otherManager = await signedInMember(ctx, { displayName: 'Eli Autre Lieu' });
  placeSlug = await placeRunBy(moderator, manager, 'Fablab du collège Pasteur');
  await placeRunBy(moderator, otherManager, 'Médiathèque des Tilleuls');
});
afterAll(async () => {
  await ctx?.close();
});

describe('logging and confirming a contribution at a place', () => {
  it('waits for the place’s team, who is told; only confirmed hours count', async () => {
    const id = await log(teacher.client);
    const page = await text(teacher.client.get(`/reconnaissance/${id}`));
    expect(page).toContain('En attente de confirmation');
    expect(page).toContain('L’équipe du lieu la confirme.');
    expect(page).not.toContain('value="confirm"');

    expect(await text(manager.client.get('/notifications'))).toContain('Camille Prof a déclaré une contribution à confirmer');
    expect(await text(otherManager.client.get('/notifications'))).not.toContain('Camille Prof a déclaré');
    const queue = await text(manager.client.get('/reconnaissance/a-confirmer'));
    expect(queue).toContain('1 contribution attend votre réponse');
    expect(queue).toContain(`/reconnaissance/${id}`);
    expect(await text(otherManager.client.get('/reconnaissance/a-confirmer'))).toContain('Aucune contribution n’attend votre réponse');

    // Pending: not in the totals, listed as waiting.
    let record = await text(teacher.client.get('/membres/camille-prof/reconnaissance'));
    expect(record).toContain('Aucune contribution confirmée');
    expect(record).toContain('En attente de confirmation');

    // Nobody confirms their own; another place's manager and a moderator cannot either (for them it does not even exist).
    expect((await teacher.client.post(`/reconnaissance/${id}/reponse`, { decision: 'confirm', message: '' })).status).toBe(403);
    for (const who of [otherManager, moderator]) {
      expect((await who.client.post(`/reconnaissance/${id}/reponse`, { decision: 'confirm', message: '' })).status).toBe(404);
      expect((await who.client.get(`/reconnaissance/${id}`)).status).toBe(404);
    }
    const confirmed = await manager.client.post(`/reconnaissance/${id}/reponse`, { decision: 'confirm', message: '' });
    expect(confirmed.status).toBe(303);
    expect(await text(teacher.client.get('/notifications'))).toContain('Dominique Fabmanager a confirmé votre contribution');
    // Answered once: a second answer is a conflict, not a silent change.
    expect((await manager.client.post(`/reconnaissance/${id}/reponse`, { decision: 'decline', message: 'Finalement non.' })).status).toBe(
      409,
    );

    record = await text(teacher.client.get('/membres/camille-prof/reconnaissance'));
    expect(record).toContain('2 h · 1 contribution');
    expect(record).toContain('Fablab du collège Pasteur');
    expect(record).toContain('Animation d’atelier');
    expect(record).toMatch(/<th scope="row">2026<\/th>/);
    const detail = await text(teacher.client.get(`/reconnaissance/${id}`));
    expect(detail).toContain('Confirmée par');
    expect(detail).toContain('Dominique Fabmanager');
    // Confirmed: no longer edited nor withdrawn.
    expect((await teacher.client.post(`/reconnaissance/${id}/modifier`, workshop({ hours: '5' }))).status).toBe(403);
    expect((await teacher.client.post(`/reconnaissance/${id}/retirer`)).status).toBe(403);
  });

  it('a change asked for goes back to its author, who corrects it; a refusal needs a reason', async () => {
    const id = await log(teacher.client, { startedOn: '2026-04-01', endedOn: '2026-04-03', hours: '10', kind: 'formation' });
    const noReason = await manager.client.post(`/reconnaissance/${id}/reponse`, { decision: 'request_changes', message: '' });
    expect(noReason.status).toBe(400);
    expect(await noReason.text()).toContain('Expliquez en quelques mots');
    expect(
      (await manager.client.post(`/reconnaissance/${id}/reponse`, { decision: 'request_changes', message: 'Combien d’heures par jour ?' }))
        .status,
    ).toBe(303);
    expect(await text(teacher.client.get('/notifications'))).toContain('demande une modification de votre contribution');
    const form = await text(teacher.client.get(`/reconnaissance/${id}/modifier`));
    expect(form).toContain('Combien d’heures par jour ?');
    expect(form).toContain('value="10"');
    const fixed = await teacher.client.post(
      `/reconnaissance/${id}/modifier`,
      workshop({ startedOn: '2026-04-01', endedOn: '2026-04-03', hours: '1h30', kind: 'formation' }),
    );
    expect(fixed.status).toBe(303);
    expect(await text(teacher.client.get(`/reconnaissance/${id}`))).toContain('En attente de confirmation');
    expect(
      (await manager.client.post(`/reconnaissance/${id}/reponse`, { decision: 'decline', message: 'Cette formation n’a pas eu lieu ici.' }))
        .status,
    ).toBe(303);
    const own = await text(teacher.client.get('/membres/camille-prof/reconnaissance'));
    expect(own).toContain('À reprendre ou refusées');
    // Others never see what was declined; its author may withdraw it.
    const seenByOther = await text(otherManager.client.get('/membres/camille-prof/reconnaissance'));
    expect(seenByOther).not.toContain(`/reconnaissance/${id}`);
    expect((await otherManager.client.get(`/reconnaissance/${id}`)).status).toBe(404);
    expect((await teacher.client.post(`/reconnaissance/${id}/retirer`)).status).toBe(303);
    expect((await teacher.client.get(`/reconnaissance/${id}`)).status).toBe(404);
  });

  it('bad input is explained in French and nothing is saved', async () => {
    const before = await contributionCount();
    const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    const cases: Array<[Record<string, string>, string]> = [
      [{ hours: '0' }, 'La durée doit être supérieure à zéro.'],
      [{ hours: '30' }, 'C’est plus de 24 heures par jour'],
      [{ hours: 'beaucoup' }, 'Écrivez une durée en heures'],
      [{ startedOn: tomorrow }, 'La date doit être aujourd’hui ou passée'],
      [{ endedOn: '2026-03-01' }, 'La fin de la période doit venir après son début.'],
      [{ placeSlug: 'lieu-qui-n-existe-pas' }, 'Ce lieu est introuvable'],
      [{ description: 'court' }, 'Atelier'],
    ];
    for (const [fields, message] of cases) {
      const res = await teacher.client.post(
        '/reconnaissance/nouvelle',
        workshop({ description: 'Atelier de couture numérique.', ...fields }),
      );
      expect(res.status, JSON.stringify(fields)).toBe(400);
      const html = await res.text();
      expect(html, JSON.stringify(fields)).toContain(message === 'Atelier' ? 'error-summary' : message);
      // What was typed is kept.
      expect(html).toContain(fields.description ?? 'Atelier de couture numérique.');
    }
    expect(await contributionCount()).toBe(before);
  });
});

describe('a trace sent with a contribution', () => {
  const formWith = (file: Blob, name: string) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(workshop({ startedOn: '2026-05-06', description: 'Atelier photo avec la classe de 4e.' }))) {
      form.set(k, v);
    }
    form.set('evidenceFile', file, name);
    return form;
  };

  it('a photo is re-encoded without its metadata, a PDF kept; anything else is refused and nothing saved', async () => {
    const { default: sharp } = await import('sharp');
    const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#c05020' } })
      .png()
      .withMetadata({ exif: { IFD0: { Copyright: 'Secret GPS place' } } })
      .toBuffer();
    const before = await contributionCount();
    const refused = await teacher.client.post('/reconnaissance/nouvelle', formWith(new Blob(['pas une image']), 'photo.jpg'));
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(html).toContain('Ce fichier n’est ni une photo (JPEG, PNG, WebP) ni un PDF.');
    expect(html).toContain('Atelier photo avec la classe de 4e.');
    expect(await contributionCount()).toBe(before);

    const res = await teacher.client.post('/reconnaissance/nouvelle', formWith(new Blob([new Uint8Array(png)]), 'atelier.png'));
    expect(res.status, await res.clone().text()).toBe(303);
    const id = /([0-9a-f-]{36})$/.exec(res.headers.get('location') ?? '')?.[1];
    const page = await text(teacher.client.get(`/reconnaissance/${id}`));
    const key = /\/uploads\/([A-Za-z0-9_-]+\.webp)/.exec(page)?.[1];
    expect(key).toBeTruthy();
    const stored = Buffer.from(await (await teacher.client.get(`/uploads/${key}`)).arrayBuffer());
    expect(stored.subarray(8, 12).toString()).toBe('WEBP');
    expect(stored.includes(Buffer.from('Secret GPS place'))).toBe(false);

    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const withPdf = await teacher.client.post('/reconnaissance/nouvelle', formWith(new Blob([new Uint8Array(pdf)]), 'programme.pdf'));
    expect(withPdf.status).toBe(303);
    const pdfPage = await text(teacher.client.get(withPdf.headers.get('location') ?? ''));
    expect(pdfPage).toContain('Document joint (PDF)');

    // Withdrawn: the file goes with it.
    expect((await teacher.client.post(`/reconnaissance/${id}/retirer`)).status).toBe(303);
    expect((await teacher.client.get(`/uploads/${key}`)).status).toBe(404);
  });
});

describe('who reads a record', () => {
  it('members by default; public or private as its owner chooses', async () => {
    const visitor = await text(new TestClient(ctx).get('/membres/camille-prof/reconnaissance'));
    expect(visitor).toContain('Ce relevé est réservé aux membres du réseau.');
    expect(visitor).not.toContain('2 h · 1 contribution');
    expect(await text(otherManager.client.get('/membres/camille-prof/reconnaissance'))).toContain('2 h · 1 contribution');

    expect((await teacher.client.post('/reconnaissance/visibilite', { visibility: 'private' })).status).toBe(303);
    const hidden = await text(otherManager.client.get('/membres/camille-prof/reconnaissance'));
    expect(hidden).toContain('Camille Prof ne partage pas son relevé de contributions.');
    expect(hidden).not.toContain('2 h');
    expect(await text(moderator.client.get('/membres/camille-prof/reconnaissance'))).toContain('ne partage pas');
    expect(await text(teacher.client.get('/membres/camille-prof/reconnaissance'))).toContain('2 h · 1 contribution');

    expect((await teacher.client.post('/reconnaissance/visibilite', { visibility: 'public' })).status).toBe(303);
    const anon = new TestClient(ctx);
    const open = await text(anon.get('/membres/camille-prof/reconnaissance'));
    expect(open).toContain('2 h · 1 contribution');
    expect((await teacher.client.post('/reconnaissance/visibilite', { visibility: 'everyone' })).status).toBe(400);
  });
});

describe('contributions on a project', () => {
  it('its other authors confirm; alone on it, the moderators do (from their queue)', async () => {
    const created = await teacher.client.post('/projets/nouveau', projectForm({ title: 'Un jardin partagé au collège' }));
    expect(created.status).toBe(303);
    const projectSlug = (created.headers.get('location') ?? '').replace('/projets/', '');
    const alone = await log(teacher.client, { placeSlug: '', projectSlug, kind: 'documentation', hours: '3' });
    expect(await text(teacher.client.get(`/reconnaissance/${alone}`))).toContain('Les modérateurs du réseau la confirment.');
    expect(await text(moderator.client.get('/moderation'))).toContain('Contributions à confirmer');
    expect(await text(moderator.client.get('/reconnaissance/a-confirmer'))).toContain(`/reconnaissance/${alone}`);
    expect((await moderator.client.post(`/reconnaissance/${alone}/reponse`, { decision: 'confirm' })).status).toBe(303);

    // With a co-author in the project's team, the co-author confirms and moderators no longer do.
    const coauthor = await createMember(ctx, { displayName: 'Fatou Coautrice' });
    const [project] = await queryRows<{ id: string }>(ctx.deps.db, sql`select id from documents where slug = ${projectSlug}`);
    await ctx.deps.db.execute(sql`insert into document_members (document_id, user_id) values (${project?.id}, ${coauthor.id})`);
    const shared = await log(teacher.client, { placeSlug: '', projectSlug, kind: 'documentation', hours: '1,5' });
    expect(await text(teacher.client.get(`/reconnaissance/${shared}`))).toContain('Les co-auteurs du projet la confirment.');
    expect((await moderator.client.post(`/reconnaissance/${shared}/reponse`, { decision: 'confirm' })).status).toBe(404);
    const co = new TestClient(ctx);
    await co.signIn(coauthor.email);
    expect((await co.post(`/reconnaissance/${shared}/reponse`, { decision: 'confirm' })).status).toBe(303);
    const record = await text(teacher.client.get('/membres/camille-prof/reconnaissance'));
    // The two logged by hand, the first one at the place, and the project's documentation recorded by Tisserin.
    expect(record).toContain('6 h 30 · 4 contributions');
    expect(record).toContain('Documentation');
  });

  it('the form offers the member’s places and projects, and the place they came from', async () => {
    const fresh = await signedInMember(ctx, { displayName: 'Gaël Nouveau' });
    const form = await text(fresh.client.get(`/reconnaissance/nouvelle?lieu=${placeSlug}`));
    expect(form).toContain(`<option value="${placeSlug}" selected="">Fablab du collège Pasteur</option>`);
    expect(form).not.toContain('Médiathèque des Tilleuls');
  });
});

describe('recorded by the platform', () => {
  it('documenting a published project, from its revisions: confirmed by its public history, marked so', async () => {
    const author = await signedInMember(ctx, { displayName: 'Hugo Documente' });
    const draft = await author.client.post('/projets/nouveau', projectForm({ title: 'Des ruches au lycée', intent: 'save' }));
    expect(draft.status).toBe(303);
    const slug = (draft.headers.get('location') ?? '').replace('/projets/', '').replace(/\/.*$/, '');
    const mine = () =>
      queryRows<{ status: string; source: string; minutes: number | null; reviewerId: string | null }>(
        ctx.deps.db,
        sql`select status, source, minutes, reviewer_id as "reviewerId" from contributions where member_id = ${author.member.id}`,
      );
    // A draft documents nothing yet.
    expect(await mine()).toEqual([]);
    const [project] = await queryRows<{ id: string }>(ctx.deps.db, sql`select id from documents where slug = ${slug}`);
    const published = await author.client.post(`/projets/${slug}/publier`);
    expect(published.status, await published.clone().text()).toBe(303);
    expect(await mine()).toEqual([{ status: 'confirmed', source: 'documentation', minutes: null, reviewerId: null }]);
    // Saved again: still one contribution for this project.
    const saved = await author.client.post(
      `/projets/${slug}/modifier`,
      projectForm({ title: 'Des ruches au lycée', summary: 'Deux ruches sur le toit du lycée, suivies par la classe.', base: '1' }),
    );
    expect(saved.status, await saved.clone().text()).toBe(303);
    expect(await mine()).toHaveLength(1);
    const record = await text(author.client.get('/membres/hugo-documente/reconnaissance'));
    expect(record).toContain('1 contribution');
    expect(record).toContain('Documentation');
    const [row] = await queryRows<{ id: string }>(ctx.deps.db, sql`select id from contributions where document_id = ${project?.id}`);
    const detail = await text(author.client.get(`/reconnaissance/${row?.id}`));
    expect(detail).toContain('Enregistrée par Tisserin (documentation du projet)');
    expect(detail).toContain('Des ruches au lycée');
  });

  it('meeting a call for skills: the poster names who helped when closing it, and confirms it so', async () => {
    await loadReferenceSkills(ctx.deps);
    const poster = await signedInMember(ctx, { displayName: 'Inès Cherche' });
    const helper = await signedInMember(ctx, { displayName: 'Jules Aide' });
    const bystander = await signedInMember(ctx, { displayName: 'Karim Répond' });
    const posted = await poster.client.post('/appels/nouveau', {
      title: 'Besoin d’aide pour la découpe laser',
      description: 'Nous débutons avec la découpeuse laser du collège.',
      skills: 'laser',
      commune: 'Lyon',
      postcode: '',
      radiusKm: '50',
      onSite: 'on',
      deadline: '',
    });
    expect(posted.status, await posted.clone().text()).toBe(303);
    const callSlug = (posted.headers.get('location') ?? '').replace('/appels/', '');
    for (const who of [helper, bystander]) {
      expect((await who.client.post(`/appels/${callSlug}/repondre`, { body: 'Je peux venir un mercredi vous montrer.' })).status).toBe(303);
    }
    const page = await text(poster.client.get(`/appels/${callSlug}`));
    expect(page).toContain('Qui a répondu au besoin ?');
    // Only those who answered may be named.
    expect((await poster.client.post(`/appels/${callSlug}/clore`, { outcome: 'fulfilled', helpers: [teacher.member.id] })).status).toBe(
      400,
    );
    expect((await poster.client.post(`/appels/${callSlug}/clore`, { outcome: 'fulfilled', helpers: [helper.member.id] })).status).toBe(303);
    const record = await text(helper.client.get('/membres/jules-aide/reconnaissance'));
    expect(record).toContain('1 contribution');
    expect(record).toContain('Accompagnement de projet');
    const [row] = await queryRows<{ id: string; reviewerId: string }>(
      ctx.deps.db,
      sql`select id, reviewer_id as "reviewerId" from contributions where member_id = ${helper.member.id}`,
    );
    expect(row?.reviewerId).toBe(poster.member.id);
    const detail = await text(helper.client.get(`/reconnaissance/${row?.id}`));
    expect(detail).toContain('Enregistrée par Tisserin (appel à compétences comblé)');
    expect(detail).toContain('Inès Cherche');
    expect(await text(bystander.client.get('/membres/karim-repond/reconnaissance'))).toContain('Aucune contribution confirmée');
  });
});

describe('the role description', () => {
  it('is a template until moderators publish it as a guide the network edits', async () => {
    const visitor = new TestClient(ctx);
    const template = await visitor.get('/reconnaissance/fiche-de-poste');
    expect(template.status).toBe(200);
    const html = await template.text();
    expect(html).toContain('Fiche de poste : animateur ou animatrice de tiers-lieu éducatif');
    expect(html).toContain('Documenter et partager');
    expect(html).not.toContain('Publier ce modèle');
    expect((await teacher.client.post('/reconnaissance/fiche-de-poste')).status).toBe(403);
    const published = await moderator.client.post('/reconnaissance/fiche-de-poste');
    expect(published.status).toBe(303);
    expect(published.headers.get('location')).toBe('/guides/fiche-de-poste-animateur-ou-animatrice-de-tiers-lieu-educatif');
    const again = await visitor.get('/reconnaissance/fiche-de-poste');
    expect(again.status).toBe(303);
    const guide = await (await visitor.get('/guides/fiche-de-poste-animateur-ou-animatrice-de-tiers-lieu-educatif')).text();
    expect(guide).toContain('Accompagner les projets des élèves');
    // Publishing twice makes no second guide.
    expect((await moderator.client.post('/reconnaissance/fiche-de-poste')).headers.get('location')).toBe(
      '/guides/fiche-de-poste-animateur-ou-animatrice-de-tiers-lieu-educatif',
    );
  });
});

describe('personal data', () => {
  it('the export holds one’s contributions and one’s answers', async () => {
    const mine = (await exportPersonalData(ctx.deps.db, teacher.member.id)).recognition as {
      contributions: unknown[];
      recordVisibility: string;
    };
    expect(mine.contributions.length).toBeGreaterThanOrEqual(3);
    expect(mine.recordVisibility).toBe('public');
    const answered = (await exportPersonalData(ctx.deps.db, manager.member.id)).recognition as { reviewed: unknown[] };
    expect(answered.reviewed.length).toBeGreaterThanOrEqual(1);
  });
});
