import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, createTestContext, placeForm, TestClient, type TestContext } from '../../../test/app.ts';
import { createBanGeocoder } from './geocoder.ts';

// A local test double speaking the national address API's protocol (GET /search/?q=… → GeoJSON).
let server: http.Server;
let baseUrl = '';
const queries: string[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    queries.push(url.searchParams.get('q') ?? '');
    if (url.pathname !== '/search/') {
      res.writeHead(404).end();
      return;
    }
    if ((url.searchParams.get('q') ?? '').includes('panne')) {
      res.writeHead(503).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        type: 'FeatureCollection',
        features: (url.searchParams.get('q') ?? '').includes('introuvable')
          ? []
          : [
              {
                type: 'Feature',
                geometry: { type: 'Point', coordinates: [4.880472, 45.766889] },
                properties: {
                  label: '12 Rue des Écoles 69100 Villeurbanne',
                  score: 0.93,
                  postcode: '69100',
                  citycode: '69266',
                  city: 'Villeurbanne',
                  name: '12 Rue des Écoles',
                },
              },
            ],
      }),
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
});

describe('geocoding through the address API', () => {
  it('the adapter reads features as latitude/longitude with the INSEE code', async () => {
    const [best] = await createBanGeocoder(baseUrl).search('12 rue des écoles villeurbanne', { postcode: '69100' });
    expect(best).toMatchObject({ lat: 45.766889, lng: 4.880472, inseeCode: '69266', commune: 'Villeurbanne', score: 0.93 });
  });

  it('fills the form’s coordinates without JavaScript, and degrades gracefully', async () => {
    let ctx: TestContext | undefined;
    try {
      ctx = await createTestContext({ geocoder: createBanGeocoder(baseUrl) });
      const member = await createMember(ctx);
      const client = new TestClient(ctx);
      await client.signIn(member.email);
      const found = await client.post('/lieux/nouveau', { ...placeForm({ coordinates: '' }), _action: 'geocode' });
      expect(found.status).toBe(200);
      const html = await found.text();
      expect(html).toContain('value="45.766889, 4.880472"');
      expect(html).toContain('Adresse trouvée : 12 Rue des Écoles 69100 Villeurbanne (fiabilité 93 %)');
      expect(html).toContain('value="Fablab du collège Jean Moulin"'); // nothing typed is lost
      const none = await client.post('/lieux/nouveau', { ...placeForm({ address: 'adresse introuvable' }), _action: 'geocode' });
      expect(await none.text()).toContain('Adresse introuvable');
      const down = await client.post('/lieux/nouveau', { ...placeForm({ address: 'serveur en panne' }), _action: 'geocode' });
      expect(down.status).toBe(200);
      expect(await down.text()).toContain('ne répond pas');
    } finally {
      await ctx?.close();
    }
  });
});
