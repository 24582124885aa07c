import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, declareSkills, saveProfile, signedInMember, type TestContext } from '../../../test/app.ts';
import { loadReferenceSkills } from '../skills/skills.service.ts';

let ctx: TestContext;
let lyonMaker: Awaited<ReturnType<typeof signedInMember>>;
let brestMaker: Awaited<ReturnType<typeof signedInMember>>;
let lyonPodcaster: Awaited<ReturnType<typeof signedInMember>>;
let nowhere: Awaited<ReturnType<typeof signedInMember>>;

beforeAll(async () => {
  ctx = await createTestContext();
  await loadReferenceSkills(ctx.deps);
  lyonMaker = await signedInMember(ctx, { displayName: 'Lyonnaise Laser' });
  await saveProfile(lyonMaker.client, 'Lyonnaise Laser', { commune: 'Villeurbanne', vis_skills: 'public', vis_territory: 'public' });
  await declareSkills(lyonMaker.client, 'Découpe laser', 3);
  brestMaker = await signedInMember(ctx, { displayName: 'Brestois Laser' });
  await saveProfile(brestMaker.client, 'Brestois Laser', { commune: 'Brest', vis_skills: 'members' });
  await declareSkills(brestMaker.client, 'gravure laser', 2);
  lyonPodcaster = await signedInMember(ctx, { displayName: 'Lyonnais Podcast' });
  await saveProfile(lyonPodcaster.client, 'Lyonnais Podcast', { commune: 'Lyon' });
  await declareSkills(lyonPodcaster.client, 'podcast', 3);
  nowhere = await signedInMember(ctx, { displayName: 'Sans Commune' });
  await declareSkills(nowhere.client, 'laser', 3);
});
afterAll(async () => {
  await ctx?.close();
});

async function postCall(client: typeof lyonMaker.client, fields: Record<string, string>) {
  const res = await client.post('/appels/nouveau', {
    title: 'Former notre équipe',
    description: 'Nous avons besoin d’une formation de deux jours.',
    skills: 'laser',
    commune: 'Lyon',
    postcode: '',
    radiusKm: '50',
    onSite: 'on',
    deadline: '',
    ...fields,
  });
  expect(res.status, await res.clone().text()).toBe(303);
  return (res.headers.get('location') ?? '').replace('/appels/', '');
}

describe('matching a call', () => {
  it('on site: matches skills (synonyms included) within the distance, notifies them, explains why', async () => {
    const poster = await signedInMember(ctx, { displayName: 'Poste Appel' });
    const slug = await postCall(poster.client, { title: 'Besoin d’une formation laser à Lyon' });
    // Matched: the Villeurbanne maker (≈ 5 km). Not: Brest (too far), the podcaster (other skill), no commune.
    expect(await (await lyonMaker.client.get('/notifications')).text()).toContain('Besoin d’une formation laser à Lyon');
    for (const other of [brestMaker, lyonPodcaster, nowhere]) {
      expect(await (await other.client.get('/notifications')).text()).not.toContain('Besoin d’une formation laser à Lyon');
    }
    const page = await (await poster.client.get(`/appels/${slug}`)).text();
    expect(page).toContain('Lyonnaise Laser');
    expect(page).toMatch(/Découpe laser \(Je peux transmettre\)/);
    expect(page).toMatch(/à \d+,\d km/);
    expect(page).not.toContain('Brestois Laser');
  });

  it('remote: matches anywhere, and the page lists only those the viewer may see', async () => {
    const poster = await signedInMember(ctx);
    const slug = await postCall(poster.client, { title: 'Un conseil laser à distance', remote: 'on', onSite: '' });
    expect(await (await brestMaker.client.get('/notifications')).text()).toContain('Un conseil laser à distance');
    expect(await (await nowhere.client.get('/notifications')).text()).toContain('Un conseil laser à distance');
    const asMember = await (await poster.client.get(`/appels/${slug}`)).text();
    expect(asMember).toContain('Brestois Laser'); // skills visible to members
    const asVisitor = await (await ctx.app.request(`/appels/${slug}`)).text();
    expect(asVisitor).not.toContain('Brestois Laser');
    expect(asVisitor).toContain('Lyonnaise Laser');
  });

  it('refuses unknown skills and keeps what was typed', async () => {
    const poster = await signedInMember(ctx);
    const res = await poster.client.post('/appels/nouveau', {
      title: 'Un appel étrange',
      description: 'Une description assez longue.',
      skills: 'laser, astrologie quantique',
      commune: 'Lyon',
      radiusKm: '50',
      onSite: 'on',
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('astrologie quantique');
    expect(html).toContain('value="Un appel étrange"');
  });

  it('answers are messages to the poster; the poster closes the call as fulfilled and followers hear of it', async () => {
    const poster = await signedInMember(ctx, { displayName: 'Poster Deux' });
    const slug = await postCall(poster.client, { title: 'Atelier laser au collège' });
    const follower = await signedInMember(ctx);
    const callId = /name="id" value="([0-9a-f-]{36})"/.exec(await (await follower.client.get(`/appels/${slug}`)).text())?.[1] ?? '';
    await follower.client.post('/suivre', { type: 'call', id: callId, next: `/appels/${slug}` });

    expect((await lyonMaker.client.post(`/appels/${slug}/repondre`, { body: 'Je peux venir un mercredi.' })).status).toBe(303);
    expect(await (await poster.client.get(`/appels/${slug}`)).text()).toContain('Je peux venir un mercredi.');
    expect(await (await follower.client.get(`/appels/${slug}`)).text()).not.toContain('Je peux venir un mercredi.');
    expect(await (await poster.client.get('/notifications')).text()).toContain('Lyonnaise Laser a répondu');
    // Only the poster closes it.
    expect((await follower.client.post(`/appels/${slug}/clore`, { outcome: 'fulfilled' })).status).toBe(403);
    expect((await poster.client.post(`/appels/${slug}/clore`, { outcome: 'fulfilled' })).status).toBe(303);
    expect(await (await follower.client.get('/notifications')).text()).toContain('a trouvé réponse');
    expect((await lyonMaker.client.post(`/appels/${slug}/repondre`, { body: 'Encore une réponse' })).status).toBe(403);
  });
});
