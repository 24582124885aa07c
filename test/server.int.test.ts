import { type ChildProcess, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { randomPort, startAppProcess } from './processes.ts';

// The real process, as `npm start` runs it, on the embedded database (whatever DATABASE_URL says).
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tisserin-server-'));
const env = { ...process.env, DATABASE_URL: '', DATA_DIR: dataDir, DEMO_DATA: 'false', LOG_LEVEL: 'info', HOST: '127.0.0.1' };
let child: ChildProcess | undefined;
let port = 0;

const start = (port: number, extraEnv: Record<string, string> = {}) => startAppProcess(port, { ...env, ...extraEnv });

afterAll(() => {
  child?.kill('SIGKILL');
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('the server process', () => {
  it('holds the data directory: a second server and the CLI are refused with a clear message', async () => {
    // 3400–3649: clear of the ports fetch refuses as unsafe (3659 is one of them).
    port = randomPort();
    const first = await start(port);
    child = first.proc;
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(res.status).toBe(200);
    // Without demo data, a fresh install still has the curated skills reference.
    const page = await fetch(`http://127.0.0.1:${port}/competences`);
    expect(await page.text()).toContain('Découpe laser');
    // Headers added after the page was made, on the response the server writes as it is.
    expect(page.headers.get('x-request-id')).toMatch(/^[\w-]{6,}$/);
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(page.headers.get('vary')).toMatch(/Cookie/);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    // Compressed for those who accept it: a page (made compressed) and the API (by the middleware).
    const zipped = { headers: { 'accept-encoding': 'gzip' } };
    const gzPage = await fetch(`http://127.0.0.1:${port}/competences`, zipped);
    expect(gzPage.headers.get('content-encoding')).toBe('gzip');
    expect(await gzPage.text()).toContain('Découpe laser');
    const gzApi = await fetch(`http://127.0.0.1:${port}/api/v1/skills`, zipped);
    expect(gzApi.headers.get('content-encoding')).toBe('gzip');
    expect(gzApi.headers.get('vary')).toMatch(/Accept-Encoding/);
    expect(((await gzApi.json()) as unknown[]).length).toBeGreaterThan(0);

    const second = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: { ...env, PORT: String(port + 1) },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(second.status).toBe(3);
    expect(second.stderr).toContain('déjà utilisé par le processus');

    const cli = spawnSync(process.execPath, ['bin/tisserin.mjs', 'backup'], { env, encoding: 'utf8', timeout: 60_000 });
    expect(cli.status).toBe(3);
    expect(cli.stderr).toContain(String(first.proc.pid));
  });

  it('on SIGTERM finishes requests in flight, closes the database and releases the lock', async () => {
    const proc = child;
    expect(proc).toBeDefined();
    const exit = new Promise<number | null>((resolve) => proc?.once('exit', (code) => resolve(code)));
    // Requests already accepted when the signal arrives must all be answered.
    const inFlight = Array.from({ length: 20 }, (_, i) => fetch(`http://127.0.0.1:${port}/lieux?q=lieu${i}`).then((r) => r.status));
    await new Promise((r) => setTimeout(r, 30));
    proc?.kill('SIGTERM');
    const statuses = await Promise.allSettled(inFlight);
    const answered = statuses.filter((s) => s.status === 'fulfilled').map((s) => (s as PromiseFulfilledResult<number>).value);
    expect(answered.length).toBeGreaterThan(0);
    expect(answered.every((status) => status === 200)).toBe(true);
    expect(await exit).toBe(0);
    child = undefined;
    expect(fs.existsSync(path.join(dataDir, 'tisserin.lock'))).toBe(false);

    // The same directory opens again (nothing corrupted), and the CLI can now use it.
    const cli = spawnSync(process.execPath, ['bin/tisserin.mjs', 'backup', '--out', path.join(dataDir, 'b.jsonl.gz')], {
      env,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(cli.status, cli.stderr).toBe(0);
    expect(cli.stdout).toContain('Backup written');
  });

  it('starts below MIN_FREE_DISK_MB, serves pages and says why writes are refused', async () => {
    const low = await start(port + 2, { MIN_FREE_DISK_MB: '100000000' });
    child = low.proc;
    expect((await fetch(`http://127.0.0.1:${port + 2}/lieux`)).status).toBe(200);
    expect(low.output()).toContain('writes that add data are refused until space is freed');
    expect(low.output()).not.toMatch(/\n\s+at /); // no stack trace
    const exit = new Promise((resolve) => low.proc.once('exit', resolve));
    low.proc.kill('SIGTERM');
    expect(await exit).toBe(0);
    child = undefined;
  });
});
