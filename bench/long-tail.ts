/**
 * The long tail: what people get when they do not all open the same 300 pages. Random project,
 * place and member pages over the whole network (each request draws its URL), the API search
 * with one or two of 20 French words drawn per request (never cached), and the HTML search as
 * a signed-in member (whose pages are never taken from the page cache). For each route:
 * req/s, p50/p99, the server's CPU per request and the share of the machine it used.
 *
 *   BENCH_DATA_DIR=/tmp/benchdata npx tsx bench/long-tail.ts   # on a network seeded by `npm run bench`
 *
 * `npm run bench` runs it too, after the cached figures.
 */
import fs from 'node:fs';
import os from 'node:os';
import autocannon from 'autocannon';
import { sql } from 'drizzle-orm';
import { bootstrap } from '../src/bootstrap.ts';
import { loadConfig } from '../src/config.ts';
import { queryRows } from '../src/db/client.ts';
import { createSession } from '../src/domains/accounts/sessions.ts';
import { benchEnv, cpuMs, peakRssMb, postgresProcesses, processTree, serverAndDatabase, startBenchServer } from './server.ts';

/** 20 French words people search the commons with. */
export const LONG_TAIL_WORDS = [
  'laser',
  'robot',
  'podcast',
  'météo',
  'arduino',
  'couture',
  'radio',
  'jardin',
  'vidéo',
  'impression',
  'électronique',
  'scratch',
  'fanzine',
  'maquette',
  'climat',
  'théâtre',
  'cartographie',
  'recyclage',
  'musique',
  'photographie',
];

export interface LongTailLists {
  projects: string[];
  places: string[];
  members: string[];
  /** Session cookie of a confirmed member: their pages bypass the page cache. */
  memberCookie: string;
}

/** What the long tail draws from: every published project and place, 10,000 members. */
export async function longTailLists(deps: Awaited<ReturnType<typeof bootstrap>>): Promise<LongTailLists> {
  const slugs = async (query: ReturnType<typeof sql>) => (await queryRows<{ slug: string }>(deps.db, query)).map((r) => r.slug);
  const [member] = await queryRows<{ id: string }>(deps.db, sql`select id from users where email_verified_at is not null limit 1`);
  return {
    projects: await slugs(sql`select slug from documents where kind = 'project' and published_at is not null`),
    places: await slugs(sql`select slug from places where status = 'published' and deleted_at is null`),
    members: await slugs(
      sql`select p.slug from profiles p join users u on u.id = p.user_id where u.email_verified_at is not null order by random() limit 10000`,
    ),
    memberCookie: member ? `tisserin_session=${await createSession(deps.db, member.id)}` : '',
  };
}

const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)] as T;
const words = () => (Math.random() < 0.5 ? pick(LONG_TAIL_WORDS) : `${pick(LONG_TAIL_WORDS)} ${pick(LONG_TAIL_WORDS)}`);

export interface LongTailFigure {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  cpuPerRequest: number;
  machineShare: number;
}

/**
 * Database statements per request: the server's counter (/metrics, loopback) over 20 requests
 * made one at a time. One app process (with several, each counts its own).
 */
async function queriesPerRequest(base: string, path: () => string, headers?: Record<string, string>): Promise<number> {
  const count = async () =>
    Number(/^tisserin_db_queries_total (\d+)$/m.exec(await (await fetch(`${base}/metrics`)).text())?.[1] ?? Number.NaN);
  const before = await count();
  const n = 20;
  for (let i = 0; i < n; i++) {
    await (await fetch(`${base}${path()}`, { headers })).arrayBuffer();
  }
  return ((await count()) - before) / n;
}

