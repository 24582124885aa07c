import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, placeForm, placeRunBy, signedInMember, TestClient, type TestContext } from '../../../test/app.ts';
import { notifications } from '../social/social.schema.ts';
import { serviceRequestMessages, serviceRequests } from './services.schema.ts';

let ctx: TestContext;
let fabmanager: Awaited<ReturnType<typeof signedInMember>>;
let moderator: Awaited<ReturnType<typeof signedInMember>>;
let member: Awaited<ReturnType<typeof signedInMember>>;
let placeSlug: string;

beforeAll(async () => {
  ctx = await createTestContext();
  moderator = await signedInMember(ctx, { role: 'moderator', displayName: 'Modératrice' });
  fabmanager = await signedInMember(ctx, { displayName: 'Fabrice Fabmanager' });
  member = await signedInMember(ctx, { displayName: 'Mélanie Membre' });
  placeSlug = await placeRunBy(moderator, fabmanager, 'Fablab des Services');
});
afterAll(async () => {
  await ctx?.close();
});

const offerForm = (overrides: Record<string, string | string[]> = {}) => ({
  provider: `lieu:${placeSlug}`,
  title: 'Utiliser la découpeuse laser',
  kind: 'usage-machines',
  description: 'Une heure de découpe laser, avec la fabmanageuse, sur réservation.',
  audiences: ['college'],
  free: 'on',
  duration: '1 heure',
  contactName: 'Fabrice, fabmanager',
  ...overrides,
});

async function createOffer(overrides: Record<string, string | string[]> = {}) {
  const res = await fabmanager.client.post('/services/nouveau', offerForm(overrides));
  expect(res.status, await res.clone().text()).toBe(303);
  return (res.headers.get('location') ?? '').replace('/services/', '');
}

async function ask(client: TestClient, slug: string, message = 'Bonjour, je voudrais découper des pièces pour ma classe de 5e.') {
  const res = await client.post(`/services/${slug}/demande`, { message });
  expect(res.status, await res.clone().text()).toBe(303);
  return (res.headers.get('location') ?? '').replace('/services/demandes/', '');
}

describe('offering a service', () => {
  it('is published by the place’s team, listed on /services with facets and on the place’s page', async () => {
    const slug = await createOffer();
    const page = await (await new TestClient(ctx).get(`/services/${slug}`)).text();
    expect(page).toContain('Utiliser la découpeuse laser');
    expect(page).toContain('Usage de machines');
    expect(page).toContain('Fabrice, fabmanager');
    expect(page).toContain('Se connecter pour demander');

    const list = await (await new TestClient(ctx).get('/services?type=usage-machines&q=laser')).text();
    expect(list).toContain(`href="/services/${slug}"`);
    expect(list).toMatch(/\d+ offres?/);
    const none = await (await new TestClient(ctx).get('/services?type=residence&q=laser')).text();
    expect(none).toContain('Aucune offre ne correspond');

    // The one search finds it, labelled as a service.
    const found = await (await new TestClient(ctx).get('/recherche?q=d%C3%A9coupeuse+laser')).text();
    expect(found).toContain(`href="/services/${slug}"`);
    expect(found).toContain('Service');

    const place = await (await new TestClient(ctx).get(`/lieux/${placeSlug}`)).text();
    expect(place).toContain('Services proposés');
    expect(place).toContain(`/services/${slug}`);
  });

  it('is refused, with what was typed kept, to someone outside the team, or without a price when not free', async () => {
    const res = await member.client.post('/services/nouveau', offerForm({ title: 'Mon offre à moi' }));
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Seule l’équipe du lieu');
    // A team member naming another place: the form again, as typed.
    const other = await placeRunBy(moderator, member, 'Autre lieu des Services');
    const wrong = await fabmanager.client.post('/services/nouveau', offerForm({ provider: `lieu:${other}`, title: 'Mon offre à moi' }));
    expect(wrong.status).toBe(400);
    const html = await wrong.text();
    expect(html).toContain('Seule l’équipe du lieu');
    expect(html).toContain('value="Mon offre à moi"');

    const noPrice = await fabmanager.client.post('/services/nouveau', offerForm({ free: '', title: 'Formation payante' }));
    expect(noPrice.status).toBe(400);
    expect(await noPrice.text()).toContain('Indiquez le tarif');
  });

  it('follows the place’s visibility: an unpublished place’s offers are seen by its team only', async () => {
    // A place proposed by a member waits for moderation; its creator is its team.
    const creator = await signedInMember(ctx, { displayName: 'Nadia Nouvelle' });
    const created = await creator.client.post('/lieux/nouveau', placeForm({ name: 'Tiers-lieu en attente de modération' }));
    expect(created.status, await created.clone().text()).toBe(303);
    const pending = (created.headers.get('location') ?? '').replace('/lieux/', '').split('?')[0] ?? '';
    const offered = await creator.client.post(
      '/services/nouveau',
      offerForm({ provider: `lieu:${pending}`, title: 'Visite du lieu en attente' }),
    );
    expect(offered.status, await offered.clone().text()).toBe(303);
    const slug = (offered.headers.get('location') ?? '').replace('/services/', '');
    expect((await new TestClient(ctx).get(`/services/${slug}`)).status).toBe(404);
    expect((await member.client.get(`/services/${slug}`)).status).toBe(404);
    expect(await (await creator.client.get(`/services/${slug}`)).text()).toContain('Le lieu n’est pas encore publié');
    expect(await (await new TestClient(ctx).get('/services?q=attente')).text()).not.toContain(slug);
  });

  it('can be hidden by a moderator with a reason its team reads', async () => {
    const slug = await createOffer({ title: 'Offre à masquer' });
    expect((await moderator.client.post(`/services/${slug}/masquer`, { note: '' })).status).toBe(400);
    expect((await moderator.client.post(`/services/${slug}/masquer`, { note: 'Doublon d’une autre offre' })).status).toBe(303);
    expect((await new TestClient(ctx).get(`/services/${slug}`)).status).toBe(404);
    expect(await (await fabmanager.client.get(`/services/${slug}`)).text()).toContain('Doublon d’une autre offre');
    expect((await member.client.post(`/services/${slug}/afficher`, {})).status).toBe(403);
    expect((await moderator.client.post(`/services/${slug}/afficher`, {})).status).toBe(303);
    expect((await new TestClient(ctx).get(`/services/${slug}`)).status).toBe(200);
  });
});

