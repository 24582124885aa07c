import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, declareSkills, saveProfile, signedInMember, TestClient, type TestContext } from '../../../test/app.ts';
import { loadReferenceSkills, resolveSkillNames } from './skills.service.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
  await loadReferenceSkills(ctx.deps);
});
afterAll(async () => {
  await ctx?.close();
});

describe('the skills reference', () => {
  it('resolves names, synonyms and accents to the same skill', async () => {
    const { skills, unknown } = await resolveSkillNames(ctx.deps, 'laser, DECOUPE LASER, Scratch, imprimante 3D, tricot subaquatique');
    expect(skills.map((s) => s.name)).toEqual(['Découpe laser', 'Découpe laser', 'Programmation par blocs', 'Impression 3D']);
    expect(unknown).toEqual(['tricot subaquatique']);
  });

  it('lists families and shows who holds a skill by level', async () => {
    const { client } = await signedInMember(ctx, { displayName: 'Lucie Laser' });
    await saveProfile(client, 'Lucie Laser', { vis_skills: 'public', commune: 'Nantes', vis_territory: 'public' });
    await declareSkills(client, 'laser', 3);
    const list = await (await ctx.app.request('/competences')).text();
    expect(list).toContain('Fabrication numérique');
    const page = await (await ctx.app.request('/competences/decoupe-laser')).text();
    expect(page).toContain('Je peux transmettre');
    expect(page).toContain('Lucie Laser');
    expect(page).toContain('data-map="points"');
    expect(await (await ctx.app.request('/competences?q=lazer')).text()).toContain('/competences/decoupe-laser');
  });

  it('asks to tick a skill when none is chosen, keeping the level', async () => {
    const { client } = await signedInMember(ctx, { displayName: 'Noé Rien' });
    const res = await client.post('/profil/competences', { level: '3' });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('Cochez au moins une compétence.');
    expect(html).not.toContain('Valeur invalide.');
    expect(html).toMatch(/<option value="3" selected/);
  });

  it('members propose skills; moderators merge them into the reference as synonyms', async () => {
    const { client } = await signedInMember(ctx);
    const res = await client.post('/competences/proposer', {
      name: 'Usinage à commande numérique',
      family: 'fabrication',
      description: 'Fraiser avec une CNC',
    });
    expect(res.status).toBe(303);
    const mod = await signedInMember(ctx, { role: 'moderator' });
    const queue = await (await mod.client.get('/moderation/competences')).text();
    const id = /moderation\/competences\/([0-9a-f-]{36})/.exec(queue)?.[1];
    expect(id).toBeTruthy();
    expect((await client.post(`/moderation/competences/${id}`, { action: 'accept' })).status).toBe(403);
    const merged = await mod.client.post(`/moderation/competences/${id}`, { action: 'merge', intoSlug: 'fraisage-numerique' });
    expect(merged.status).toBe(303);
    const { skills } = await resolveSkillNames(ctx.deps, 'Usinage à commande numérique');
    expect(skills[0]?.slug).toBe('fraisage-numerique');
  });
});

describe('vouching', () => {
  it('peers vouch once, never for themselves; the holder and the voucher can remove it', async () => {
    const holder = await signedInMember(ctx, { displayName: 'Hugo Tient' });
    await saveProfile(holder.client, 'Hugo Tient', { vis_skills: 'members' });
    await declareSkills(holder.client, 'Couture', 2);
    const peer = await signedInMember(ctx, { displayName: 'Pia Confirme' });
    const url = '/membres/hugo-tient/competences/couture';

    expect((await holder.client.post(`${url}/confirmer`)).status).toBe(403); // not for oneself
    expect((await new TestClient(ctx).post(`${url}/confirmer`)).status).toBe(303); // visitor → sign in
    expect((await peer.client.post(`${url}/confirmer`)).status).toBe(303);
    expect((await peer.client.post(`${url}/confirmer`)).status).toBe(303); // twice = still one
    let page = await (await peer.client.get('/membres/hugo-tient')).text();
    expect(page).toContain('confirmée par 1 pair');
    const who = await (await peer.client.get(url)).text();
    expect(who).toContain('Pia Confirme');
    expect(await (await holder.client.get('/notifications')).text()).toContain('Pia Confirme confirme votre compétence « Couture »');

    // The holder removes the vouch they received.
    const voucherId = /name="voucher" value="([0-9a-f-]{36})"/.exec(await (await holder.client.get(url)).text())?.[1] ?? '';
    expect((await holder.client.post(`${url}/retirer-confirmation`, { voucher: voucherId })).status).toBe(303);
    page = await (await peer.client.get('/membres/hugo-tient')).text();
    expect(page).toContain('pas encore confirmée');
    // A third member cannot remove someone else's vouch.
    await peer.client.post(`${url}/confirmer`);
    const third = await signedInMember(ctx);
    expect((await third.client.post(`${url}/retirer-confirmation`)).status).toBe(404);
  });

  it('cannot vouch for a skill the voucher cannot see', async () => {
    const holder = await signedInMember(ctx, { displayName: 'Secret Skill' });
    await saveProfile(holder.client, 'Secret Skill', { vis_skills: 'private' });
    await declareSkills(holder.client, 'Vidéo', 2);
    const peer = await signedInMember(ctx);
    expect((await peer.client.post('/membres/secret-skill/competences/video/confirmer')).status).toBe(403);
  });
});
