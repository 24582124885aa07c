/**
 * Benchmark of Open Badges: issuing and signing 1,000 credentials (each as a moderator gives a
 * badge by hand: the award, its signed OpenBadgeCredential and its place in the revocation list
 * in one transaction — in process, as the page's POST does it), then the verification page
 * under load (the server as `npm start` runs it, 16 connections, random awards) and one pasted
 * credential verified at a time. Prints figures; asserts nothing.
 *
 *   npx tsx bench/badges.ts            # BENCH_SECONDS=10, BENCH_AWARDS=1000
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { sql } from 'drizzle-orm';
import { bootstrap } from '../src/bootstrap.ts';
import { loadConfig } from '../src/config.ts';
import { queryRows } from '../src/db/client.ts';
import { users } from '../src/domains/accounts/accounts.schema.ts';
import { awardBadge, createBadge, issuerOf } from '../src/domains/badges/badges.service.ts';
import { createProfileFor } from '../src/domains/people/people.service.ts';
import type { Viewer } from '../src/lib/viewer.ts';
import { benchEnv, cpuMs, processTree, startBenchServer } from './server.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const AWARDS = Number(process.env.BENCH_AWARDS ?? 1000);
const PORT = Number(process.env.BENCH_PORT ?? 3931);
const BASE = `http://127.0.0.1:${PORT}`;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const ms = (n: number) => `${n.toFixed(1)} ms`;

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tisserin-bench-badges-'));
const env = benchEnv(dataDir, PORT);
const deps = await bootstrap(loadConfig({ ...env, DATABASE_URL: '' }), { holder: 'bench' });

// A moderator, the members, a badge of the network given by hand.
const [mod] = await deps.db
  .insert(users)
  .values({
    email: 'moderatrice@example.org',
    displayName: 'Modératrice',
    passwordHash: 'x',
    role: 'moderator',
    emailVerifiedAt: new Date(),
  })
  .returning();
if (!mod) {
  throw new Error('no moderator');
}
await createProfileFor(deps.db, mod);
const moderator: Viewer = { id: mod.id, displayName: mod.displayName, role: 'moderator', emailVerified: true };
const members = await deps.db
  .insert(users)
  .values(
    Array.from({ length: AWARDS }, (_, i) => ({
      email: `membre${i}@example.org`,
      displayName: `Membre Banc ${i}`,
      passwordHash: 'x',
      emailVerifiedAt: new Date(),
    })),
  )
  .returning();
for (const m of members) {
  await createProfileFor(deps.db, m);
}
const { slug } = await createBadge(deps, moderator, {
  name: 'Pilier du réseau',
  description: 'Reconnaît une personne qui fait vivre le réseau.',
  criteria: 'Avoir animé, accueilli et documenté au long de l’année.',
  skills: '',
  awardMode: 'manual',
  rule: null,
});

// Issuing: the first award loads the signing libraries; it is timed apart.
await issuerOf(deps);
const profileSlugs = (
  await queryRows<{ slug: string }>(deps.db, sql`select slug from profiles where user_id <> ${mod.id} order by slug`)
).map((r) => r.slug);
const times: number[] = [];
const awardIds: string[] = [];
const rssBefore = process.memoryUsage().rss;
const started = performance.now();
for (const s of profileSlugs) {
  const t0 = performance.now();
  awardIds.push(await awardBadge(deps, moderator, slug, s));
  times.push(performance.now() - t0);
}
const total = performance.now() - started;
const first = times[0] ?? 0;
const sorted = times.slice(1).sort((a, b) => a - b);
console.log(`\nIssuing ${times.length} Open Badges (sign + award + status index, one transaction each, embedded database):`);
console.log(`  first (loads the libraries): ${ms(first)}`);
console.log(`  then p50 ${ms(percentile(sorted, 50))}, p95 ${ms(percentile(sorted, 95))}, p99 ${ms(percentile(sorted, 99))}`);
console.log(
  `  ${(times.length / (total / 1000)).toFixed(0)} credentials/s; process RSS +${((process.memoryUsage().rss - rssBefore) / 1048576).toFixed(0)} MB`,
);
const [sample] = await queryRows<{ credential: unknown }>(deps.db, sql`select credential from badge_awards limit 1`);
const credentialText = JSON.stringify(sample?.credential);
console.log(`  one credential: ${Buffer.byteLength(credentialText)} bytes of JSON`);
await deps.close();

// Verification, on the server as `npm start` runs it.
const server = await startBenchServer(env, BASE);
try {
  const pasteOnce = async () => {
    const page = await fetch(`${BASE}/badges/verifier`);
    const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const token = /name="csrf-token" content="([^"]+)"/.exec(await page.text())?.[1] ?? '';
    const t0 = performance.now();
    const res = await fetch(`${BASE}/badges/verifier`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: token, credential: credentialText }),
    });
    const html = await res.text();
    if (!html.includes('<strong>Valide</strong>')) {
      throw new Error(`paste verification did not say valid (${res.status})`);
    }
    return performance.now() - t0;
  };
  await pasteOnce();
  const pasted = [];
  for (let i = 0; i < 100; i++) {
    pasted.push(await pasteOnce());
  }
  pasted.sort((a, b) => a - b);
  console.log(`\nVerifying one pasted credential (POST /badges/verifier, one at a time, 100 times):`);
  console.log(`  p50 ${ms(percentile(pasted, 50))}, p95 ${ms(percentile(pasted, 95))}`);

  let i = 0;
  const pids = processTree(server.pid ?? 0);
  const cpu0 = cpuMs(pids);
  const result = await autocannon({
    url: BASE,
    connections: 16,
    duration: SECONDS,
    requests: [
      { setupRequest: (req: Record<string, unknown>) => ({ ...req, path: `/badges/verifier/${awardIds[i++ % awardIds.length]}` }) },
    ],
  });
  const cpu = cpuMs(pids) - cpu0;
  console.log(`\nVerification pages (/badges/verifier/:id, random awards of ${awardIds.length}, 16 connections, ${SECONDS} s):`);
  console.log(
    `  ${result.requests.average.toFixed(0)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, CPU ${(cpu / Math.max(1, result.requests.total)).toFixed(1)} ms per page, non-2xx ${result.non2xx}`,
  );
} finally {
  server.kill('SIGTERM');
  await new Promise((resolve) => server.once('exit', resolve));
  fs.rmSync(dataDir, { recursive: true, force: true });
}
