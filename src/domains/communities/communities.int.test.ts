import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, createTestContext, signedInMember, TestClient, type TestContext } from '../../../test/app.ts';
import { SEED_COMMUNITY } from '../../demo/seed-community.ts';
import { createCommunity, insertMembershipsBulk } from './communities.service.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx?.close();
});

describe('the network’s own community page', () => {
  it('renders the seed page field for field, the member count as a range', async () => {
    const referent = await createMember(ctx, { displayName: SEED_COMMUNITY.referent });
    const community = await createCommunity(
      ctx.deps,
      referent.viewer,
      { ...SEED_COMMUNITY, scaleCode: undefined, joinPolicy: 'open' },
      SEED_COMMUNITY.publishedOn,
    );
    const others = [];
    for (let i = 0; i < 120; i++) {
      others.push(await createMember(ctx));
    }
    await insertMembershipsBulk(
      ctx.deps.db,
      others.map((m) => ({ communityId: community.id, userId: m.id, role: 'member' as const, status: 'active' as const })),
    );
    const html = await (await ctx.app.request(`/communautes/${community.slug}`)).text();
    const text = html
      .replace(/<[^>]+>/g, ' ')
      .replace(/&#39;/g, "'")
      .replace(/\s+/g, ' ');
    const inOrder = [
      'Communauté des tiers-lieux éducatifs',
      'Publié le 15 juin 2021',
      'Échelon d’intervention France',
      'Nombre de membres Entre 100 et 500',
      'Référent de la communauté Benjamin Gentils',
      'Expertises de la communauté Co-construction Design Écoute usagers Innovation Mesure de l’impact Numérique Transverse',
      'Votre communauté en une phrase Mise en réseau des porteurs et documentation des projets de tiers-lieux éducatifs',
      'Objectifs de la communauté Faire communauté',
      'Résumé des activités ou offres de service',
      'Dépasser les effets de mode',
      'Domaines traités par la communauté Éducation, Enseignement Supérieur, Culture Emploi, formation professionnelle Jeunesse, Sports',
      'Dernières publications de Communauté des tiers-lieux éducatifs',
    ];
    let at = 0;
    for (const fragment of inOrder) {
      const found = text.indexOf(fragment, at);
      expect(found, fragment).toBeGreaterThan(-1);
      at = found;
    }
    const api = (await (await ctx.app.request(`/api/v1/communities/${community.slug}`)).json()) as Record<string, unknown>;
    expect(api.membersRange).toBe('Entre 100 et 500');
    expect(api.publishedOn).toBe('2021-06-15');
  });
});

describe('joining, referents and publications', () => {
  it('open communities take members at once; on-request ones wait for a referent', async () => {
    const founder = await signedInMember(ctx, { displayName: 'Fondatrice Groupe' });
    const res = await founder.client.post('/communautes/nouvelle', {
      name: 'Fablabs de l’Ouest',
      scale: 'region',
      scaleCode: '53',
      oneLiner: 'Les fablabs scolaires de l’Ouest se retrouvent.',
      objectives: 'Se voir **souvent**.',
      activities: '',
      expertises: ['numerique'],
      domains: ['jeunesse-sports'],
      joinPolicy: 'request',
    });
    expect(res.status).toBe(303);
    const slug = (res.headers.get('location') ?? '').replace('/communautes/', '');
    const page = await (await founder.client.get(`/communautes/${slug}`)).text();
    expect(page).toContain('Région — Bretagne');
    expect(page).toContain('<strong>souvent</strong>');

    const joiner = await signedInMember(ctx, { displayName: 'Joseph Rejoint' });
    expect((await joiner.client.post(`/communautes/${slug}/rejoindre`)).status).toBe(303);
    expect(await (await joiner.client.get(`/communautes/${slug}`)).text()).toContain('Demande en attente');
    expect(await (await founder.client.get('/notifications')).text()).toContain('Joseph Rejoint demande à rejoindre');
    // Only referents manage members.
    expect((await joiner.client.get(`/communautes/${slug}/membres`)).status).toBe(403);
    const admin = await (await founder.client.get(`/communautes/${slug}/membres`)).text();
    const joinerId =
      /membres\/([0-9a-f-]{36})"[^>]*>\s*<input[^>]*>\s*<button[^>]*value="approve"/.exec(admin)?.[1] ??
      /\/membres\/([0-9a-f-]{36})/.exec(admin)?.[1];
    expect((await founder.client.post(`/communautes/${slug}/membres/${joinerId}`, { action: 'approve' })).status).toBe(303);
    expect(await (await joiner.client.get(`/communautes/${slug}`)).text()).toContain('Vous en êtes membre');

    // The last referent cannot leave.
    expect((await founder.client.post(`/communautes/${slug}/quitter`)).status).toBe(409);

    // Publications (one machinery for the network: see publications) reach members and the feeds.
    const publish = (client: TestClient, fields: Record<string, string>) => client.post('/publications/nouvelle', fields);
    const refused = await publish(joiner.client, { publisher: `communaute:${slug}`, title: 'Non', body: 'Pas référent' });
    expect(refused.status).toBe(400);
    expect(
      (
        await publish(founder.client, {
          publisher: `communaute:${slug}`,
          title: 'Rencontre de printemps',
          body: 'Rendez-vous le **12 avril**.',
        })
      ).status,
    ).toBe(303);
    expect(await (await joiner.client.get('/notifications')).text()).toContain('Rencontre de printemps');
    const feed = await ctx.app.request(`/communautes/${slug}/publications.atom`);
    expect(feed.headers.get('content-type')).toContain('application/atom+xml');
    const xml = await feed.text();
    expect(xml).toContain('<title type="text">Rencontre de printemps</title>');
    expect(xml).toContain('&lt;strong&gt;12 avril&lt;/strong&gt;');
  });

  it('a visitor is sent to sign in to join', async () => {
    const res = await new TestClient(ctx).post('/communautes/fablabs-de-l-ouest/rejoindre');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toContain('/connexion');
  });
});
