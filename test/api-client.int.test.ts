import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TisserinError, tisserin } from '../examples/api-client/client.ts';
import { apiTypes, SCHEMA_FILE } from '../scripts/api-types.ts';
import { createTestContext, placeForm, projectForm, signedInMember, type TestContext } from './app.ts';

// The proof that someone else can build on the API: the example client in examples/api-client,
// typed from the OpenAPI document by openapi-typescript and calling through openapi-fetch, run
// against the real app (each answer also checked against the document by test/contract.ts).
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx?.close();
});

const client = () => tisserin('http://tisserin.test', { fetch: async (request) => ctx.app.request(request) });

describe('the example API client', () => {
  it('is typed from the current OpenAPI document (npm run api:types leaves it unchanged)', async () => {
    expect(fs.readFileSync(SCHEMA_FILE, 'utf8')).toBe(await apiTypes());
  });

  it('lists the places near a point, nearest first, and none beyond the distance', async () => {
    const { client: moderator } = await signedInMember(ctx, { role: 'moderator' });
    // Around Rennes: the city centre, Cesson-Sévigné (~6 km), Vitré (~35 km); Lyon is far away.
    const places: Array<[string, string, string, string]> = [
      ['Fablab du centre de Rennes', '35000', 'Rennes', '48.1113, -1.6800'],
      ['Médiathèque de Cesson', '35510', 'Cesson-Sévigné', '48.1211, -1.6030'],
      ['Atelier de Vitré', '35500', 'Vitré', '48.1236, -1.2093'],
      ['Learning lab de Lyon', '69001', 'Lyon', '45.7676, 4.8344'],
    ];
    for (const [name, postcode, commune, coordinates] of places) {
      const res = await moderator.post('/lieux/nouveau', placeForm({ name, postcode, commune, coordinates }));
      expect(res.status, name).toBe(303);
    }
    const near = await client().placesNear(48.1173, -1.6778, 10);
    expect(near.map((p) => p.name)).toEqual(['Fablab du centre de Rennes', 'Médiathèque de Cesson']);
    expect(near[0]?.km).toBeLessThan(1);
    const wider = await client().placesNear(48.1173, -1.6778, 50);
    expect(wider.map((p) => p.name)).toEqual(['Fablab du centre de Rennes', 'Médiathèque de Cesson', 'Atelier de Vitré']);
  });

  it('reads a project’s revisions, and one revision whole', async () => {
    const { client: author } = await signedInMember(ctx, { displayName: 'Nadia Autrice' });
    const path = (await author.post('/projets/nouveau', projectForm({ title: 'Un herbier numérique' }))).headers.get('location') ?? '';
    const slug = path.split('/').pop() ?? '';
    await author.post(
      `${path}/modifier`,
      projectForm({ title: 'Un herbier numérique', section_contexte: 'Au CDI.', change: 'le lieu', base: '1', intent: 'save' }),
    );
    const revisions = await client().projectRevisions(slug);
    expect(revisions.map((r) => [r.number, r.author])).toEqual([
      [2, 'Nadia Autrice'],
      [1, 'Nadia Autrice'],
    ]);
    const first = await client().projectRevision(slug, 1);
    expect(first.content.title).toBe('Un herbier numérique');
    await expect(client().projectRevision(slug, 9)).rejects.toThrow(TisserinError);
  });
});
