import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTools } from '../src/domains/tools/tools.service.ts';
import { createMember, createTestContext, placeForm, TestClient, type TestContext } from './app.ts';

let ctx: TestContext;
type Role = 'visitor' | 'member' | 'manager' | 'moderator' | 'admin';
const clients = {} as Record<Role, TestClient>;
let memberId = '';

/** A published place managed by the "manager" client; returns its slug and id. */
async function freshPlace(name: string) {
  const res = await clients.manager.post('/lieux/nouveau', placeForm({ name }));
  const slug = (res.headers.get('location') ?? '').replace('/lieux/', '');
  const page = await (await clients.moderator.get('/moderation/lieux')).text();
  const id = new RegExp(`href="/lieux/${slug}"[\\s\\S]*?/moderation/lieux/([0-9a-f-]{36})`).exec(page)?.[1] ?? '';
  await clients.moderator.post(`/moderation/lieux/${id}`, { decision: 'publish', note: '' });
  return { slug, id };
}

beforeAll(async () => {
  ctx = await createTestContext();
  await seedTools(ctx.deps.db);
  clients.visitor = new TestClient(ctx);
  for (const role of ['member', 'manager', 'moderator', 'admin'] as const) {
    const m = await createMember(ctx, { role: role === 'manager' ? 'member' : role });
    if (role === 'member') {
      memberId = m.id;
    }
    clients[role] = new TestClient(ctx);
    await clients[role].signIn(m.email);
  }
});
afterAll(async () => {
  await ctx?.close();
});

