import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { desc, eq } from 'drizzle-orm';
import { createApp } from '../src/app.tsx';
import { type Config, loadConfig } from '../src/config.ts';
import type { Deps } from '../src/deps.ts';
import { users } from '../src/domains/accounts/accounts.schema.ts';
import { hashPassword } from '../src/domains/accounts/passwords.ts';
import type { Geocoder } from '../src/domains/geo/geocoder.ts';
import { outbox } from '../src/domains/mail/mail.schema.ts';
import { createMailer } from '../src/domains/mail/mailer.ts';
import { createProfileFor } from '../src/domains/people/people.service.ts';
import { createChangeFeed } from '../src/lib/change-feed.ts';
import { createDiskGuard } from '../src/lib/disk.ts';
import { createLogger } from '../src/lib/logger.ts';
import type { Role } from '../src/lib/viewer.ts';
import { createUploadStore } from '../src/ops/database-uploads.ts';
import { assertMatchesSpec } from './contract.ts';
import { openTestDatabase } from './template-db.ts';

export interface TestContext {
  app: ReturnType<typeof createApp>;
  deps: Deps;
  config: Config;
  close(): Promise<void>;
}

/**
 * The real app on a fresh migrated database (PGlite clone or PostgreSQL), with uploads in a
 * temporary directory and e-mails in the outbox.
 */
