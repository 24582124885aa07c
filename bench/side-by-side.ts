/**
 * Tisserin and MediaWiki 1.39 (the engine of the French tiers-lieux wiki) side by side on this
 * machine: one window, alternating runs (T M T M…) so the machine's drift hits both alike,
 * 16 connections, every request a URL drawn at random over the whole site on both sides, the
 * same 20 French words for both searches. For each route and engine: req/s, p50/p99, CPU per
 * request (Tisserin's processes, and PostgreSQL's in that mode; nginx + php-fpm for MediaWiki)
 * and the share of the machine used; then the ratios.
 *
 *   cp -r ../shared/peers/mediawiki /tmp/peer-mediawiki && /tmp/peer-mediawiki/setup.sh   # once
 *   BENCH_DATA_DIR=/tmp/benchdata npx tsx bench/side-by-side.ts    # a network seeded by `npm run bench`
 *
 * BENCH_SECONDS (10), BENCH_REPEATS (2), PEER_DIR (/tmp/peer-mediawiki), PEER_PORT (8081),
 * BENCH_DATABASE_URL (serve the same data from a PostgreSQL server), PROCESSES (with it).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { bootstrap } from '../src/bootstrap.ts';
import { loadConfig } from '../src/config.ts';
import { LONG_TAIL_WORDS, longTailLists } from './long-tail.ts';
import { benchEnv, cpuMs, processTree, serverAndDatabase, startBenchServer } from './server.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const REPEATS = Number(process.env.BENCH_REPEATS ?? 2);
const CONNECTIONS = 16;
const PEER_DIR = process.env.PEER_DIR ?? '/tmp/peer-mediawiki';
const PEER = `http://127.0.0.1:${Number(process.env.PEER_PORT ?? 8081)}`;

const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)] as T;

/** Proportional memory (shared pages divided among the processes that share them), in MB. */
function pssMb(pids: number[]): number {
  let kb = 0;
  for (const pid of pids) {
    try {
      kb += Number(/^Pss:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0);
    } catch {
      // Gone.
    }
  }
  return kb / 1024;
}

/** nginx and php-fpm: their masters and every worker. */
function peerProcesses(): number[] {
  const run = path.join(PEER_DIR, 'state', 'run');
  return ['nginx.pid', 'php-fpm.pid'].flatMap((f) => {
    const file = path.join(run, f);
    return fs.existsSync(file) ? processTree(Number(fs.readFileSync(file, 'utf8').trim())) : [];
  });
}

interface Run {
  rps: number;
  p50: number;
  p99: number;
  cpu: number;
  share: number;
  pss: number;
  errors: number;
}

async function measure(base: string, paths: () => string, processes: () => number[], headers?: Record<string, string>): Promise<Run> {
  const pids = processes();
  const cpu0 = cpuMs(pids);
  let pss = 0;
  const sampler = setInterval(() => {
    pss = Math.max(pss, pssMb(processes()));
  }, 1000);
  const t0 = performance.now();
  const r = await autocannon({
    url: base,
    connections: CONNECTIONS,
    duration: SECONDS,
    headers: { 'accept-encoding': 'gzip', ...headers },
    requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: paths() }) }],
  });
  clearInterval(sampler);
  const wall = performance.now() - t0;
  // Requests still in flight when the client stops burn CPU too: count them.
  await new Promise((resolve) => setTimeout(resolve, 500));
  const cpu = cpuMs(pids) - cpu0;
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    cpu: cpu / Math.max(1, r.requests.total),
    share: cpu / (wall * os.availableParallelism()),
    pss,
    errors: r.errors + r.non2xx,
  };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};

