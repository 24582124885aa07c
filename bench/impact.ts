/**
 * Impact and listening on the large network (5,000 places, three years of monthly figures for
 * each, 1,000 questionnaires): the network's dashboard and a region's, cold (each URL once, the
 * page cache missed) and warm (autocannon at 16 connections, against /healthz), a place's; then,
 * in process, a questionnaire of 10,000 answers aggregated for its results page. Prints figures;
 * asserts nothing.
 *
 *   npx tsx bench/impact.ts                               # seeds the large network (~5 min)
 *   BENCH_DATA_DIR=/tmp/benchdata npx tsx bench/impact.ts # reuses a seeded network (kept)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { sql } from 'drizzle-orm';
import '../src/app.tsx';
import { bootstrap } from '../src/bootstrap.ts';
import { loadConfig } from '../src/config.ts';
import { queryRows } from '../src/db/client.ts';
import { seedNetwork } from '../src/demo/seed.ts';
import { getAreaDashboard } from '../src/domains/impact/impact.service.ts';
import type { AnswerValue } from '../src/domains/listening/listening.questions.ts';
import { getResults, importQuestionnaire } from '../src/domains/listening/listening.service.ts';
import { benchEnv, cpuMs, peakRssMb, serverAndDatabase, startBenchServer } from './server.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 16;
const PORT = Number(process.env.BENCH_PORT ?? 3941);
const BASE = `http://127.0.0.1:${PORT}`;

const kept = process.env.BENCH_DATA_DIR;
const dataDir = kept ?? fs.mkdtempSync(path.join(os.tmpdir(), 'tisserin-bench-impact-'));
fs.mkdirSync(dataDir, { recursive: true });
const env = benchEnv(dataDir, PORT);

const quantiles = (times: number[]) => {
  const sorted = [...times].sort((a, b) => a - b);
  const q = (x: number) => sorted[Math.min(sorted.length - 1, Math.floor(x * sorted.length))] ?? 0;
  return { p50: q(0.5), p99: q(0.99), max: sorted[sorted.length - 1] ?? 0 };
};

const deps = await bootstrap(loadConfig({ ...env }), { holder: 'bench' });
const [{ n: existing } = { n: 0 }] = await queryRows<{ n: number }>(deps.db, sql`select count(*)::int as n from places`);
if (existing === 0) {
  const t0 = performance.now();
  await seedNetwork(deps, 'large');
  console.log(`Seeded the large network in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
}
const [counts] = await queryRows<{ places: number; figures: number; withFigures: number; totals: number; answers: number }>(
  deps.db,
  sql`select (select count(*)::int from places where status = 'published') as places, (select count(*)::int from impact_figures) as figures,
             (select count(*)::int from impact_places where counted_region is not null) as "withFigures",
             (select count(*)::int from impact_totals) as totals, (select count(*)::int from questionnaire_answers) as answers`,
);
console.log(
  `\nImpact: ${counts?.places} published places, ${counts?.figures} figures (${counts?.withFigures} places with figures), ${counts?.totals} regional totals; ${counts?.answers} questionnaire answers`,
);

// The network's dashboard data in process: what a cold page waits for, before rendering.
const year = new Date().getFullYear() - 1;
{
  const times: number[] = [];
  for (let i = 0; i < 10; i++) {
    const t0 = performance.now();
    await getAreaDashboard(deps, {}, String(year));
    times.push(performance.now() - t0);
  }
  const q = quantiles(times);
  console.log(`  the network's dashboard, its data in process (10 runs): p50 ${q.p50.toFixed(0)} ms  max ${q.max.toFixed(0)} ms`);
}

// A questionnaire of 10,000 answers, aggregated as its results page does.
const [place] = await queryRows<{ id: string }>(deps.db, sql`select id from places where status = 'published' order by slug limit 1`);
const [big] = await queryRows<{ id: string }>(
  deps.db,
  sql`select q.id from questionnaires q where (select count(*) from questionnaire_answers a where a.questionnaire_id = q.id) >= 10000 limit 1`,
);
let bigId = big?.id;
if (!bigId && place) {
  let seed = 11;
  const rnd = () => {
    seed = (seed * 48271) % 2147483647;
    return seed / 2147483647;
  };
  const reasons = ['Utiliser les machines', 'Participer à un atelier', 'Avancer sur un projet', 'Découvrir le lieu', 'Autre chose'];
  const answers = Array.from({ length: 10_000 }, (_, i) => {
    const a: Record<string, AnswerValue> = {
      q1: 1 + Math.floor(rnd() * 5),
      q2: rnd() < 0.3 ? 'Oui' : 'Non',
      q4: 1 + Math.floor(rnd() * 5),
    };
    const chosen = reasons.filter(() => rnd() < 0.3);
    if (chosen.length > 0) {
      a.q3 = chosen;
    }
    if (rnd() < 0.2) {
      a.q5 = `Une idée pour le lieu, la numéro ${i}.`;
    }
    return { answeredOn: new Date(Date.now() - Math.floor(rnd() * 365) * 86_400_000).toISOString().slice(0, 10), answers: a };
  });
  const code = await importQuestionnaire(deps, { placeId: place.id, createdBy: null, template: 'visite', createdAt: new Date(), answers });
  bigId = (await queryRows<{ id: string }>(deps.db, sql`select id from questionnaires where code = ${code}`))[0]?.id;
}
if (bigId) {
  const moderator = { id: '00000000-0000-4000-8000-000000000000', displayName: 'Bench', role: 'moderator' as const, emailVerified: true };
  const times: number[] = [];
  for (let i = 0; i < 10; i++) {
    const t0 = performance.now();
    await getResults(deps, moderator, bigId);
    times.push(performance.now() - t0);
  }
  const q = quantiles(times);
  console.log(
    `  10,000 answers aggregated (distributions, monthly averages, first page of texts; 10 runs): p50 ${q.p50.toFixed(0)} ms  max ${q.max.toFixed(0)} ms`,
  );
}
const regions = (
  await queryRows<{ code: string }>(deps.db, sql`select distinct region_code as code from impact_totals where region_code <> ''`)
).map((r) => r.code);
const placesWithFigures = (
  await queryRows<{ slug: string }>(
    deps.db,
    sql`select p.slug from impact_places ip join places p on p.id = ip.place_id where ip.counted_region is not null order by p.slug limit 500`,
  )
).map((r) => r.slug);
await deps.close();

const server = await startBenchServer(env, BASE);
const pids = serverAndDatabase(server, env);
try {
  /** Each URL once, one at a time: the first visitor after a change waits this long. */
  const cold = async (label: string, paths: string[]) => {
    const times: number[] = [];
    let bytes = 0;
    const cpu0 = cpuMs(pids());
    for (const p of paths) {
      const t0 = performance.now();
      const res = await fetch(BASE + p);
      const body = await res.arrayBuffer();
      times.push(performance.now() - t0);
      bytes = body.byteLength;
      if (res.status !== 200) {
        console.log(`  ${p}: HTTP ${res.status}`);
      }
    }
    const cpu = (cpuMs(pids()) - cpu0) / paths.length;
    const q = quantiles(times);
    console.log(
      `  ${label.padEnd(46)} p50 ${q.p50.toFixed(0).padStart(4)} ms  p99 ${q.p99.toFixed(0).padStart(4)} ms  CPU ${cpu.toFixed(1)} ms/page  ${(bytes / 1024).toFixed(0)} KB`,
    );
  };
  const load = async (label: string, paths: string[]) => {
    const result = await autocannon({
      url: BASE,
      connections: CONNECTIONS,
      duration: SECONDS,
      requests: paths.map((p) => ({ method: 'GET', path: p })),
    });
    console.log(
      `  ${label.padEnd(46)} ${result.requests.average.toFixed(0).padStart(6)} req/s  p50 ${result.latency.p50} ms  p99 ${result.latency.p99} ms  errors ${result.errors + result.non2xx}`,
    );
    return result.requests.average;
  };
  // The first page after the server starts (nothing computed yet), then cold pages.
  await cold('the network, first page after start', [`/impact?annee=${year}&premier=1`]);
  console.log('\nCold (each address once, the page cache missed):');
  await cold(
    '/impact (the network)',
    Array.from({ length: 20 }, (_, i) => `/impact?annee=${year}&n=${i}`),
  );
  await cold(
    '/impact/regions/<code>',
    regions.flatMap((r) => [`/impact/regions/${r}?annee=${year}&n=1`]),
  );
  await cold(
    '/impact/lieux/<slug>',
    placesWithFigures.slice(0, 40).map((s) => `/impact/lieux/${s}?annee=${year}`),
  );
  await cold(
    '/impact/rapport.csv',
    Array.from({ length: 5 }, (_, i) => `/impact/rapport.csv?annee=${year}&n=${i}`),
  );
  await cold(
    '/impact/rapport.pdf',
    Array.from({ length: 5 }, (_, i) => `/impact/rapport.pdf?annee=${year}&n=${i}`),
  );
  console.log(`\nWarm (autocannon, ${CONNECTIONS} connections, ${SECONDS} s):`);
  const healthz = await load('/healthz', ['/healthz']);
  const impact = await load('/impact (cached page)', [`/impact?annee=${year}`]);
  console.log(`  /impact warm ÷ /healthz: ${((impact / healthz) * 100).toFixed(0)} %`);
  console.log(`  peak RSS of the server: ${peakRssMb(pids()).toFixed(0)} MB`);
} finally {
  server.kill();
  if (!kept) {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
