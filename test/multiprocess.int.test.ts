import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrap } from '../src/bootstrap.ts';
import { loadConfig } from '../src/config.ts';
import { createAdmin } from '../src/domains/accounts/accounts.service.ts';
import { assertMatchesSpec } from './contract.ts';
import { type AppProcess, Jar, randomPort, startAppProcess } from './processes.ts';
import { scratchDatabase } from './template-db.ts';

// Two app processes on one PostgreSQL server, each with its own data directory (as on two
// machines): what one writes, the other sees. Only PostgreSQL can be shared (the embedded
// database is one process by construction: see server.int.test.ts), hence only with DATABASE_URL.
const SERVER_URL = process.env.DATABASE_URL;
const ADMIN = { email: 'admin.deux@example.org', password: 'deux processus, une seule base' };
// Jobs every 10–15 min in production; here every 1.2–1.8 s.
const SCALE = 0.002;

let databaseUrl = '';
let dropDatabase = async () => {};
const dirs: string[] = [];
const apps: AppProcess[] = [];
let a: AppProcess;
let b: AppProcess;
let sql: pg.Pool;

describe.runIf(SERVER_URL)('two app processes on one PostgreSQL', () => {
  beforeAll(async () => {
    const scratch = await scratchDatabase(SERVER_URL ?? '', `tisserin_two_${process.pid}`);
    databaseUrl = scratch.url;
    dropDatabase = scratch.drop;
    const dataDir = () => {
      const d = fs.mkdtempSync(path.join(os.tmpdir(), 'tisserin-two-'));
      dirs.push(d);
      return d;
    };
    // Migrate and make an administrator, as `npx tisserin create-admin` would.
    const setup = await bootstrap(loadConfig({ DATA_DIR: dataDir(), DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' }), { holder: 'test' });
    await createAdmin(setup, { email: ADMIN.email, displayName: 'Admin Deux', password: ADMIN.password });
    await setup.close();
    const port = randomPort();
    const env = (p: number) => ({
      DATABASE_URL: databaseUrl,
      DATA_DIR: dataDir(),
      DEMO_DATA: 'false',
      PUBLIC_URL: `http://127.0.0.1:${p}`,
      SCHEDULE_SCALE: String(SCALE),
      SHUTDOWN_DELAY_SECONDS: '1',
      MIN_FREE_DISK_MB: '0',
    });
    [a, b] = await Promise.all([startAppProcess(port, env(port)), startAppProcess(port + 1, env(port + 1))]);
    apps.push(a, b);
    sql = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  });

  afterAll(async () => {
    for (const app of apps) {
      await app.stop();
    }
    await sql?.end();
    await dropDatabase();
    for (const d of dirs) {
      fs.rmSync(d, { recursive: true, force: true });
    }
  });

  const get = (app: AppProcess, pathname: string, jar?: Jar) =>
    fetch(`${app.url}${pathname}`, { headers: jar ? { cookie: jar.header() } : {}, redirect: 'manual' }).then((r) => jar?.keep(r) ?? r);

  /** The token a form of `app` carries for this jar (the session's own once signed in). */
  async function csrf(app: AppProcess, jar: Jar) {
    const html = await (await get(app, jar.cookies.get('tisserin_session') ? '/compte' : '/connexion', jar)).text();
    return /<meta name="csrf-token" content="([^"]+)"/.exec(html)?.[1] ?? '';
  }

  async function postForm(app: AppProcess, pathname: string, jar: Jar, body: URLSearchParams | FormData) {
    body.set('_csrf', await csrf(app, jar));
    return jar.keep(await fetch(`${app.url}${pathname}`, { method: 'POST', body, headers: { cookie: jar.header() }, redirect: 'manual' }));
  }

  async function api(app: AppProcess, method: string, pathname: string, jar: Jar, body: unknown) {
    const token = await csrf(app, jar);
    const res = await fetch(`${app.url}${pathname}`, {
      method,
      body: JSON.stringify(body),
      headers: { cookie: jar.header(), 'content-type': 'application/json', 'x-csrf-token': token },
    });
    await assertMatchesSpec(method, pathname, res);
    return res;
  }

  /** Ask until `check` holds (a change travels between processes by LISTEN/NOTIFY, in milliseconds). */
  async function eventually(check: () => Promise<boolean>) {
    for (let i = 0; i < 100; i++) {
      if (await check()) {
        return true;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    return false;
  }

  let slug = '';
  let placeId = '';
  const jar = new Jar();

  it('keeps a session opened on one process valid on the other', async () => {
    const signIn = await postForm(a, '/connexion', jar, new URLSearchParams({ email: ADMIN.email, password: ADMIN.password }));
    expect(signIn.status).toBe(303);
    expect(jar.cookies.get('tisserin_session')).toBeTruthy();
    expect((await get(b, '/compte', jar)).status).toBe(200);
    expect((await get(a, '/compte', jar)).status).toBe(200);
  });

  it('shows at once through one process a place edited through the other', async () => {
    const created = await api(a, 'POST', '/api/v1/places', jar, {
      name: 'Fablab des deux processus',
      kinds: ['fablab'],
      description: 'Première description.',
      address: '1 place de la Mairie',
      postcode: '35000',
      commune: 'Rennes',
      latitude: 48.11,
      longitude: -1.68,
    });
    expect(created.status).toBe(201);
    ({ slug, id: placeId } = (await created.json()) as { slug: string; id: string });
    // B reads it (and caches it).
    expect(await (await get(b, `/lieux/${slug}`)).text()).toContain('Première description.');
    const patched = await api(a, 'PATCH', `/api/v1/places/${placeId}`, jar, { description: 'Deuxième description, écrite par A.' });
    expect(patched.status).toBe(200);
    expect(await eventually(async () => (await (await get(b, `/lieux/${slug}`)).text()).includes('Deuxième description'))).toBe(true);
  });

  it('serves through one process a photo uploaded through the other', async () => {
    const jpeg = await sharp({ create: { width: 800, height: 600, channels: 3, background: { r: 30, g: 120, b: 200 } } })
      .jpeg()
      .toBuffer();
    const form = new FormData();
    form.set('alt', 'La salle des machines');
    form.set('photo', new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' }), 'salle.jpg');
    const uploaded = await postForm(a, `/lieux/${slug}/photos`, jar, form);
    expect(uploaded.status).toBe(303);
    let src = '';
    expect(
      await eventually(async () => {
        src = /src="(\/uploads\/[^"]+\.webp)"/.exec(await (await get(b, `/lieux/${slug}`)).text())?.[1] ?? '';
        return src !== '';
      }),
    ).toBe(true);
    const photo = await get(b, src);
    expect(photo.status).toBe(200);
    expect(photo.headers.get('content-type')).toBe('image/webp');
    expect((await sharp(Buffer.from(await photo.arrayBuffer())).metadata()).format).toBe('webp');
    // Neither process wrote it to its own disk: it is in the database both share.
    for (const d of dirs) {
      expect(fs.existsSync(path.join(d, 'uploads')) ? fs.readdirSync(path.join(d, 'uploads')) : []).toEqual([]);
    }
  });

  it('counts refused sign-ins from one address across both processes', async () => {
    // One sign-in was made above; the limit is 25 per address in 5 minutes, whichever process answers.
    const statuses: number[] = [];
    for (let i = 0; i < 26; i++) {
      const app = i % 2 === 0 ? a : b;
      const res = await postForm(
        app,
        '/connexion',
        new Jar(),
        new URLSearchParams({ email: `inconnu${i}@example.org`, password: 'pas celui-là' }),
      );
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 24).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(24)).toEqual([429, 429]);
  });

  it('runs scheduled work once per interval, not once per process', async () => {
    const count = async (name: string) =>
      Number((await sql.query<{ n: string }>('select count(*) as n from job_runs where name = $1', [name])).rows[0]?.n ?? 0);
    expect(await eventually(async () => (await count('social-chores')) >= 2)).toBe(true);
    // Two runs of a job are never closer than its interval (compared on the database's clock).
    const intervals: Record<string, number> = { 'purge-expired': 600, 'social-chores': 900 };
    for (const [name, seconds] of Object.entries(intervals)) {
      const { rows } = await sql.query<{ runs: string; spaced: boolean }>(
        `select count(*) as runs, coalesce(bool_and(gap >= make_interval(secs => $2)), true) as spaced
         from (select started_at - lag(started_at) over (order by started_at) as gap from job_runs where name = $1) g`,
        [name, seconds * SCALE],
      );
      expect(Number(rows[0]?.runs), name).toBeGreaterThanOrEqual(2);
      expect(rows[0]?.spaced, name).toBe(true);
    }
    expect(a.output() + b.output()).not.toContain('could not claim');
  });

  it('says both are ready; on SIGTERM one drains and stops while the other goes on serving', async () => {
    for (const app of [a, b]) {
      expect(await (await get(app, '/readyz')).json()).toEqual({ status: 'ready' });
    }
    // Requests sent as the signal comes are answered in full (bodies read to the end): for a
    // second /readyz says "draining" while the process still serves, then it finishes and stops.
    const inFlight = Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        get(a, `/lieux?q=fablab${i}`).then(async (r) => {
          await r.text();
          return r.status;
        }),
      ),
    );
    await new Promise((r) => setTimeout(r, 20));
    const stopped = a.stop();
    expect(await eventually(async () => (await get(a, '/readyz')).status === 503)).toBe(true);
    expect((await get(a, '/lieux')).status).toBe(200);
    expect(await stopped).toBe(0);
    expect((await inFlight).map((s) => (s.status === 'fulfilled' ? s.value : String(s.reason)))).toEqual(Array(10).fill(200));
    expect((await get(b, `/lieux/${slug}`)).status).toBe(200);
    expect(await (await get(b, '/readyz')).json()).toEqual({ status: 'ready' });
  });

  it('serves one port from PROCESSES=2 processes, replaces one that dies, and stops them all on SIGTERM', async () => {
    const port = randomPort() + 300;
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tisserin-cluster-'));
    dirs.push(dataDir);
    const env = { DATABASE_URL: databaseUrl, DATA_DIR: dataDir, DEMO_DATA: 'false', PROCESSES: '2', MIN_FREE_DISK_MB: '0' };
    const app = await startAppProcess(port, env);
    apps.push(app);
    const pid = app.proc.pid ?? 0;
    expect(await eventually(async () => childrenOf(pid).length === 2)).toBe(true);
    expect(await eventually(async () => (app.output().match(/Tisserin is listening/g) ?? []).length === 2)).toBe(true);
    for (let i = 0; i < 6; i++) {
      expect((await get(app, `/lieux/${slug}`)).status).toBe(200);
    }
    const [first] = childrenOf(pid);
    process.kill(first ?? 0, 'SIGKILL');
    expect(await eventually(async () => childrenOf(pid).length === 2 && !childrenOf(pid).includes(first ?? 0))).toBe(true);
    expect(await eventually(async () => (await get(app, '/readyz').catch(() => null))?.status === 200)).toBe(true);
    expect(await app.stop()).toBe(0);
    expect(childrenOf(pid)).toEqual([]);
  });
});

/** The processes whose parent is `pid` (read from /proc, as ps would). */
function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) {
      continue;
    }
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the command name (in parentheses, which may hold spaces): state, then ppid.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) {
        children.push(Number(entry));
      }
    } catch {
      // The process ended while we looked.
    }
  }
  return children;
}
