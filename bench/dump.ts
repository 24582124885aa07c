/**
 * The open dump of the large network, made by the running server (as the nightly job and the
 * button of /donnees make it) while /lieux is under load: how long the dump takes, how big it is,
 * and how much of its throughput /lieux keeps meanwhile. Prints figures; asserts nothing.
 *
 *   BENCH_DATA_DIR=/tmp/benchdata npx tsx bench/dump.ts   # a network seeded by `npx tisserin seed --size large`
 */
import fs from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import { sql } from 'drizzle-orm';
import { bootstrap } from '../src/bootstrap.ts';
import { loadConfig } from '../src/config.ts';
import { queryRows } from '../src/db/client.ts';
import { createSession } from '../src/domains/accounts/sessions.ts';
import { listRegions } from '../src/domains/geo/territories.ts';
import { sessionCsrfToken } from '../src/lib/csrf.ts';
import { benchEnv, peakRssMb, processTree, startBenchServer } from './server.ts';

const dataDir = process.env.BENCH_DATA_DIR;
if (!dataDir) {
  console.error('BENCH_DATA_DIR: a data directory with a seeded network (npx tisserin seed --size large)');
  process.exit(2);
}
const PORT = Number(process.env.BENCH_PORT ?? 3942);
const BASE = `http://127.0.0.1:${PORT}`;
const CONNECTIONS = 16;
const env = benchEnv(dataDir, PORT);

// An administrator's session, made before the server opens the data directory.
const deps = await bootstrap(loadConfig(env), { holder: 'bench dump' });
const [admin] = await queryRows<{ id: string }>(
  deps.db,
  sql`select id from users where email_verified_at is not null order by created_at limit 1`,
);
if (!admin) {
  throw new Error('no member to make administrator');
}
await deps.db.execute(sql`update users set role = 'admin' where id = ${admin.id}`);
const session = await createSession(deps.db, admin.id);
await deps.close();

const words = ['fablab', 'médiathèque', 'robotique', 'couture', 'numérique', 'jeunes', 'impression 3D', 'tiers-lieu'];
const kinds = ['fablab', 'mediatheque', 'cdi', 'espace-jeunes', 'associatif'];
const urls = listRegions().flatMap((r, i) => [
  `/lieux?region=${r.code}`,
  `/lieux?region=${r.code}&type=${kinds[i % kinds.length]}`,
  `/lieux?q=${encodeURIComponent(words[i % words.length] ?? 'fablab')}&region=${r.code}`,
  ...words.map((w) => `/lieux?q=${encodeURIComponent(`${w} ${r.name}`)}`),
]);

const server = await startBenchServer(env, BASE);
const pids = () => processTree(server.pid ?? 0);
try {
  for (const u of urls) {
    await (await fetch(`${BASE}${u}`)).arrayBuffer();
  }
  let i = 0;
  const load = (seconds: number) =>
    autocannon({
      url: BASE,
      connections: CONNECTIONS,
      duration: seconds,
      requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: urls[i++ % urls.length] }) }],
    });
  const before = await load(10);
  console.log(
    `/lieux (${urls.length} searches, cached view), alone: ${before.requests.average.toFixed(0)} req/s, p99 ${before.latency.p99} ms`,
  );

  const info = path.join(dataDir, 'open-data', 'tisserin-donnees.json');
  const started = Date.now();
  const res = await fetch(`${BASE}/donnees/generer`, {
    method: 'POST',
    headers: { cookie: `tisserin_session=${session}`, 'x-csrf-token': sessionCsrfToken(session) },
    redirect: 'manual',
  });
  if (res.status !== 303) {
    throw new Error(`could not start the dump: ${res.status}`);
  }
  const done = () =>
    fs.existsSync(info) && Date.parse((JSON.parse(fs.readFileSync(info, 'utf8')) as { createdAt: string }).createdAt) >= started - 1000;
  let requests = 0;
  let seconds = 0;
  const latencies: number[] = [];
  while (!done()) {
    const r = await load(5);
    requests += r.requests.total;
    seconds += 5;
    latencies.push(r.latency.p99);
  }
  const dump = JSON.parse(fs.readFileSync(info, 'utf8')) as {
    seconds: number;
    bytes: number;
    resources: Array<{ name: string; bytes: number; rows?: number }>;
  };
  const during = requests / seconds;
  console.log(
    `/lieux while the dump is made: ${during.toFixed(0)} req/s (${((100 * during) / before.requests.average).toFixed(0)} % of alone), worst p99 of 5 s windows ${Math.max(...latencies)} ms`,
  );
  console.log(`dump: ${dump.seconds} s (as the server measured it), ${(dump.bytes / 1_048_576).toFixed(1)} MiB zipped`);
  for (const r of dump.resources) {
    console.log(`  ${r.name.padEnd(28)} ${String(r.rows ?? '').padStart(7)} ${(r.bytes / 1_048_576).toFixed(1).padStart(7)} MiB`);
  }
  console.log(`server peak RSS ${peakRssMb(pids()).toFixed(0)} MB`);
} finally {
  server.kill('SIGTERM');
}
