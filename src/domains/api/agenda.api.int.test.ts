import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, placeRunBy, signedInMember, TestClient, type TestContext } from '../../../test/app.ts';

let ctx: TestContext;
type Signed = Awaited<ReturnType<typeof signedInMember>>;
let moderator: Signed;
let manager: Signed;
let teacher: Signed;
let placeSlug: string;

beforeAll(async () => {
  ctx = await createTestContext();
  moderator = await signedInMember(ctx, { role: 'moderator', displayName: 'Modératrice Réseau' });
  manager = await signedInMember(ctx, { displayName: 'Dominique Fabmanager' });
  teacher = await signedInMember(ctx, { displayName: 'Camille Prof' });
  placeSlug = await placeRunBy(moderator, manager, 'Fablab API Agenda');
});
afterAll(async () => {
  await ctx?.close();
});

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

interface EventJson {
  slug: string;
  status: string;
  onlineUrl: string | null;
  sequence: number;
  sessions: Array<{ id: string; placesLeft: number | null; status: string; waiting?: number }>;
}

describe('the agenda in the API (every answer checked against the OpenAPI document)', () => {
  it('creates a weekly workshop, lists it with filters, registers, lets organisers read the list, cancels', async () => {
    const bad = await manager.client.api('POST', '/api/v1/events', {
      title: 'Atelier sans fin',
      description: 'Un atelier dont la fin précède le début.',
      kind: 'atelier',
      placeSlug,
      atPlace: true,
      firstDate: inDays(3),
      startTime: '16:00',
      endTime: '14:00',
      capacity: 0,
    });
    expect(bad.status).toBe(400);
    const badBody = (await bad.json()) as { code: string; details: Record<string, string[]> };
    expect(badBody.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(badBody.details)).toEqual(expect.arrayContaining(['endTime', 'capacity']));

    const created = await manager.client.api('POST', '/api/v1/events', {
      title: 'Club robotique du mercredi',
      description: 'Chaque mercredi, on construit et on programme des robots.',
      kind: 'atelier',
      placeSlug,
      atPlace: true,
      attendanceMode: 'hybrid',
      onlineUrl: 'https://visio.example.org/club',
      audiences: ['college'],
      ageMin: 11,
      ageMax: 15,
      registration: 'here',
      questions: ['Âge de l’enfant ?'],
      firstDate: inDays(3),
      startTime: '14:00',
      endTime: '16:00',
      repeat: 'weekly',
      until: inDays(30),
      capacity: 3,
      reserved: 1,
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const event = (await created.json()) as EventJson;
    expect(event.sessions.length).toBeGreaterThanOrEqual(4);
    expect(event.sessions[0]?.placesLeft).toBe(2);
    expect(event.onlineUrl).toBe('https://visio.example.org/club');

    // Anyone reads it, without the access link.
    const anonymous = new TestClient(ctx);
    const read = (await (await anonymous.api('GET', `/api/v1/events/${event.slug}`)).json()) as EventJson;
    expect(read.onlineUrl).toBeNull();

    const list = await anonymous.api('GET', `/api/v1/events?lieu=${placeSlug}&type=atelier&age=12`);
    expect(list.status).toBe(200);
    const page = (await list.json()) as {
      items: Array<{ event: { slug: string } }>;
      total: number;
      facets: { kind: Record<string, number> };
    };
    expect(page.items.every((i) => i.event.slug === event.slug)).toBe(true);
    expect(page.total).toBe(event.sessions.length);
    expect(page.facets.kind.atelier).toBe(event.sessions.length);
    expect((await (await anonymous.api('GET', `/api/v1/events?lieu=${placeSlug}&age=8`)).json()).total).toBe(0);
    expect((await anonymous.api('GET', '/api/v1/events?type=bal-masque')).status).toBe(400);

    const session = event.sessions[0]?.id ?? '';
    const reg = await teacher.client.api('POST', `/api/v1/events/${event.slug}/sessions/${session}/registrations`, {
      guests: 1,
      answers: ['12 ans'],
    });
    expect(reg.status, await reg.clone().text()).toBe(201);
    expect(await reg.json()).toMatchObject({ status: 'confirmed', seats: 2 });
    const full = await moderator.client.api('POST', `/api/v1/events/${event.slug}/sessions/${session}/registrations`, {});
    expect(full.status).toBe(201);
    expect(await full.json()).toMatchObject({ status: 'waiting' });

    expect((await teacher.client.api('GET', `/api/v1/events/${event.slug}/registrations`)).status).toBe(403);
    const registrants = (await (await manager.client.api('GET', `/api/v1/events/${event.slug}/registrations`)).json()) as {
      items: Array<{ displayName: string; answers: string[]; status: string }>;
    };
    expect(registrants.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ displayName: 'Camille Prof', answers: ['12 ans'], status: 'confirmed' }),
        expect.objectContaining({ displayName: 'Modératrice Réseau', status: 'waiting' }),
      ]),
    );
    expect(JSON.stringify(registrants)).not.toContain(teacher.member.email);

    const renamed = await manager.client.api('PUT', `/api/v1/events/${event.slug}`, {
      title: 'Club robotique du mercredi après-midi',
      description: 'Chaque mercredi, on construit et on programme des robots.',
      kind: 'atelier',
      placeSlug,
      atPlace: true,
      registration: 'here',
    });
    expect(renamed.status, await renamed.clone().text()).toBe(200);
    expect(((await renamed.json()) as EventJson).sequence).toBeGreaterThan(event.sequence);

    const cancelledSession = await manager.client.api('POST', `/api/v1/events/${event.slug}/sessions/${event.sessions[1]?.id}/cancel`);
    expect(cancelledSession.status).toBe(200);
    const cancelled = await manager.client.api('POST', `/api/v1/events/${event.slug}/status`, { status: 'cancelled' });
    expect(cancelled.status).toBe(200);
    expect(((await cancelled.json()) as EventJson).status).toBe('cancelled');
    expect((await teacher.client.api('POST', `/api/v1/events/${event.slug}/status`, { status: 'scheduled' })).status).toBe(403);
  });
});

