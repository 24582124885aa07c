/**
 * What a flood of refused sign-ins costs everyone else: a visitor's place pages (4 connections)
 * measured alone, then while 64 connections post wrong passwords from one address (all 429
 * after the first 25). Starts the server as `npm start` runs it, on the demo network in a fresh data directory
 * (the embedded database, where every write queues behind the others). Prints; asserts nothing.
 *
 *   npx tsx bench/refused-sign-ins.ts            # 10 s per phase
 *   BENCH_SECONDS=5 npx tsx bench/refused-sign-ins.ts
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon, { type Result } from 'autocannon';
import { startBenchServer } from './server.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const PORT = Number(process.env.BENCH_PORT ?? 3918);
const BASE = `http://127.0.0.1:${PORT}`;

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tisserin-refusals-'));
  const server = await startBenchServer(
    {
      ...process.env,
      DATA_DIR: dataDir,
      DATABASE_URL: '',
      DEMO_DATA: 'true',
      PORT: String(PORT),
      LOG_LEVEL: 'warn',
      BACKUP_INTERVAL_HOURS: '0',
    },
    BASE,
  );
  try {
    const list = await (await fetch(`${BASE}/lieux`)).text();
    const places = [...new Set([...list.matchAll(/href="(\/lieux\/[a-z0-9-]+)"/g)].map((m) => m[1] ?? ''))].filter(
      (p) => p !== '/lieux/nouveau',
    );
    // One CSRF cookie and token, as a script replaying a form would hold them.
    const form = await fetch(`${BASE}/connexion`);
    const cookie = (form.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const token = /name="csrf-token" content="([^"]+)"/.exec(await form.text())?.[1] ?? '';
    const visitor = () =>
      autocannon({ url: BASE, connections: 4, duration: SECONDS, requests: places.map((p) => ({ method: 'GET', path: p })) });
    // Warm the place cache first, then measure alone.
    await autocannon({ url: BASE, connections: 4, amount: places.length * 2, requests: places.map((p) => ({ method: 'GET', path: p })) });
    const alone = await visitor();
    const statuses = new Map<number, number>();
    const [attacked, attack] = await Promise.all([
      visitor(),
      autocannon({
        url: `${BASE}/connexion`,
        connections: 64,
        duration: SECONDS,
        method: 'POST',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: token, email: 'personne@example.org', password: 'pas le bon mot de passe' }).toString(),
        setupClient: (client) => {
          client.on('response', (status: number) => statuses.set(status, (statuses.get(status) ?? 0) + 1));
        },
      }),
    ]);
    const line = (name: string, r: Result) =>
      console.log(
        `  ${name.padEnd(44)} ${r.requests.average.toFixed(0).padStart(6)} req/s   p50 ${String(r.latency.p50).padStart(5)} ms   p99 ${String(r.latency.p99).padStart(5)} ms`,
      );
    console.log(`\nPlace pages (${places.length} places, 4 connections, ${SECONDS} s each):`);
    line('alone', alone);
    line('with 64 connections of refused sign-ins', attacked);
    line('the refused sign-ins themselves', attack);
    console.log(`  sign-in answers: ${[...statuses].map(([s, n]) => `${n} × ${s}`).join(', ')}`);
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