/** Each route for `seconds` at `connections`, every request drawing its URL. */
export async function runLongTail(
  base: string,
  serverProcesses: () => number[],
  lists: LongTailLists,
  seconds: number,
  connections: number,
) {
  const routes: Array<{ name: string; path: () => string; headers?: Record<string, string> }> = [
    { name: `project page (random of ${lists.projects.length})`, path: () => `/projets/${pick(lists.projects)}` },
    { name: `place page (random of ${lists.places.length})`, path: () => `/lieux/${pick(lists.places)}` },
    { name: `member page (random of ${lists.members.length})`, path: () => `/membres/${pick(lists.members)}` },
    { name: '/api/v1/search (1–2 of 20 words)', path: () => `/api/v1/search?q=${encodeURIComponent(words())}` },
    {
      name: '/recherche, signed in (no page cache)',
      path: () => `/recherche?q=${encodeURIComponent(words())}`,
      headers: { cookie: lists.memberCookie },
    },
  ];
  const cores = os.availableParallelism();
  console.log(`\nLong tail: ${connections} connections, ${seconds} s each, every request a URL drawn at random:`);
  // "client": the share of the machine this benchmark's own load generator used (same machine).
  console.log(`  ${'route'.padEnd(42)}   req/s     p50     p99   CPU/req   machine   client   queries/page`);
  const figures: LongTailFigure[] = [];
  for (const route of routes) {
    const queries = await queriesPerRequest(base, route.path, route.headers);
    const pids = serverProcesses();
    const cpu0 = cpuMs(pids);
    const client0 = process.cpuUsage();
    const t0 = performance.now();
    const r = await autocannon({
      url: base,
      connections,
      duration: seconds,
      headers: route.headers,
      requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: route.path() }) }],
    });
    const wall = performance.now() - t0;
    const cpu = cpuMs(pids) - cpu0;
    const clientUsage = process.cpuUsage(client0);
    const clientShare = (clientUsage.user + clientUsage.system) / 1000 / (wall * cores);
    const f: LongTailFigure = {
      name: route.name,
      rps: r.requests.average,
      p50: r.latency.p50,
      p99: r.latency.p99,
      cpuPerRequest: cpu / Math.max(1, r.requests.total),
      machineShare: cpu / (wall * cores),
    };
    figures.push(f);
    console.log(
      `  ${f.name.padEnd(42)} ${f.rps.toFixed(0).padStart(7)} ${String(f.p50).padStart(5)} ms ${String(f.p99).padStart(5)} ms ${f.cpuPerRequest.toFixed(1).padStart(6)} ms ${(f.machineShare * 100).toFixed(0).padStart(6)} %  ${(clientShare * 100).toFixed(0).padStart(5)} %   ${queries.toFixed(1).padStart(12)}   errors ${r.errors + r.non2xx}`,
    );
  }
  return figures;
}

async function main() {
  const dataDir = process.env.BENCH_DATA_DIR;
  if (!dataDir || (!process.env.BENCH_DATABASE_URL && !fs.existsSync(`${dataDir}/pglite`))) {
    console.error('Set BENCH_DATA_DIR to a data directory seeded by `npm run bench` (BENCH_DATA_DIR=/tmp/x npm run bench).');
    process.exit(2);
  }
  const port = Number(process.env.BENCH_PORT ?? 3917);
  const base = `http://127.0.0.1:${port}`;
  const env = benchEnv(dataDir, port);

  const deps = await bootstrap(loadConfig(env), { holder: 'bench long tail' });
  const lists = await longTailLists(deps);
  await deps.close();
  const server = await startBenchServer(env, base);
  try {
    await runLongTail(base, serverAndDatabase(server, env), lists, Number(process.env.BENCH_SECONDS ?? 10), 16);
    const app = processTree(server.pid ?? 0);
    console.log(`\nServer peak RSS: ${peakRssMb(app).toFixed(0)} MB (${app.length} process${app.length > 1 ? 'es' : ''})`);
    if (env.DATABASE_URL) {
      console.log(
        `PostgreSQL server peak RSS: ${peakRssMb(postgresProcesses()).toFixed(0)} MB, summed over its processes (shared buffers counted in each)`,
      );
    }
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
  }
}

if (process.argv[1]?.endsWith('long-tail.ts')) {
  await main();
}