export async function createTestContext(opts: { env?: Record<string, string>; geocoder?: Geocoder } = {}): Promise<TestContext> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tisserin-test-'));
  const config = loadConfig({
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    DEMO_DATA: 'false',
    PUBLIC_URL: 'http://localhost:3000',
    TRUST_PROXY: 'true',
    MIN_FREE_DISK_MB: '0',
    ...opts.env,
  });
  const { database, drop } = await openTestDatabase();
  const logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  const changes = await createChangeFeed(database, logger);
  const deps: Deps = {
    config,
    database,
    db: database.db,
    logger,
    mailer: createMailer({ db: database.db, logger, smtpUrl: config.smtpUrl, from: config.mailFrom }),
    geocoder: opts.geocoder ?? null,
    uploads: createUploadStore(config.uploadStore, database, path.join(dataDir, 'uploads')),
    changes,
    assertDiskSpace: createDiskGuard(dataDir, config.minFreeDiskBytes),
    lifecycle: { draining: false },
  };
  return {
    app: checkedAgainstSpec(createApp(deps)),
    deps,
    config,
    async close() {
      await changes.close();
      await drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The app whose API answers are each checked against the OpenAPI document (test/contract.ts). */
function checkedAgainstSpec(app: ReturnType<typeof createApp>) {
  const request = app.request.bind(app);
  app.request = (async (input: Parameters<typeof request>[0], init?: RequestInit, ...rest: unknown[]) => {
    const res = await request(input, init, ...(rest as []));
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
    await assertMatchesSpec(method, url, res);
    return res;
  }) as typeof app.request;
  return app;
}

let counter = 0;
let sharedHash: string | undefined;
export const TEST_PASSWORD = 'une phrase de passe solide 2026';

/** A member created directly in the database (confirmed unless said otherwise). */
export async function createMember(
  ctx: TestContext,
  opts: { role?: Role; verified?: boolean; email?: string; displayName?: string; password?: string } = {},
) {
  counter += 1;
  const email = opts.email ?? `membre${counter}.${Math.random().toString(36).slice(2, 7)}@example.org`;
  sharedHash ??= await hashPassword(TEST_PASSWORD);
  const [row] = await ctx.deps.db
    .insert(users)
    .values({
      email,
      displayName: opts.displayName ?? `Membre ${counter}`,
      passwordHash: opts.password ? await hashPassword(opts.password) : sharedHash,
      role: opts.role ?? 'member',
      emailVerifiedAt: opts.verified === false ? null : new Date(),
    })
    .returning();
  if (!row) {
    throw new Error('no user');
  }
  await createProfileFor(ctx.deps.db, row);
  return {
    ...row,
    password: opts.password ?? TEST_PASSWORD,
    viewer: { id: row.id, displayName: row.displayName, role: row.role, emailVerified: opts.verified !== false },
  };
}

/** The latest e-mail sent to `to`, and the first link in it. */
export async function lastMailTo(ctx: TestContext, to: string) {
  const [mail] = await ctx.deps.db.select().from(outbox).where(eq(outbox.toAddress, to)).orderBy(desc(outbox.createdAt)).limit(1);
  const link = mail?.textBody?.match(/https?:\/\/\S+/)?.[0];
  return { mail, link, token: link ? (new URL(link).searchParams.get('token') ?? undefined) : undefined };
}

type Fields = Record<string, string | string[]>;

/** A browser-like client: keeps cookies, sends the CSRF token with forms. */
export class TestClient {
  readonly cookies = new Map<string, string>();

  constructor(
    private readonly ctx: TestContext,
    private readonly ip = '203.0.113.7',
  ) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keepCookies(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attrs] = line.split(';');
      const eqAt = pair.indexOf('=');
      const name = pair.slice(0, eqAt).trim();
      const value = pair.slice(eqAt + 1).trim();
      const expired = attrs.some((a) => /max-age=0/i.test(a) || /expires=Thu, 01 Jan 1970/i.test(a));
      if (expired || value === '') {
        this.cookies.delete(name);
      } else {
        this.cookies.set(name, value);
      }
    }
  }

  async request(pathname: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0 && !headers.has('cookie')) {
      headers.set('cookie', this.cookieHeader());
    }
    headers.set('x-forwarded-for', this.ip);
    const res = await this.ctx.app.request(pathname, { ...init, headers, redirect: 'manual' });
    this.keepCookies(res);
    return res;
  }

  get(pathname: string, headers: Record<string, string> = {}) {
    return this.request(pathname, { headers });
  }

  private token: { key: string; value: string } | undefined;

  /**
   * The CSRF token as a browser's form carries it, read from a page (its csrf-token meta):
   * signed in, the session's own; signed out, the CSRF cookie's. Read again when either cookie
   * changes.
   */
  async csrf(): Promise<string> {
    const key = () => `${this.cookies.get('tisserin_session') ?? ''}|${this.cookies.get('tisserin_csrf') ?? ''}`;
    if (this.token?.key !== key()) {
      const html = await (await this.get('/a-propos')).text();
      this.token = { key: key(), value: /<meta name="csrf-token" content="([^"]+)"/.exec(html)?.[1] ?? '' };
    }
    return this.token.value;
  }

  async post(pathname: string, fields: Fields | FormData = {}, opts: { csrf?: boolean } = {}): Promise<Response> {
    const token = opts.csrf === false ? '' : await this.csrf();
    let body: BodyInit;
    const headers: Record<string, string> = {};
    if (fields instanceof FormData) {
      if (opts.csrf !== false) {
        fields.set('_csrf', token);
      }
      body = fields;
    } else {
      const params = new URLSearchParams();
      if (opts.csrf !== false) {
        params.append('_csrf', token);
      }
      for (const [k, v] of Object.entries(fields)) {
        for (const item of Array.isArray(v) ? v : [v]) {
          params.append(k, item);
        }
      }
      body = params.toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    return this.request(pathname, { method: 'POST', body, headers });
  }

  /** JSON API call with the session cookie and the CSRF header, as the site's own scripts would. */
  async api(method: string, pathname: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
    const token = await this.csrf();
    return this.request(pathname, {
      method,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      headers: { 'content-type': 'application/json', 'x-csrf-token': token, ...headers },
    });
  }

  async signIn(email: string, password = TEST_PASSWORD): Promise<Response> {
    const res = await this.post('/connexion', { email, password });
    if (res.status !== 303) {
      throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
    }
    return res;
  }
}

