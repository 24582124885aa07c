import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, createTestContext, TestClient, type TestContext } from '../../../test/app.ts';

let ctx: TestContext;
let token: string;
let moderatorToken: string;

const validPlace = {
  name: 'Fablab du lycée Condorcet',
  kinds: ['fablab'],
  description: 'Un lieu **ouvert** aux élèves.',
  postcode: '13001',
  commune: 'Marseille',
  latitude: 43.2965,
  longitude: 5.3698,
  equipment: ['decoupe-laser'],
  openingHours: { days: { mo: [['09:00', '12:00']] }, note: 'Sur rendez-vous' },
};

async function tokenFor(role: 'member' | 'moderator') {
  const member = await createMember(ctx, { role });
  const client = new TestClient(ctx);
  await client.signIn(member.email);
  const res = await client.post('/compte/jetons', { name: 'script' });
  const raw = /(tis_[A-Za-z0-9_-]+)/.exec(await res.text())?.[1];
  expect(raw).toBeTruthy();
  return raw ?? '';
}

function api(method: string, path: string, body?: unknown, auth = token, contentType = 'application/json') {
  return ctx.app.request(`/api/v1${path}`, {
    method,
    headers: { ...(auth ? { authorization: `Bearer ${auth}` } : {}), ...(body !== undefined ? { 'content-type': contentType } : {}) },
    body:
      body === undefined ? undefined : typeof body === 'string' || body instanceof Uint8Array ? (body as BodyInit) : JSON.stringify(body),
  });
}

beforeAll(async () => {
  ctx = await createTestContext();
  token = await tokenFor('member');
  moderatorToken = await tokenFor('moderator');
});
afterAll(async () => {
  await ctx?.close();
});

describe('places API', () => {
  it('creates (pending for a member), reads, patches and deletes a place', async () => {
    const created = await api('POST', '/places', validPlace);
    expect(created.status).toBe(201);
    const place = (await created.json()) as { id: string; status: string; commune: string; department: { code: string } };
    expect(place.status).toBe('pending');
    expect(place.department.code).toBe('13');
    expect(created.headers.get('location')).toBe(`/api/v1/places/${place.id}`);
    // A pending place is invisible to visitors.
    expect((await api('GET', `/places/${place.id}`, undefined, '')).status).toBe(404);

    const patched = await api('PATCH', `/places/${place.id}`, { name: 'Fablab Condorcet', website: null, equipment: ['imprimante-3d'] });
    expect(patched.status).toBe(200);
    const after = (await patched.json()) as { name: string; equipment: string[]; description: string; latitude: number };
    expect(after.name).toBe('Fablab Condorcet');
    expect(after.equipment).toEqual(['imprimante-3d']);
    expect(after.description).toBe(validPlace.description); // untouched fields stay
    expect(after.latitude).toBe(43.2965);

    expect((await api('DELETE', `/places/${place.id}`)).status).toBe(204);
    expect((await api('GET', `/places/${place.id}`)).status).toBe(404);
  });

  it('publishes at once for a moderator', async () => {
    const res = await api('POST', '/places', { ...validPlace, name: 'Lieu du modérateur' }, moderatorToken);
    const place = (await res.json()) as { id: string; status: string };
    expect(place.status).toBe('published');
    const visitorView = (await (await api('GET', `/places/${place.id}`, undefined, '')).json()) as Record<string, unknown>;
    expect(visitorView.name).toBe('Lieu du modérateur');
    expect(visitorView).not.toHaveProperty('status'); // moderation fields only for the team
  });

  it('needs authentication to write and the right team to change', async () => {
    expect((await api('POST', '/places', validPlace, '')).status).toBe(401);
    const res = await api('POST', '/places', { ...validPlace, name: 'Lieu de quelqu’un' }, moderatorToken);
    const { id } = (await res.json()) as { id: string };
    const other = await api('PATCH', `/places/${id}`, { name: 'Volé' });
    expect(other.status).toBe(403);
    const body = (await other.json()) as { code: string; message: string; requestId: string };
    expect(body.code).toBe('FORBIDDEN');
    expect(body.requestId).toBeTruthy();
    expect((await api('DELETE', `/places/${id}`)).status).toBe(403);
  });

  it('accepts the session cookie only with the CSRF header', async () => {
    const member = await createMember(ctx);
    const client = new TestClient(ctx);
    await client.signIn(member.email);
    const withHeader = await client.api('POST', '/api/v1/places', { ...validPlace, name: 'Par le site' });
    expect(withHeader.status).toBe(201);
    const withoutHeader = await client.request('/api/v1/places', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...validPlace, name: 'Forgé' }),
    });
    expect(withoutHeader.status).toBe(403);
  });
});

