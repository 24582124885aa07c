import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../src/db/client.ts';
import { ipKey } from '../src/domains/accounts/throttle.service.ts';
import { forwardedClient } from '../src/http-env.ts';
import { createMember, createTestContext, placeForm, projectForm, signedInMember, TestClient, type TestContext } from './app.ts';

// What an outside probe found (scanners, fuzzing, kill -9 rounds, a privacy crawl): each case
// below failed before its fix.
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx?.close();
});

const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

async function rateLimitCount(key: string): Promise<number> {
  const [row] = await queryRows<{ count: number }>(ctx.deps.db, sql`select count from rate_limits where key = ${key}`);
  return Number(row?.count ?? 0);
}

describe('1. a place’s team names only those whose “places” field the viewer may see', () => {
  it('hides a private manager from everyone, a members-only one from visitors, in the page and in the API', async () => {
    const { client: author, member: pub } = await signedInMember(ctx, { displayName: 'Paule Publique' });
    const moderator = await signedInMember(ctx, { role: 'moderator' });
    const forMembers = await createMember(ctx, { displayName: 'Marc Membres' });
    const hidden = await createMember(ctx, { displayName: 'Prisca Privée' });
    const created = await author.post('/lieux/nouveau', placeForm({ name: 'Fablab de l’équipe discrète' }));
    const slug = (created.headers.get('location') ?? '').replace('/lieux/', '');
    for (const m of [forMembers, hidden]) {
      expect((await author.post(`/lieux/${slug}/equipe`, { email: m.email })).status).toBe(303);
    }
    const setPlacesVisibility = (userId: string, v: string) =>
      ctx.deps.db.execute(
        sql`update profiles set visibility = visibility || jsonb_build_object('places', ${v}::text) where user_id = ${userId}`,
      );
    await setPlacesVisibility(pub.id, 'public');
    await setPlacesVisibility(forMembers.id, 'members');
    await setPlacesVisibility(hidden.id, 'private');
    const [place] = await queryRows<{ id: string }>(ctx.deps.db, sql`select id from places where slug = ${slug}`);
    await moderator.client.post(`/moderation/lieux/${place?.id}`, { decision: 'publish', note: '' });

    const visitor = new TestClient(ctx);
    const { client: member } = await signedInMember(ctx);
    const seen = async (client: TestClient) => {
      const page = textOf(await (await client.get(`/lieux/${slug}`)).text());
      const api = (await (await client.get(`/api/v1/places/${place?.id}`)).json()) as { team: Array<{ displayName: string }> };
      const names = ['Paule Publique', 'Marc Membres', 'Prisca Privée'];
      return {
        page: names.filter((n) => page.includes(n)),
        api: api.team.map((m) => m.displayName),
      };
    };
    expect(await seen(visitor)).toEqual({ page: ['Paule Publique'], api: ['Paule Publique'] });
    expect(await seen(member)).toEqual({ page: ['Paule Publique', 'Marc Membres'], api: ['Paule Publique', 'Marc Membres'] });
    // The team's own page, for whoever manages it, still lists everyone.
    expect(textOf(await (await author.get(`/lieux/${slug}/equipe`)).text())).toContain('Prisca Privée');
  });
});

describe('2. behind a reverse proxy, the address is the one the proxy appended', () => {
  it('reads X-Forwarded-For from the right, with the configured number of proxies', () => {
    expect(forwardedClient('192.0.2.1, 203.0.113.7', 1)).toBe('203.0.113.7');
    expect(forwardedClient('192.0.2.1, 203.0.113.7, 10.0.0.2', 2)).toBe('203.0.113.7');
    expect(forwardedClient('203.0.113.7', 2)).toBe('203.0.113.7');
    expect(forwardedClient('203.0.113.7', 0)).toBeUndefined();
    expect(forwardedClient(undefined, 1)).toBeUndefined();
  });

  it('throttles sign-ins from one address whatever the client writes before it', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) {
      const client = new TestClient(ctx, `192.0.2.${i}, 198.51.100.30`);
      statuses.push((await client.post('/connexion', { email: `personne${i}@example.org`, password: 'pas le bon mot' })).status);
    }
    expect(statuses.slice(0, 25).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(25)).toEqual([429, 429, 429, 429, 429]);
  });
});

describe('3. numbers in URLs are bounded', () => {
  it('answers 404 or the default, never 500, to revision numbers beyond an integer column', async () => {
    const { client } = await signedInMember(ctx);
    const path = (await client.post('/projets/nouveau', projectForm({ title: 'Des nombres trop grands' }))).headers.get('location');
    for (const url of [`${path}/versions/2147483648`, `${path}/versions/99999999999999999999`]) {
      expect((await client.get(url)).status).toBe(404);
    }
    expect((await client.get(`${path}/comparer?de=1&a=9223372036854775808`)).status).toBe(200);
    expect((await client.get(`${path}/comparer?de=2147483648&a=1`)).status).toBe(200);
    const slug = path?.split('/').pop();
    const api = await client.get(`/api/v1/projects/${slug}/revisions/2147483648`);
    expect(api.status).toBe(400);
    const restore = await client.post(`${path}/restaurer`, { numero: '1', base: '9223372036854775808' });
    expect(restore.status).toBeLessThan(500);
  });
});