describe('requesting a service', () => {
  it('goes received → in progress → done, with a thread both sides read, then one satisfaction question', async () => {
    const slug = await createOffer({ title: 'Découpe laser pour les classes' });
    const id = await ask(member.client, slug);
    const [row] = await ctx.deps.db.select().from(serviceRequests).where(eq(serviceRequests.id, id));
    expect(row?.status).toBe('received');

    // The team is told, and sees it in its queue; a stranger does not see it at all.
    const told = await ctx.deps.db.select().from(notifications).where(eq(notifications.userId, fabmanager.member.id));
    expect(told.some((n) => n.kind === 'service.request' && n.subjectId === id)).toBe(true);
    const queue = await (await fabmanager.client.get('/services/demandes')).text();
    expect(queue).toContain(`/services/demandes/${id}`);
    expect(queue).toContain('Demande de Mélanie Membre');
    const stranger = await signedInMember(ctx, { displayName: 'Sam Inconnu' });
    expect((await stranger.client.get(`/services/demandes/${id}`)).status).toBe(404);
    expect((await stranger.client.post(`/services/demandes/${id}/reponse`, { status: 'done' })).status).toBe(404);

    // The requester cannot answer their own request.
    const self = await member.client.post(`/services/demandes/${id}/reponse`, { status: 'done' });
    expect(self.status).toBe(403);

    expect(
      (await fabmanager.client.post(`/services/demandes/${id}/reponse`, { status: 'in_progress', message: 'Mardi 10 h ?' })).status,
    ).toBe(303);
    expect((await member.client.post(`/services/demandes/${id}/message`, { body: 'Mardi me va très bien.' })).status).toBe(303);
    const thread = await (await fabmanager.client.get(`/services/demandes/${id}`)).text();
    expect(thread).toContain('Mardi 10 h ?');
    expect(thread).toContain('Mardi me va très bien.');
    expect(thread).not.toContain(member.member.email);

    // No rating before it is done.
    expect((await member.client.post(`/services/demandes/${id}/avis`, { rating: '5' })).status).toBe(409);
    expect((await fabmanager.client.post(`/services/demandes/${id}/reponse`, { status: 'done' })).status).toBe(303);
    // A second answer changes nothing.
    const again = await fabmanager.client.post(`/services/demandes/${id}/reponse`, { status: 'refused', reason: 'Trop tard' });
    expect(again.status).toBe(409);

    const asked = await (await member.client.get(`/services/demandes/${id}`)).text();
    expect(asked).toContain('Êtes-vous satisfait du service rendu ?');
    expect((await member.client.post(`/services/demandes/${id}/avis`, { rating: '9' })).status).toBe(400);
    expect((await fabmanager.client.post(`/services/demandes/${id}/avis`, { rating: '5' })).status).toBe(409);
    expect((await member.client.post(`/services/demandes/${id}/avis`, { rating: '4', comment: 'Très utile' })).status).toBe(303);
    expect((await member.client.post(`/services/demandes/${id}/avis`, { rating: '1' })).status).toBe(409);
    const [rated] = await ctx.deps.db.select().from(serviceRequests).where(eq(serviceRequests.id, id));
    expect(rated).toMatchObject({ status: 'done', rating: 4, ratingComment: 'Très utile' });
    expect(rated?.closedAt).toBeInstanceOf(Date);
    expect(await (await fabmanager.client.get(`/services/demandes/${id}`)).text()).toContain('Satisfaction : 4 sur 5');
  });

  it('is refused only with a reason, which the requester reads', async () => {
    const slug = await createOffer({ title: 'Prêt de robots', kind: 'pret-materiel' });
    const id = await ask(member.client, slug, 'Pouvez-vous nous prêter dix robots pour juin ?');
    const noReason = await fabmanager.client.post(`/services/demandes/${id}/reponse`, { status: 'refused', message: 'Désolé' });
    expect(noReason.status).toBe(400);
    expect(await noReason.text()).toContain('Indiquez pourquoi la demande est refusée.');
    expect(
      (
        await fabmanager.client.post(`/services/demandes/${id}/reponse`, {
          status: 'refused',
          reason: 'Les robots sont déjà prêtés en juin.',
        })
      ).status,
    ).toBe(303);
    const page = await (await member.client.get(`/services/demandes/${id}`)).text();
    expect(page).toContain('Demande refusée : Les robots sont déjà prêtés en juin.');
    expect(page).not.toContain('Êtes-vous satisfait');
  });

  it('keeps what was typed when the message is too short, and nothing is saved', async () => {
    const slug = await createOffer({ title: 'Conseil pour monter un fablab', kind: 'conseil' });
    const before = (await ctx.deps.db.select().from(serviceRequestMessages)).length;
    const res = await member.client.post(`/services/${slug}/demande`, { message: 'Bonjour' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Bonjour</textarea>');
    expect((await ctx.deps.db.select().from(serviceRequestMessages)).length).toBe(before);
  });

  it('is closed once the team withdraws the offer, and to the team itself', async () => {
    const slug = await createOffer({ title: 'Résidence de printemps', kind: 'residence' });
    expect((await fabmanager.client.post(`/services/${slug}/demande`, { message: 'Je me demande à moi-même.' })).status).toBe(409);
    expect((await fabmanager.client.post(`/services/${slug}/retirer`, {})).status).toBe(303);
    const res = await member.client.post(`/services/${slug}/demande`, { message: 'Est-ce encore possible cette année ?' });
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('Cette offre ne reçoit plus de demandes.');
    expect(await (await new TestClient(ctx).get('/services?q=printemps')).text()).toContain('Aucune offre');
  });

  it('gives one answer when two members of the team answer at the same instant', async () => {
    const slug = await createOffer({ title: 'Visite du fablab', kind: 'visite' });
    const id = await ask(member.client, slug, 'Une visite pour 25 élèves de CM2, un jeudi ?');
    const answers = await Promise.all([
      fabmanager.client.post(`/services/demandes/${id}/reponse`, { status: 'done' }),
      moderator.client.post(`/services/demandes/${id}/reponse`, { status: 'refused', reason: 'Plus de créneaux' }),
    ]);
    expect(answers.map((r) => r.status).sort()).toEqual([303, 409]);
    const msgs = await ctx.deps.db.select().from(serviceRequestMessages).where(eq(serviceRequestMessages.requestId, id));
    expect(msgs.filter((m) => m.statusChange !== null)).toHaveLength(1);
  });
});