async function main() {
  const dataDir = process.env.BENCH_DATA_DIR;
  const peerPaths = (f: string) =>
    fs
      .readFileSync(path.join(PEER_DIR, 'gen', f), 'utf8')
      .split('\n')
      .filter(Boolean);
  if (!dataDir || !fs.existsSync(path.join(PEER_DIR, 'gen', 'project_paths.txt'))) {
    console.error('Set BENCH_DATA_DIR to a network seeded by `npm run bench`, and set up the MediaWiki peer (see the top of this file).');
    process.exit(2);
  }
  if ((await fetch(`${PEER}/`).catch(() => null)) === null) {
    console.error(`MediaWiki does not answer on ${PEER}: ${PEER_DIR}/mwctl.sh start`);
    process.exit(2);
  }
  const port = Number(process.env.BENCH_PORT ?? 3917);
  const base = `http://127.0.0.1:${port}`;
  const env = benchEnv(dataDir, port);

  const deps = await bootstrap(loadConfig({ ...env, PROCESSES: '1' }), { holder: 'bench side by side' });
  const lists = await longTailLists(deps);
  await deps.close();
  const server = await startBenchServer(env, base);
  const ours = serverAndDatabase(server, env);
  const words = () => (Math.random() < 0.5 ? pick(LONG_TAIL_WORDS) : `${pick(LONG_TAIL_WORDS)} ${pick(LONG_TAIL_WORDS)}`);
  const peerProjects = peerPaths('project_paths.txt');
  const peerPlaces = peerPaths('place_paths.txt');
  const routes = [
    {
      name: 'project page',
      ours: () => `/projets/${pick(lists.projects)}`,
      peer: () => pick(peerProjects),
    },
    { name: 'place page', ours: () => `/lieux/${pick(lists.places)}`, peer: () => pick(peerPlaces) },
    {
      name: 'API search',
      ours: () => `/api/v1/search?q=${encodeURIComponent(words())}`,
      peer: () =>
        `/api.php?action=query&list=search&srsearch=${encodeURIComponent(words())}&srwhat=text&srlimit=20&format=json&formatversion=2`,
    },
    {
      name: 'HTML search (no page cache)',
      ours: () => `/recherche?q=${encodeURIComponent(words())}`,
      oursHeaders: { cookie: lists.memberCookie },
      peer: () => `/index.php?title=Sp%C3%A9cial:Recherche&search=${encodeURIComponent(words())}&fulltext=1`,
    },
  ];
  console.log(
    `Side by side: ${CONNECTIONS} connections, ${SECONDS} s per run, ${REPEATS} alternating runs each (medians), random URLs ` +
      `(Tisserin: ${lists.projects.length} projects, ${lists.places.length} places; MediaWiki: ${peerProjects.length} + ${peerPlaces.length} pages)`,
  );
  console.log(
    `Tisserin: ${env.DATABASE_URL ? `PostgreSQL server, ${env.PROCESSES ?? 1} app process(es)` : 'embedded database (PGlite in its own thread)'}`,
  );
  const table: string[] = [];
  try {
    for (const route of routes) {
      // Warm both (MediaWiki's parser cache, Tisserin's database pages), unmeasured.
      await measure(base, route.ours, ours, route.oursHeaders).catch(() => null);
      await measure(PEER, route.peer, peerProcesses).catch(() => null);
      const t: Run[] = [];
      const m: Run[] = [];
      for (let i = 0; i < REPEATS; i++) {
        t.push(await measure(base, route.ours, ours, route.oursHeaders));
        m.push(await measure(PEER, route.peer, peerProcesses));
      }
      const f = (runs: Run[], k: keyof Run) => median(runs.map((r) => r[k]));
      const row = (who: string, runs: Run[]) =>
        `  ${`${route.name}, ${who}`.padEnd(44)} ${f(runs, 'rps').toFixed(0).padStart(6)} ${f(runs, 'p50').toFixed(0).padStart(6)} ms ${f(runs, 'p99').toFixed(0).padStart(6)} ms ${f(runs, 'cpu').toFixed(1).padStart(7)} ms ${(f(runs, 'share') * 100).toFixed(0).padStart(5)} % ${f(runs, 'pss').toFixed(0).padStart(6)} MB   errors ${runs.reduce((n, r) => n + r.errors, 0)}`;
      console.log(`\n  ${'route'.padEnd(44)}  req/s      p50      p99   CPU/req  machine    PSS`);
      console.log(row('Tisserin', t));
      console.log(row('MediaWiki', m));
      const ratio = f(t, 'rps') / Math.max(0.01, f(m, 'rps'));
      const line = `  ${route.name.padEnd(30)} Tisserin ÷ MediaWiki: ${ratio.toFixed(2)}× req/s, p99 ${f(t, 'p99').toFixed(0)} vs ${f(m, 'p99').toFixed(0)} ms, CPU ${f(t, 'cpu').toFixed(1)} vs ${f(m, 'cpu').toFixed(1)} ms`;
      console.log(line);
      table.push(line);
    }
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
  }
  console.log(`\nSummary:\n${table.join('\n')}`);
}

await main();