describe('4. no dead link on a project page', () => {
  it('answers every link under the project’s address, the .zip download included', async () => {
    const { client } = await signedInMember(ctx);
    const path = (await client.post('/projets/nouveau', projectForm({ title: 'Un projet sans lien mort' }))).headers.get('location') ?? '';
    for (const viewer of [client, new TestClient(ctx)]) {
      const html = await (await viewer.get(path)).text();
      const links = [...new Set([...html.matchAll(/href="([^"#?]+)/g)].map((m) => m[1] ?? ''))].filter((h) => h.startsWith(path));
      expect(links).toContain(`${path}/export.zip`);
      for (const link of links) {
        const res = await viewer.get(link);
        expect(res.status, link).not.toBe(404);
        expect(res.status, link).toBeLessThan(500);
      }
      const zip = await viewer.get(`${path}/export.zip`);
      expect(zip.headers.get('content-type')).toBe('application/zip');
    }
  });
});

describe('5. a refused sign-in costs almost nothing', () => {
  it('stops writing to the database once an address is over its limit', async () => {
    const client = new TestClient(ctx, '198.51.100.50');
    const attempt = () => client.post('/connexion', { email: 'quelquun@example.org', password: 'pas le bon mot' });
    for (let i = 0; i < 26; i++) {
      await attempt();
    }
    const key = `signin:${ipKey('198.51.100.50')}`;
    expect(await rateLimitCount(key)).toBe(26);
    const refused = await Promise.all(Array.from({ length: 20 }, attempt));
    expect(refused.every((r) => r.status === 429)).toBe(true);
    expect(refused[0]?.headers.get('retry-after')).toMatch(/^\d+$/);
    // The refusals were answered from memory: the hot row was not written 20 more times.
    expect(await rateLimitCount(key)).toBe(26);
  });
});

describe('6. the per-account limit is taken atomically', () => {
  it('checks exactly 10 of 50 simultaneous wrong passwords for one account', async () => {
    const member = await createMember(ctx);
    const clients = Array.from({ length: 50 }, (_, i) => new TestClient(ctx, `198.51.101.${i}`));
    await Promise.all(clients.map((c) => c.csrf()));
    const statuses = await Promise.all(clients.map((c) => c.post('/connexion', { email: member.email, password: 'pas le bon mot' })));
    expect(statuses.filter((r) => r.status === 401)).toHaveLength(10);
    expect(statuses.filter((r) => r.status === 429)).toHaveLength(40);
  });
});

describe('7. a nearly full disk stops only the writes that grow the data', () => {
  it('keeps reading, signing in and out, and choosing a language; refuses a new place with 507', async () => {
    const full = await createTestContext({ env: { MIN_FREE_DISK_MB: '100000000' } });
    try {
      const member = await createMember(full);
      const client = new TestClient(full);
      expect((await client.get('/lieux')).status).toBe(200);
      await client.signIn(member.email);
      expect((await client.post('/langue', { locale: 'en', next: '/' })).status).toBe(303);
      const refused = await client.post('/lieux/nouveau', placeForm());
      expect(refused.status).toBe(507);
      expect(await refused.text()).toContain('disk space');
      expect((await client.post('/deconnexion')).status).toBe(303);
    } finally {
      await full.close();
    }
  });
});

describe('the CSRF token is tied to the session', () => {
  it('refuses a signed-in form with the cookie token, another session’s token, or an old session’s', async () => {
    const member = await createMember(ctx);
    const laptop = new TestClient(ctx);
    await laptop.signIn(member.email);
    const phone = new TestClient(ctx);
    await phone.signIn(member.email);
    const rename = (client: TestClient, token: string) =>
      client.request('/compte/nom', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: token, displayName: 'Nouveau nom' }).toString(),
      });
    const own = await laptop.csrf();
    expect((await rename(laptop, own)).status).toBe(303);
    expect((await rename(laptop, await phone.csrf())).status).toBe(403);
    // The double-submit cookie, which a sibling site could plant, is not enough once signed in.
    await laptop.get('/connexion?next=/');
    const cookie = laptop.cookies.get('tisserin_csrf') ?? (await new TestClient(ctx).csrf());
    laptop.cookies.set('tisserin_csrf', cookie);
    expect((await rename(laptop, cookie)).status).toBe(403);
    // Signing in again gives new tokens.
    await laptop.post('/deconnexion');
    await laptop.signIn(member.email);
    expect((await rename(laptop, own)).status).toBe(403);
    expect((await rename(laptop, await laptop.csrf())).status).toBe(303);
  });
});