describe('bad input never gives a 500 and never half-saves', () => {
  const cases: Array<[string, unknown, string]> = [
    ['unknown field (mass assignment)', { ...validPlace, status: 'published' }, 'status'],
    ['HTML in a text field', { ...validPlace, name: '<b>Lieu</b>' }, 'name'],
    ['script in Markdown', { ...validPlace, description: 'Bonjour <script>alert(1)</script>' }, 'description'],
    ['javascript: link', { ...validPlace, description: '[clic](javascript:alert(1))' }, 'description'],
    ['NUL byte', { ...validPlace, name: 'Lieu\u0000nul' }, 'name'],
    ['latitude off the globe', { ...validPlace, latitude: 91, longitude: 5 }, 'latitude'],
    ['latitude without longitude', { ...validPlace, latitude: 45, longitude: undefined }, 'longitude'],
    ['Null Island', { ...validPlace, latitude: 0, longitude: 0 }, 'latitude'],
    ['unknown kind', { ...validPlace, kinds: ['chateau'] }, 'kinds'],
    ['no kind', { ...validPlace, kinds: [] }, 'kinds'],
    ['bad opening hours', { ...validPlace, openingHours: { days: { mo: [['9h', 'midi']] } } }, 'openingHours'],
    ['future charter date', { ...validPlace, charterSignedOn: '2999-01-01' }, 'charterSignedOn'],
    ['wrong type', { ...validPlace, latitude: 'quarante-cinq' }, 'latitude'],
  ];
  for (const [label, body, field] of cases) {
    it(`${label} → 400 with details on ${field}`, async () => {
      const res = await api('POST', '/places', body);
      expect(res.status).toBe(400);
      const json = (await res.json()) as { code: string; message: string; details: Record<string, string[]> };
      expect(json.code).toBe('VALIDATION_FAILED');
      expect(Object.keys(json.details)).toContain(field === 'status' ? '' : field);
    });
  }

  it('invalid UTF-8 in the body → 400', async () => {
    const bytes = new Uint8Array([
      ...new TextEncoder().encode('{"name":"Lieu '),
      0xc3,
      0x28,
      ...new TextEncoder().encode('","kinds":["fablab"]}'),
    ]);
    const res = await api('POST', '/places', bytes);
    expect(res.status).toBe(400);
  });

  it('malformed JSON → 400, wrong content type → 415', async () => {
    expect((await api('POST', '/places', '{"name": ')).status).toBe(400);
    expect((await api('POST', '/places', 'name=x', token, 'text/plain')).status).toBe(415);
  });

  it('malformed id → 400, unknown id → 404', async () => {
    const malformed = await api('GET', '/places/not-a-uuid');
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { code: string }).code).toBe('VALIDATION_FAILED');
    expect((await api('GET', '/places/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await ctx.app.request('/lieux/Pas_Un_Slug!')).status).toBe(404);
  });

  it('NUL byte or broken UTF-8 in a URL → 400', async () => {
    expect((await ctx.app.request('/lieux?q=%00')).status).toBe(400);
    expect((await ctx.app.request('/lieux?q=%C3%28')).status).toBe(400);
    expect((await ctx.app.request('/api/v1/places?q=%FF')).status).toBe(400);
  });

  it('a refused write leaves nothing behind', async () => {
    const before = ((await (await api('GET', '/places?q=atomique', undefined, '')).json()) as { total: number }).total;
    await api('POST', '/places', { ...validPlace, name: 'Lieu atomique', postcode: '99999' });
    const res = await api('POST', '/places', { ...validPlace, name: 'Lieu atomique', postcode: '69100', commune: 'Lyon' });
    expect(res.status).toBe(400);
    const after = ((await (await api('GET', '/places?q=atomique', undefined, '')).json()) as { total: number }).total;
    expect(after).toBe(before);
  });
});

describe('open data exports', () => {
  it('serves RFC 7946 GeoJSON with [longitude, latitude] and a CSV safe for spreadsheets', async () => {
    await api('POST', '/places', { ...validPlace, name: '=HYPERLINK("http://x")', latitude: 43.3, longitude: 5.4 }, moderatorToken);
    const geo = await ctx.app.request('/api/v1/places.geojson');
    expect(geo.headers.get('content-type')).toContain('application/geo+json');
    const fc = (await geo.json()) as {
      type: string;
      features: Array<{ type: string; geometry: { type: string; coordinates: number[] } | null }>;
    };
    expect(fc.type).toBe('FeatureCollection');
    const point = fc.features.find((f) => f.geometry)?.geometry;
    expect(point?.type).toBe('Point');
    expect(point?.coordinates[0]).toBeGreaterThan(5); // longitude first
    expect(point?.coordinates[1]).toBeGreaterThan(43);

    const csv = await (await ctx.app.request('/api/v1/places.csv')).text();
    expect(csv.split('\n')[0]).toContain('id,nom,commune,code_postal,code_insee');
    expect(csv).toContain(`'=HYPERLINK`);
    expect(csv).not.toMatch(/^=|,=/m);
  });

  it('publishes an OpenAPI 3.1 document describing the places routes', async () => {
    const doc = (await (await ctx.app.request('/api/v1/openapi.json')).json()) as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/places', '/places/{id}', '/places/bbox', '/places.geojson', '/places.csv']),
    );
    expect(Object.keys(doc.paths['/places'] ?? {})).toEqual(expect.arrayContaining(['get', 'post']));
    expect(Object.keys(doc.paths['/places/{id}'] ?? {})).toEqual(expect.arrayContaining(['get', 'patch', 'delete']));
    const page = await (await ctx.app.request('/api')).text();
    expect(page).toContain('/api/v1/places/{id}');
  });
});
