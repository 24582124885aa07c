import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, createTestContext, lastMailTo, TEST_PASSWORD, TestClient, type TestContext } from '../../../test/app.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx?.close();
});

describe('the database under test', () => {
  it('is the one CI asked for: PostgreSQL when DATABASE_URL is set, PGlite otherwise', () => {
    expect(ctx.deps.database.kind).toBe(process.env.DATABASE_URL ? 'postgres' : 'pglite');
  });
});

describe('sign-up, verification, sign-in', () => {
  it('creates an account, verifies it through the e-mailed link, and signs in', async () => {
    const client = new TestClient(ctx);
    const res = await client.post('/inscription', {
      displayName: 'Camille Martin',
      email: 'Camille.Martin@Example.org',
      password: 'des tartines de confiture',
      acceptCharter: 'on',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/inscription/envoye');

    // Not verified yet: sign-in is refused and the link is sent again.
    const early = await client.post('/connexion', { email: 'camille.martin@example.org', password: 'des tartines de confiture' });
    expect(early.status).toBe(403);
    expect(await early.text()).toContain('pas encore confirmée');

    const { mail, token } = await lastMailTo(ctx, 'camille.martin@example.org');
    expect(mail?.subject).toContain('Confirmez');
    expect(token).toBeTruthy();
    // GET shows a confirmation button; only the POST verifies.
    const page = await client.get(`/verifier-email?token=${token}`);
    expect(page.status).toBe(200);
    const verify = await client.post('/verifier-email', { token: token ?? '' });
    expect(verify.status).toBe(303);
    // Confirming signs her in and opens the welcome with her first steps.
    expect(verify.headers.get('location')).toBe('/bienvenue');
    expect(verify.headers.getSetCookie().some((c) => c.startsWith('tisserin_session='))).toBe(true);
    const welcome = await (await client.get('/bienvenue')).text();
    expect(welcome).toContain('Bienvenue, Camille');
    expect(welcome).toContain('Ajoutez vos compétences');
    // Single use.
    const again = await client.post('/verifier-email', { token: token ?? '' });
    expect(again.status).toBe(400);

    const signIn = await client.post('/connexion', { email: 'camille.martin@example.org', password: 'des tartines de confiture' });
    expect(signIn.status).toBe(303);
    const cookie = signIn.headers.getSetCookie().find((c) => c.startsWith('tisserin_session='));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const account = await client.get('/compte');
    expect(account.status).toBe(200);
    expect(await account.text()).toContain('camille.martin@example.org');
  });

  it('keeps what was typed and explains each error in French', async () => {
    const client = new TestClient(ctx);
    const res = await client.post('/inscription', {
      displayName: 'Z',
      email: 'pas-une-adresse',
      password: 'azertyuiop123',
      acceptCharter: '',
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('value="pas-une-adresse"');
    expect(html).toContain('Adresse e-mail invalide');
    expect(html).toContain('Trop court');
    expect(html).toContain('Vous devez accepter la charte');
    expect(html).not.toContain('azertyuiop123'); // a password is never echoed
  });

  it('refuses short and common passwords', async () => {
    const client = new TestClient(ctx);
    const short = await client.post('/inscription', {
      displayName: 'Léa',
      email: 'lea@example.org',
      password: 'court',
      acceptCharter: 'on',
    });
    expect(await short.text()).toContain('au moins 12 caractères');
    const common = await client.post('/inscription', {
      displayName: 'Léa',
      email: 'lea@example.org',
      password: 'motdepasse123',
      acceptCharter: 'on',
    });
    expect(await common.text()).toContain('trop courant');
  });

  it('answers the same whether the address is taken or not, and tells the owner', async () => {
    const owner = await createMember(ctx, { email: 'deja@example.org' });
    const client = new TestClient(ctx);
    const res = await client.post('/inscription', {
      displayName: 'Autre',
      email: 'deja@example.org',
      password: 'encore une phrase longue',
      acceptCharter: 'on',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/inscription/envoye');
    const { mail } = await lastMailTo(ctx, owner.email);
    expect(mail?.subject).toContain('a essayé de créer un compte');
  });

  it('rotates the session at sign-in and ends every session at sign-out', async () => {
    const member = await createMember(ctx);
    const phone = new TestClient(ctx);
    const laptop = new TestClient(ctx);
    phone.cookies.set('tisserin_session', 'attacker-fixed-value-xxxxxxxxxxxxxxxx');
    await phone.signIn(member.email);
    expect(phone.cookies.get('tisserin_session')).not.toBe('attacker-fixed-value-xxxxxxxxxxxxxxxx');
    await laptop.signIn(member.email);
    expect((await laptop.get('/compte')).status).toBe(200);
    const out = await phone.post('/deconnexion');
    expect(out.status).toBe(303);
    expect((await phone.get('/compte')).status).toBe(303);
    expect((await laptop.get('/compte')).status).toBe(303); // signed out there too
  });
});

describe('sign-in throttling', () => {
  it('locks an account after 10 failures with 429 and Retry-After; a reset link still lets the owner in', async () => {
    const member = await createMember(ctx);
    for (let i = 0; i < 10; i++) {
      const client = new TestClient(ctx, `198.51.100.${i + 1}`);
      const res = await client.post('/connexion', { email: member.email, password: 'mauvais mot de passe' });
      expect(res.status).toBe(401);
    }
    const locked = await new TestClient(ctx, '198.51.100.200').post('/connexion', { email: member.email, password: TEST_PASSWORD });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await locked.text()).toContain('bloqué');

    const owner = new TestClient(ctx, '198.51.100.201');
    await owner.post('/mot-de-passe-oublie', { email: member.email });
    const { token } = await lastMailTo(ctx, member.email);
    const reset = await owner.post('/reinitialiser', { token: token ?? '', password: 'ma nouvelle phrase secrète' });
    expect(reset.status).toBe(303);
    const signIn = await owner.post('/connexion', { email: member.email, password: 'ma nouvelle phrase secrète' });
    expect(signIn.status).toBe(303);
  });

  it('throttles one IP trying many accounts', async () => {
    const client = new TestClient(ctx, '192.0.2.50');
    let last: Response | undefined;
    for (let i = 0; i < 26; i++) {
      last = await client.post('/connexion', { email: `inconnu${i}@example.org`, password: 'nimporte quoi du tout' });
    }
    expect(last?.status).toBe(429);
    expect(last?.headers.get('retry-after')).toBeTruthy();
  });
});

describe('password reset', () => {
  it('sends a single-use link and the same answer for unknown addresses', async () => {
    const member = await createMember(ctx);
    const client = new TestClient(ctx);
    const known = await client.post('/mot-de-passe-oublie', { email: member.email });
    const unknown = await client.post('/mot-de-passe-oublie', { email: 'personne@example.org' });
    expect(known.status).toBe(200);
    expect(unknown.status).toBe(200);
    const strip = (s: string) => s.replace(/value="[^"]*"/g, '');
    expect(strip(await known.text())).toBe(strip(await unknown.text()));
    const { token } = await lastMailTo(ctx, member.email);
    expect(token && token.length >= 22).toBe(true); // ≥ 128 bits in base64url
    const first = await client.post('/reinitialiser', { token: token ?? '', password: 'une autre phrase longue' });
    expect(first.status).toBe(303);
    const second = await client.post('/reinitialiser', { token: token ?? '', password: 'encore une autre phrase' });
    expect(second.status).toBe(400);
  });
});

describe('account settings', () => {
  it('changes the password, ending other sessions but keeping this one', async () => {
    const member = await createMember(ctx);
    const here = new TestClient(ctx);
    const elsewhere = new TestClient(ctx);
    await here.signIn(member.email);
    await elsewhere.signIn(member.email);
    const wrong = await here.post('/compte/mot-de-passe', { currentPassword: 'faux', newPassword: 'nouvelle phrase de passe' });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain('Mot de passe incorrect');
    const ok = await here.post('/compte/mot-de-passe', { currentPassword: TEST_PASSWORD, newPassword: 'nouvelle phrase de passe' });
    expect(ok.status).toBe(303);
    expect((await here.get('/compte')).status).toBe(200);
    expect((await elsewhere.get('/compte')).status).toBe(303);
  });

  it('changes the e-mail address after confirmation from the new address', async () => {
    const member = await createMember(ctx);
    const client = new TestClient(ctx);
    await client.signIn(member.email);
    const res = await client.post('/compte/email', { newEmail: 'nouvelle@example.org', currentPassword: TEST_PASSWORD });
    expect(res.status).toBe(303);
    const { token } = await lastMailTo(ctx, 'nouvelle@example.org');
    expect((await lastMailTo(ctx, member.email)).mail?.subject).toContain('Changement d’adresse');
    expect((await client.post('/confirmer-email', { token: token ?? '' })).status).toBe(303);
    expect(await (await client.get('/compte')).text()).toContain('nouvelle@example.org');
  });

  it('deletes the account after the password and confirmation', async () => {
    const member = await createMember(ctx);
    const client = new TestClient(ctx);
    await client.signIn(member.email);
    const missing = await client.post('/compte/supprimer', { currentPassword: TEST_PASSWORD });
    expect(missing.status).toBe(400);
    const done = await client.post('/compte/supprimer', { currentPassword: TEST_PASSWORD, confirm: 'on' });
    expect(done.status).toBe(303);
    const signIn = await new TestClient(ctx).post('/connexion', { email: member.email, password: TEST_PASSWORD });
    expect(signIn.status).toBe(401);
  });

  it('refuses a form without the CSRF token', async () => {
    const member = await createMember(ctx);
    const client = new TestClient(ctx);
    await client.signIn(member.email);
    const res = await client.post('/compte/nom', { displayName: 'Pirate' }, { csrf: false });
    expect(res.status).toBe(403);
    const cross = await client.request('/compte/nom', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
      body: `_csrf=${await client.csrf()}&displayName=Pirate`,
    });
    expect(cross.status).toBe(403);
  });
});
