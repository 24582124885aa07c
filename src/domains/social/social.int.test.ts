import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestContext,
  declareSkills,
  lastMailTo,
  placeForm,
  saveProfile,
  signedInMember,
  TestClient,
  type TestContext,
} from '../../../test/app.ts';
import { loadReferenceSkills } from '../skills/skills.service.ts';
import { sendDueDigests } from './social.service.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
  await loadReferenceSkills(ctx.deps);
});
afterAll(async () => {
  await ctx?.close();
});

async function memberId(client: TestClient, slug: string) {
  return /name="id" value="([0-9a-f-]{36})"/.exec(await (await client.get(`/membres/${slug}`)).text())?.[1] ?? '';
}

describe('following and notifications', () => {
  it('following a place brings its updates to the bell', async () => {
    const team = await signedInMember(ctx, { role: 'moderator' });
    const created = await team.client.post('/lieux/nouveau', placeForm({ name: 'Lieu suivi' }));
    const slug = (created.headers.get('location') ?? '').replace('/lieux/', '');
    const fan = await signedInMember(ctx);
    const placeId = /name="id" value="([0-9a-f-]{36})"/.exec(await (await fan.client.get(`/lieux/${slug}`)).text())?.[1] ?? '';
    expect((await fan.client.post('/suivre', { type: 'place', id: placeId, next: `/lieux/${slug}` })).status).toBe(303);
    expect(await (await fan.client.get(`/lieux/${slug}`)).text()).toContain('aria-pressed="true"');
    await team.client.post(`/lieux/${slug}/modifier`, placeForm({ name: 'Lieu suivi', description: 'Nouveaux horaires !' }));
    const bell = await (await fan.client.get('/')).text();
    expect(bell).toContain('1 notification');
    expect(await (await fan.client.get('/notifications')).text()).toContain('La fiche de « Lieu suivi » a été mise à jour');
    expect((await fan.client.post('/notifications/lues')).status).toBe(303);
    expect(await (await fan.client.get('/')).text()).not.toContain('1 notification');
  });

  it('never shows a notification whose subject the reader may not see', async () => {
    const shy = await signedInMember(ctx, { displayName: 'Timide Compétente' });
    await saveProfile(shy.client, 'Timide Compétente', { vis_skills: 'private' });
    const fan = await signedInMember(ctx);
    await fan.client.post('/suivre', { type: 'member', id: await memberId(fan.client, 'timide-competente'), next: '/' });
    await declareSkills(shy.client, 'Photographie', 2);
    expect(await (await fan.client.get('/notifications')).text()).not.toContain('Photographie');
    // Once her skills are visible to members, the same notification reads normally.
    await saveProfile(shy.client, 'Timide Compétente', { vis_skills: 'members' });
    expect(await (await fan.client.get('/notifications')).text()).toContain('Timide Compétente a ajouté la compétence « Photographie »');
  });

  it('visitors cannot follow', async () => {
    const res = await new TestClient(ctx).post('/suivre', { type: 'place', id: '00000000-0000-4000-8000-000000000000' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toContain('/connexion');
  });
});

describe('the e-mail digest', () => {
  it('lists what the reader may see, with an unsubscribe link that works without signing in', async () => {
    const reader = await signedInMember(ctx, { displayName: 'Lectrice Résumé' });
    await saveProfile(reader.client, 'Lectrice Résumé', { digest: 'daily' });
    const writer = await signedInMember(ctx, { displayName: 'Auteur Résumé' });
    await saveProfile(writer.client, 'Auteur Résumé', { vis_skills: 'members' });
    await reader.client.post('/suivre', { type: 'member', id: await memberId(reader.client, 'auteur-resume'), next: '/' });
    await declareSkills(writer.client, 'Graphisme', 2);
    await writer.client.post('/membres/lectrice-resume/message', { body: 'Bonjour, message pour le résumé' });

    const sent = await sendDueDigests(ctx.deps, new Date());
    expect(sent).toBeGreaterThanOrEqual(1);
    const { mail } = await lastMailTo(ctx, reader.member.email);
    expect(mail?.subject).toMatch(/Tisserin : \d+ nouveautés aujourd’hui/);
    const body = mail?.textBody ?? '';
    expect(body).toContain('Auteur Résumé a ajouté la compétence « Graphisme »');
    expect(body).toContain('Auteur Résumé vous a écrit');
    expect(body).not.toContain(writer.member.email);
    const link = /http:\/\/localhost:3000(\/desabonnement\?token=[\w-]+)/.exec(body)?.[1] ?? '';
    expect(link).toBeTruthy();

    // Nothing new: no second digest.
    expect(await sendDueDigests(ctx.deps, new Date(Date.now() + 25 * 3600_000))).toBe(0);

    // Unsubscribe as a stranger would (no session): GET asks, POST does it.
    const stranger = new TestClient(ctx);
    const ask = await stranger.get(link);
    expect(ask.status).toBe(200);
    const token = new URL(`http://x${link}`).searchParams.get('token') ?? '';
    const done = await stranger.post('/desabonnement', { token });
    expect(await done.text()).toContain('plus aucun e-mail');
    await writer.client.post('/membres/lectrice-resume/message', { body: 'Après désabonnement' });
    expect(await sendDueDigests(ctx.deps, new Date(Date.now() + 50 * 3600_000))).toBe(0);
    expect((await lastMailTo(ctx, reader.member.email)).mail?.textBody).not.toContain('Après désabonnement');
  });

  it('one inbox that fails does not hold back the others; it is retried next round', async () => {
    const a = await signedInMember(ctx, { displayName: 'Boîte Cassée' });
    await saveProfile(a.client, 'Boîte Cassée', { digest: 'daily' });
    const b = await signedInMember(ctx, { displayName: 'Boîte Saine' });
    await saveProfile(b.client, 'Boîte Saine', { digest: 'daily' });
    const writer = await signedInMember(ctx);
    await writer.client.post('/membres/boite-cassee/message', { body: 'Pour la boîte cassée' });
    await writer.client.post('/membres/boite-saine/message', { body: 'Pour la boîte saine' });
    const failing = {
      ...ctx.deps,
      mailer: {
        mode: ctx.deps.mailer.mode,
        send: (m: Parameters<typeof ctx.deps.mailer.send>[0]) =>
          m.to === a.member.email ? Promise.reject(new Error('550 mailbox unavailable')) : ctx.deps.mailer.send(m),
      },
    };
    await sendDueDigests(failing, new Date(Date.now() + 100 * 3600_000));
    expect((await lastMailTo(ctx, b.member.email)).mail?.subject).toMatch(/nouveauté/);
    expect((await lastMailTo(ctx, a.member.email)).mail?.subject ?? '').not.toMatch(/nouveauté/);
    await sendDueDigests(ctx.deps, new Date(Date.now() + 100 * 3600_000));
    const retried = (await lastMailTo(ctx, a.member.email)).mail;
    expect(retried?.subject).toMatch(/nouveauté/);
    expect(retried?.textBody).toContain('vous a écrit');
  });

  it('every message e-mail carries the unsubscribe link too', async () => {
    const to = await signedInMember(ctx, { displayName: 'Destinataire Lien' });
    await saveProfile(to.client, 'Destinataire Lien');
    const from = await signedInMember(ctx);
    await from.client.post('/membres/destinataire-lien/message', { body: 'Un message avec lien' });
    expect((await lastMailTo(ctx, to.member.email)).mail?.textBody).toContain('/desabonnement?token=');
  });
});