describe('service offers in the API', () => {
  it('offers, lists, requests, answers, rates — each side seeing only what it may', async () => {
    const refused = await teacher.client.api('POST', '/api/v1/services', {
      provider: `lieu:${placeSlug}`,
      title: 'Usage de la découpeuse vinyle',
      kind: 'usage-machines',
      description: 'Découper des autocollants avec la découpeuse vinyle.',
    });
    expect(refused.status).toBe(400);
    const created = await manager.client.api('POST', '/api/v1/services', {
      provider: `lieu:${placeSlug}`,
      title: 'Usage de la découpeuse vinyle',
      kind: 'usage-machines',
      description: 'Découper des autocollants avec la découpeuse vinyle.',
      audiences: ['college'],
      duration: '1 heure',
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const offer = (await created.json()) as { slug: string; provider: { type: string; slug: string } };
    expect(offer.provider).toMatchObject({ type: 'place', slug: placeSlug });

    const anonymous = new TestClient(ctx);
    const list = (await (await anonymous.api('GET', '/api/v1/services?type=usage-machines&q=vinyle')).json()) as {
      items: Array<{ slug: string }>;
      facets: { kind: Record<string, number> };
    };
    expect(list.items.map((i) => i.slug)).toContain(offer.slug);
    expect(list.facets.kind['usage-machines']).toBeGreaterThanOrEqual(1);
    expect((await anonymous.api('GET', `/api/v1/services/${offer.slug}`)).status).toBe(200);
    expect((await anonymous.api('POST', '/api/v1/service-requests', { offer: offer.slug, message: 'Bonjour à vous tous' })).status).toBe(
      401,
    );

    const asked = await teacher.client.api('POST', '/api/v1/service-requests', {
      offer: offer.slug,
      message: 'Je voudrais découper des étiquettes pour la bibliothèque.',
    });
    expect(asked.status, await asked.clone().text()).toBe(201);
    const request = (await asked.json()) as { id: string; status: string; messages: unknown[] };
    expect(request).toMatchObject({ status: 'received' });
    expect(request.messages).toHaveLength(1);

    const queue = (await (await manager.client.api('GET', '/api/v1/service-requests?side=team&open=1')).json()) as {
      items: Array<{ id: string; requester: string }>;
    };
    expect(queue.items).toEqual(expect.arrayContaining([expect.objectContaining({ id: request.id, requester: 'Camille Prof' })]));
    expect((await moderator.client.api('GET', `/api/v1/service-requests/${request.id}`)).status).toBe(200);
    const stranger = await signedInMember(ctx, { displayName: 'Personne Extérieure' });
    expect((await stranger.client.api('GET', `/api/v1/service-requests/${request.id}`)).status).toBe(404);

    const noReason = await manager.client.api('POST', `/api/v1/service-requests/${request.id}/answer`, { status: 'refused' });
    expect(noReason.status).toBe(400);
    expect(Object.keys(((await noReason.json()) as { details: object }).details)).toContain('reason');
    expect((await teacher.client.api('POST', `/api/v1/service-requests/${request.id}/answer`, { status: 'done' })).status).toBe(403);
    const written = await teacher.client.api('POST', `/api/v1/service-requests/${request.id}/messages`, { body: 'Jeudi me conviendrait.' });
    expect(written.status).toBe(200);
    const done = await manager.client.api('POST', `/api/v1/service-requests/${request.id}/answer`, { status: 'done', message: 'Fait !' });
    expect(done.status).toBe(200);
    expect(await done.json()).toMatchObject({ status: 'done' });
    expect(
      (await manager.client.api('POST', `/api/v1/service-requests/${request.id}/answer`, { status: 'refused', reason: 'x' })).status,
    ).toBe(409);

    expect((await teacher.client.api('POST', `/api/v1/service-requests/${request.id}/rating`, { rating: 6 })).status).toBe(400);
    const rated = await teacher.client.api('POST', `/api/v1/service-requests/${request.id}/rating`, { rating: 5, comment: 'Parfait' });
    expect(rated.status).toBe(200);
    expect(await rated.json()).toMatchObject({ rating: 5, ratingComment: 'Parfait' });
    const mine = (await (await teacher.client.api('GET', '/api/v1/service-requests')).json()) as { items: Array<{ id: string }> };
    expect(mine.items.map((i) => i.id)).toContain(request.id);
  });
});