/** Minimal valid form fields for a place. */
export function placeForm(overrides: Record<string, string | string[]> = {}) {
  return {
    name: 'Fablab du collège Jean Moulin',
    kinds: ['fablab'],
    description: 'Un **fablab** pour les élèves et les enseignants.',
    address: '12 rue des Écoles',
    postcode: '69100',
    commune: 'Villeurbanne',
    coordinates: '45.7719, 4.8902',
    hours_mo: '9h-12h, 14h-17h',
    hours_tu: '',
    hours_we: '9h-12h',
    hours_th: '',
    hours_fr: '',
    hours_sa: '',
    hours_su: '',
    hoursNote: '',
    equipment: ['imprimante-3d', 'decoupe-laser'],
    services: ['ateliers'],
    audiences: ['college'],
    website: 'fablab-jean-moulin.example.org',
    charterText: 'Ouvert à toutes et tous.',
    charterSignedOn: '2024-03-15',
    ...overrides,
  };
}

/** Valid form fields for a project, published at once. */
export const projectForm = (overrides: Record<string, string | string[]> = {}) => ({
  title: 'Une station météo au collège',
  summary: 'Des élèves de 4e construisent une station météo connectée.',
  status: 'en-cours',
  licence: 'CC-BY-SA-4.0',
  section_contexte: 'Le fablab du collège ouvre le jeudi midi.',
  section_objectifs: 'Mesurer, coder, publier des données ouvertes.',
  step_title: ['Souder les capteurs', 'Programmer la carte'],
  step_text: ['On soude le capteur de température sur la carte.', 'Le programme lit le capteur toutes les minutes.'],
  levels: 'college',
  disciplines: ['technologie', 'sciences'],
  change: '',
  base: '0',
  intent: 'publish',
  ...overrides,
});

/** Fill in one's profile through the form (visibilities default to "members"). */
export async function saveProfile(client: TestClient, displayName: string, fields: Record<string, string | string[]> = {}) {
  const res = await client.post('/profil', {
    displayName,
    bio: '',
    teachingDiscipline: '',
    teachingLevel: '',
    commune: '',
    postcode: '',
    digest: 'weekly',
    ...fields,
  });
  if (res.status !== 303) {
    throw new Error(`profile not saved: ${res.status} ${(await res.text()).match(/field-error[^<]*<[^>]*>[^<]*/g)?.join(' | ')}`);
  }
}

/** Declare skills (names or synonyms) at a level: 1 discover, 2 practise, 3 can pass on. */
export async function declareSkills(client: TestClient, names: string, level: 1 | 2 | 3) {
  const res = await client.post('/profil/competences', { skills: names, level: String(level) });
  if (res.status !== 303) {
    throw new Error(`skills not declared: ${res.status}`);
  }
}

/** A confirmed member, signed in, with a profile. */
export async function signedInMember(ctx: TestContext, opts: Parameters<typeof createMember>[1] = {}) {
  const member = await createMember(ctx, opts);
  const client = new TestClient(ctx);
  await client.signIn(member.email);
  return { member, client };
}

/** A published place whose only team member is `team`: a moderator creates it, adds them, then leaves its team. */
export async function placeRunBy(
  moderator: { client: TestClient; member: { id: string } },
  team: { member: { email: string } },
  name: string,
  overrides: Record<string, string | string[]> = {},
): Promise<string> {
  const created = await moderator.client.post('/lieux/nouveau', placeForm({ name, ...overrides }));
  if (created.status !== 303) {
    throw new Error(`place not created: ${created.status}`);
  }
  const slug = (created.headers.get('location') ?? '').replace('/lieux/', '');
  for (const [path, fields] of [
    [`/lieux/${slug}/equipe`, { email: team.member.email }],
    [`/lieux/${slug}/equipe/${moderator.member.id}/retirer`, {}],
  ] as const) {
    const res = await moderator.client.post(path, fields);
    if (res.status !== 303) {
      throw new Error(`team not set: ${path} ${res.status}`);
    }
  }
  return slug;
}
