import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, placeRunBy, signedInMember, TestClient, type TestContext } from '../../../test/app.ts';

let ctx: TestContext;
type Signed = Awaited<ReturnType<typeof signedInMember>>;
let moderator: Signed;
let team: Signed;
let stranger: Signed;
let placeSlug: string;

beforeAll(async () => {
  ctx = await createTestContext();
  moderator = await signedInMember(ctx, { role: 'moderator', displayName: 'Modératrice Réseau' });
  team = await signedInMember(ctx, { displayName: 'Dominique Fabmanager' });
  stranger = await signedInMember(ctx, { displayName: 'Sam Ailleurs' });
  placeSlug = await placeRunBy(moderator, team, 'Fablab du collège Pasteur');
});
afterAll(async () => {
  await ctx?.close();
});

const LAST_YEAR = new Date().getFullYear() - 1;

describe('questionnaires in the API', () => {
  it('are opened by a place’s team, read by anyone as a definition, and their results come aggregated only', async () => {
    const bad = await team.client.api('POST', '/api/v1/questionnaires', {
      place: placeSlug,
      title: 'Après l’atelier',
      questions: [{ kind: 'single', label: 'Le niveau ?', options: ['Adapté'] }],
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { details: Record<string, unknown> }).details).toHaveProperty('q0_options');
    const refused = await stranger.client.api('POST', '/api/v1/questionnaires', {
      place: placeSlug,
      title: 'Pas mon lieu',
      questions: [{ kind: 'rating', label: 'Note' }],
    });
    expect(refused.status).toBe(400);

    const res = await team.client.api('POST', '/api/v1/questionnaires', {
      place: placeSlug,
      title: 'Après l’atelier',
      questions: [
        { kind: 'rating', label: 'Comment était l’atelier ?' },
        { kind: 'single', label: 'Le niveau ?', options: ['Trop facile', 'Adapté', 'Trop difficile'] },
        { kind: 'long', label: 'Un mot ?', optional: true },
      ],
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const q = (await res.json()) as { code: string; questions: Array<{ id: string }> };
    expect(q.questions.map((x) => x.id)).toEqual(['q1', 'q2', 'q3']);

    const read = await new TestClient(ctx).get(`/api/v1/questionnaires/${q.code}`);
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({ title: 'Après l’atelier', open: true, place: { slug: placeSlug } });

    const list = (await (await team.client.api('GET', '/api/v1/questionnaires')).json()) as {
      items: Array<{ id: string; code: string; answers: number }>;
    };
    const mine = list.items.find((x) => x.code === q.code);
    expect(mine?.answers).toBe(0);
    const results = await team.client.api('GET', `/api/v1/questionnaires/${mine?.id}/results`);
    expect(results.status).toBe(200);
    const body = (await results.json()) as { questions: Array<Record<string, unknown>> };
    expect(body.questions[0]).toMatchObject({ answered: 0, average: null });
    // Aggregates only: nothing of one answer, no written text.
    expect(JSON.stringify(body)).not.toContain('texts');
    expect((await stranger.client.api('GET', `/api/v1/questionnaires/${mine?.id}/results`)).status).toBe(404);
  });
});

describe('indicators in the API', () => {
  it('list definitions, take a place’s own figures all or none, and give them back publicly', async () => {
    const defs = (await (await new TestClient(ctx).get('/api/v1/indicators')).json()) as {
      entered: Array<{ key: string }>;
      computed: Array<{ key: string }>;
    };
    expect(defs.entered.map((d) => d.key)).toContain('visiteurs');
    expect(defs.computed.map((d) => d.key)).toContain('agenda-seances');

    const negative = await team.client.api('PUT', `/api/v1/indicators/places/${placeSlug}/${LAST_YEAR}`, {
      figures: { visiteurs: 900, seances: -2 },
    });
    expect(negative.status).toBe(400);
    expect(((await negative.json()) as { details: Record<string, string[]> }).details).toHaveProperty('f_seances');
    const unknown = await team.client.api('PUT', `/api/v1/indicators/places/${placeSlug}/${LAST_YEAR}`, { figures: { licornes: 3 } });
    expect(unknown.status).toBe(400);
    const notMine = await stranger.client.api('PUT', `/api/v1/indicators/places/${placeSlug}/${LAST_YEAR}`, { figures: { visiteurs: 1 } });
    expect(notMine.status).toBe(403);
    const badPeriod = await team.client.api('PUT', `/api/v1/indicators/places/${placeSlug}/hier`, { figures: { visiteurs: 1 } });
    expect(badPeriod.status).toBe(400);

    const ok = await team.client.api('PUT', `/api/v1/indicators/places/${placeSlug}/${LAST_YEAR}`, {
      figures: { visiteurs: 900, seances: 40 },
    });
    expect(ok.status, await ok.clone().text()).toBe(200);
    // A second call naming one figure leaves the others as they were.
    expect(
      (await team.client.api('PUT', `/api/v1/indicators/places/${placeSlug}/${LAST_YEAR}`, { figures: { partenaires: 3 } })).status,
    ).toBe(200);

    const place = (await (await new TestClient(ctx).get(`/api/v1/indicators/places/${placeSlug}?year=${LAST_YEAR}`)).json()) as {
      entered: Array<{ key: string; years: Array<{ year: number; total: number | null }> }>;
    };
    const total = (key: string) => place.entered.find((s) => s.key === key)?.years.find((y) => y.year === LAST_YEAR)?.total;
    expect([total('visiteurs'), total('seances'), total('partenaires')]).toEqual([900, 40, 3]);
    const network = (await (await new TestClient(ctx).get(`/api/v1/indicators/network?year=${LAST_YEAR}`)).json()) as {
      places: number;
      entered: Array<{ key: string; years: Array<{ year: number; total: number | null }> }>;
    };
    expect(network.places).toBe(1);
    expect(network.entered.find((s) => s.key === 'visiteurs')?.years.at(-1)?.total).toBe(900);
    expect((await new TestClient(ctx).get('/api/v1/indicators/regions/99')).status).toBe(404);
  });
});
