import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, createTestContext, placeForm, TestClient, type TestContext } from '../../../test/app.ts';
import { loadReferenceSkills } from '../skills/skills.service.ts';

let ctx: TestContext;
let moderator: TestClient;
let member: TestClient;

beforeAll(async () => {
  ctx = await createTestContext();
  await loadReferenceSkills(ctx.deps);
  const mod = await createMember(ctx, { role: 'moderator', displayName: 'Mona Modératrice' });
  moderator = new TestClient(ctx);
  await moderator.signIn(mod.email);
  const m = await createMember(ctx, { displayName: 'Paul Proposant' });
  member = new TestClient(ctx);
  await member.signIn(m.email);
});
afterAll(async () => {
  await ctx?.close();
});

const textOf = async (res: Response) => (await res.text()).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('moderation shows the work', () => {
  it('counts what waits in every queue and tells the moderators, with the item named', async () => {
    expect(await textOf(await moderator.get('/moderation'))).toContain('Rien n’attend');
    expect((await member.get('/moderation')).status).toBe(403);

    await member.post('/lieux/nouveau', placeForm({ name: 'Atelier des Possibles' }));
    await member.post('/competences/proposer', { name: 'Sérigraphie', family: 'medias', description: 'Écrans de soie.' });

    const dashboard = await textOf(await moderator.get('/moderation'));
    expect(dashboard).toContain('2 décisions vous attendent');
    expect(dashboard).toMatch(/Lieux à publier 1 en attente/);
    expect(dashboard).toMatch(/Compétences proposées 1 en attente/);
    expect(dashboard).toMatch(/Commentaires signalés 0 en attente/);

    const bell = await textOf(await moderator.get('/notifications'));
    expect(bell).toContain('Un lieu attend votre décision : Atelier des Possibles');
    expect(bell).toContain('Une compétence est proposée : Sérigraphie');
    // A member hears nothing of it.
    expect(await textOf(await member.get('/notifications'))).not.toContain('attend votre décision');
  });

  it('merges a proposed skill into one chosen from a list, and shows who proposed it', async () => {
    await member.post('/competences/proposer', { name: 'Gravure laser', family: 'fabrication', description: 'Graver au laser.' });
    const page = await moderator.get('/moderation/competences');
    const html = await page.text();
    expect(html).toContain('Proposé par Paul Proposant');
    expect(html).toMatch(/<select[^>]*name="intoSlug"/);
    expect(html).toContain('<option value="decoupe-laser">Découpe laser</option>');
    const id = /action="\/moderation\/competences\/([0-9a-f-]{36})"/.exec(html.slice(html.indexOf('Gravure laser')))?.[1];
    const res = await moderator.post(`/moderation/competences/${id}`, { action: 'merge', intoSlug: 'decoupe-laser' });
    expect(res.status).toBe(303);
    const skill = (await (await ctx.app.request('/api/v1/skills/decoupe-laser')).json()) as { synonyms: string[] };
    expect(skill.synonyms).toContain('Gravure laser');
  });

  it('asks for a confirmation before refusing, and keeps the note typed', async () => {
    const html = await (await moderator.get('/moderation/lieux')).text();
    const id = /action="\/moderation\/lieux\/([0-9a-f-]{36})"/.exec(html.slice(html.indexOf('Atelier des Possibles')))?.[1] ?? '';
    const first = await moderator.post(`/moderation/lieux/${id}`, { decision: 'reject', note: 'Il manque l’adresse.' });
    expect(first.status).toBe(200);
    const confirm = await first.text();
    expect(confirm).toContain('Refuser « Atelier des Possibles » ?');
    expect(confirm).toContain('Il manque l’adresse.');
    expect(confirm).toContain('name="confirm" value="1"');
    // Nothing refused yet.
    expect(await (await moderator.get('/moderation/lieux')).text()).toContain('Atelier des Possibles');
    const done = await moderator.post(`/moderation/lieux/${id}`, { decision: 'reject', note: 'Il manque l’adresse.', confirm: '1' });
    expect(done.status).toBe(303);
    expect(await (await moderator.get('/moderation/lieux')).text()).not.toContain('Atelier des Possibles');
  });
});