describe('headers on every response', () => {
  it('sets a strict CSP, nosniff, referrer policy and frame protection, HTML or JSON, success or error', async () => {
    for (const path of [
      '/',
      '/lieux',
      '/carte',
      '/connexion',
      '/api/v1/places',
      '/api/v1/openapi.json',
      '/nexiste-pas',
      '/api/v1/places/xyz',
      '/healthz',
    ]) {
      const res = await ctx.app.request(path);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("default-src 'self'");
      expect(csp, path).toContain("script-src 'self'");
      expect(csp, path).not.toContain('unsafe-inline');
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('referrer-policy'), path).toBeTruthy();
      expect(res.status, path).toBeLessThan(500);
    }
  });

  it('marks pages of a signed-in person as not cacheable', async () => {
    const res = await clients.member.get('/compte');
    expect(res.headers.get('cache-control')).toContain('no-store');
  });

  it('serves pages without inline script or style attributes (the CSP would block them)', async () => {
    for (const path of ['/', '/lieux', '/carte', '/inscription']) {
      const html = await (await ctx.app.request(path)).text();
      expect(html, path).not.toMatch(/<script(?![^>]*\b(src=|type="application\/ld\+json"))[^>]*>/);
      expect(html, path).not.toMatch(/\sstyle="/);
      expect(html, path).not.toMatch(/\son[a-z]+="/);
    }
  });
});

describe('role × route matrix', () => {
  const ROLES: Role[] = ['visitor', 'member', 'manager', 'moderator', 'admin'];
  type Expect = Record<Role, number>;
  const all = (status: number): Expect => ({ visitor: status, member: status, manager: status, moderator: status, admin: status });
  const signedIn = (status: number): Expect => ({ visitor: 303, member: status, manager: status, moderator: status, admin: status });
  const team: Expect = { visitor: 303, member: 403, manager: 200, moderator: 200, admin: 200 };
  const teamOnly: Expect = { visitor: 303, member: 403, manager: 200, moderator: 403, admin: 403 };
  const moderators: Expect = { visitor: 303, member: 403, manager: 403, moderator: 200, admin: 200 };
  const admins: Expect = { visitor: 303, member: 403, manager: 403, moderator: 403, admin: 200 };

  it('answers each page as each role should', async () => {
    const { slug } = await freshPlace('Lieu de la matrice');
    // A published project whose team is the "manager" client.
    const project = await clients.manager.post('/projets/nouveau', {
      title: 'Projet de la matrice',
      licence: 'CC-BY-SA-4.0',
      status: 'idee',
      base: '0',
      intent: 'publish',
    });
    const projectPath = project.headers.get('location') ?? '';
    expect(projectPath).toMatch(/^\/projets\//);
    const routes: Array<[string, Expect]> = [
      ['/', all(200)],
      ['/lieux', all(200)],
      ['/carte', all(200)],
      [`/lieux/${slug}`, all(200)],
      ['/lieux/nouveau', signedIn(200)],
      ['/compte', signedIn(200)],
      [`/lieux/${slug}/modifier`, team],
      [`/lieux/${slug}/photos`, team],
      [`/lieux/${slug}/equipe`, team],
      [`/lieux/${slug}/outils`, team],
      [`/lieux/${slug}/messages`, teamOnly],
      ['/outils', all(200)],
      ['/outils/inkscape', all(200)],
      ['/outils/nouveau', signedIn(200)],
      ['/guides/collections/nouvelle', signedIn(200)],
      ['/projets', all(200)],
      [projectPath, all(200)],
      [`${projectPath}/historique`, all(200)],
      ['/projets/nouveau', signedIn(200)],
      [`${projectPath}/modifier`, team],
      [`${projectPath}/adapter`, signedIn(200)],
      ['/moderation', moderators],
      ['/moderation/lieux', moderators],
      ['/moderation/competences', moderators],
      ['/moderation/commentaires', moderators],
      ['/recherche?q=lieu', all(200)],
      ['/recherche?q=fablab+Rennes', all(200)],
      ['/lieux?q=fablab&pres=Rennes&km=30', all(200)],
      ['/membres?q=d%C3%A9coupe+laser+Vitr%C3%A9&transmet=1', all(200)],
      ['/bienvenue', signedIn(200)],
      ['/profil/competences?q=3D', signedIn(200)],
      ['/admin', admins],
      ['/admin/outbox', admins],
      ['/admin/membres', admins],
    ];
    for (const [path, expected] of routes) {
      for (const role of ROLES) {
        const res = await clients[role].get(path);
        expect(res.status, `${role} GET ${path}`).toBe(expected[role]);
      }
    }
  });

  it('allows each write only to the roles that may make it', async () => {
    for (const role of ROLES) {
      const { slug, id } = await freshPlace(`Lieu à modifier par ${role}`);
      const edit = await clients[role].post(`/lieux/${slug}/modifier`, placeForm({ name: `Lieu à modifier par ${role}` }));
      expect(edit.status, `${role} edit`).toBe({ visitor: 303, member: 403, manager: 303, moderator: 303, admin: 303 }[role]);
      if (role === 'visitor') {
        expect(edit.headers.get('location')).toContain('/connexion');
      }
      const patch = await clients[role].api('PATCH', `/api/v1/places/${id}`, { name: `Renommé par ${role}` });
      expect(patch.status, `${role} PATCH`).toBe({ visitor: 401, member: 403, manager: 200, moderator: 200, admin: 200 }[role]);
      const moderate = await clients[role].post(`/moderation/lieux/${id}`, { decision: 'publish' });
      expect(moderate.status, `${role} moderate`).toBe({ visitor: 303, member: 403, manager: 403, moderator: 303, admin: 303 }[role]);
      const role2 = await clients[role].post(`/admin/membres/${memberId}/role`, { role: 'member' });
      expect(role2.status, `${role} change role`).toBe({ visitor: 303, member: 403, manager: 403, moderator: 403, admin: 303 }[role]);
      const del = await clients[role].api('DELETE', `/api/v1/places/${id}`);
      expect(del.status, `${role} DELETE`).toBe({ visitor: 401, member: 403, manager: 204, moderator: 204, admin: 204 }[role]);
    }
  });

  it('never lets an admin change their own role', async () => {
    const page = await clients.admin.get('/admin/membres');
    expect(page.status).toBe(200);
    const self = (await (await clients.admin.get('/api/v1/me')).json()) as { id: string };
    const res = await clients.admin.post(`/admin/membres/${self.id}/role`, { role: 'member' });
    expect(res.status).toBe(403);
  });
});

describe('a nearly full disk', () => {
  it('refuses writes with 507 and a clear message instead of hanging', async () => {
    const full = await createTestContext({ env: { MIN_FREE_DISK_MB: '100000000' } });
    try {
      const client = new TestClient(full);
      const res = await client.post('/inscription', {
        displayName: 'Léa',
        email: 'lea@example.org',
        password: 'une phrase assez longue',
        acceptCharter: 'on',
      });
      expect(res.status).toBe(507);
      expect(await res.text()).toContain('manque d’espace disque');
      expect((await client.get('/lieux')).status).toBe(200); // reading still works
    } finally {
      await full.close();
    }
  });
});

describe('fuzzing', () => {
  it('never answers 5xx to junk in query strings', async () => {
    const paths = [
      '/lieux',
      '/carte',
      '/api/v1/places',
      '/api/v1/places/bbox',
      '/api/v1/places.geojson',
      '/admin/membres',
      '/reinitialiser',
      '/verifier-email',
      '/membres',
      '/recherche',
      '/api/v1/search',
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...paths),
        fc.dictionary(
          fc.constantFrom('q', 'kind', 'region', 'page', 'bbox', 'zoom', 'token', 'updated_since', 'x'),
          fc.string({ unit: 'binary', maxLength: 40 }),
        ),
        async (path, params) => {
          const qs = Object.entries(params)
            .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
            .join('&');
          const res = await clients.member.get(`${path}?${qs}`);
          expect(res.status, `${path}?${qs}`).toBeLessThan(500);
        },
      ),
      { numRuns: 120 },
    );
  });

  it('never answers 5xx to junk in forms and JSON bodies', async () => {
    const forms = [
      '/inscription',
      '/connexion',
      '/mot-de-passe-oublie',
      '/reinitialiser',
      '/lieux/nouveau',
      '/compte/nom',
      '/compte/email',
      '/projets/nouveau',
      '/outils/nouveau',
      '/guides/collections/nouvelle',
    ];
    // The project form's own fields, with junk values (lists, binary, huge numbers).
    const projectFields = [
      'title',
      'summary',
      'status',
      'licence',
      'step_title',
      'step_text',
      'step_image',
      'attachment',
      'coverKey',
      'places',
      'tools',
      'base',
      'intent',
      'levels',
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(
          fc.constantFrom(...projectFields),
          fc.oneof(fc.string({ unit: 'binary', maxLength: 60 }), fc.array(fc.string(), { maxLength: 3 })),
        ),
        async (fields) => {
          const res = await clients.member.post('/projets/nouveau', { title: 'Projet flou', licence: 'CC0-1.0', ...fields } as Record<
            string,
            string | string[]
          >);
          expect(res.status).toBeLessThan(500);
        },
      ),
      { numRuns: 80 },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...forms),
        fc.dictionary(
          fc.string({ maxLength: 12 }),
          fc.oneof(fc.string({ unit: 'binary', maxLength: 60 }), fc.array(fc.string(), { maxLength: 3 })),
        ),
        async (path, fields) => {
          const res = await clients.member.post(path, fields as Record<string, string | string[]>);
          expect(res.status, path).toBeLessThan(500);
        },
      ),
      { numRuns: 120 },
    );
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (body) => {
        const res = await clients.member.api('POST', '/api/v1/places', body);
        expect(res.status).toBeLessThan(500);
      }),
      { numRuns: 80 },
    );
  });
});
