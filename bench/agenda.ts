/**
 * The agenda under load, on the large network (4,950 events, about 50,000 sessions over the year
 * to come): /healthz as the baseline, /agenda with filters drawn per request (kind, region, age,
 * free, dates — never cached), the month view, /services with filters; the iCalendar feeds (the
 * whole network's year, a region's, a place's) generated in process, then fetched over HTTP one at
 * a time; their time and size. Prints figures; asserts nothing.
 *
 *   npx tsx bench/agenda.ts                               # seeds the large network (~4 min)
 *   BENCH_DATA_DIR=/tmp/benchdata npx tsx bench/agenda.ts # reuses a seeded network (kept)
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
import type { AgendaFilters } from '../src/domains/events/events.agenda.ts';
import { renderAgendaFeed } from '../src/domains/events/events.feeds.ts';
import { benchEnv, cpuMs, peakRssMb, serverAndDatabase, startBenchServer } from './server.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 16;
const PORT = Number(process.env.BENCH_PORT ?? 3933);
const BASE = `http://127.0.0.1:${PORT}`;

const kept = process.env.BENCH_DATA_DIR;
const dataDir = kept ?? fs.mkdtempSync(path.join(os.tmpdir(), 'tisserin-bench-agenda-'));
fs.mkdirSync(dataDir, { recursive: true });
const env = benchEnv(dataDir, PORT);

const deps = await bootstrap(loadConfig({ ...env }), { holder: 'bench' });
const [{ n: existing } = { n: 0 }] = await queryRows<{ n: number }>(deps.db, sql`select count(*)::int as n from event_sessions`);
if (existing === 0) {
  const t0 = performance.now();
  await seedNetwork(deps, 'large');
  console.log(`Seeded the large network in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
}
const [counts] = await queryRows<{ events: number; sessions: number; upcoming: number; offers: number }>(
  deps.db,
  sql`select (select count(*)::int from events) as events, (select count(*)::int from event_sessions) as sessions,
             (select count(*)::int from event_sessions where starts_at > now() and starts_at < now() + interval '1 year') as upcoming,
             (select count(*)::int from service_offers) as offers`,
);
const regions = (
  await queryRows<{ code: string }>(deps.db, sql`select distinct region_code as code from events where region_code is not null`)
).map((r) => r.code);
const places = (
  await queryRows<{ slug: string }>(deps.db, sql`select distinct p.slug from events e join places p on p.id = e.place_id limit 2000`)
).map((r) => r.slug);
console.log(
  `\nThe agenda: ${counts?.events} events, ${counts?.sessions} sessions (${counts?.upcoming} in the year to come); ${counts?.offers} service offers`,
);

// Generating the feeds, in process (the server keeps a generated feed until the agenda changes:
// what is timed here is what the first subscriber after a change waits for).
const filtersOf = (f: Partial<AgendaFilters>): AgendaFilters => ({
  kind: [],
  region: [],
  department: [],
  audience: [],
  online: false,
  free: false,
  ...f,
});
const generate = async (label: string, f: Partial<AgendaFilters>) => {
  await renderAgendaFeed(deps, filtersOf(f), 'Agenda');
  const times: number[] = [];
  let body = '';
  for (let i = 0; i < 10; i++) {
    const t0 = performance.now();
    body = await renderAgendaFeed(deps, filtersOf(f), 'Agenda');
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  console.log(
    `  ${label.padEnd(44)} p50 ${times[5]?.toFixed(0)} ms  max ${times.at(-1)?.toFixed(0)} ms  ${body.split('BEGIN:VEVENT').length - 1} events  ${(Buffer.byteLength(body) / 1024).toFixed(0)} KB`,
  );
};
console.log('\nGenerating iCalendar feeds (in process, 10 each; a feed holds at most 5,000 sessions):');
const t0 = performance.now();
await renderAgendaFeed(deps, filtersOf({}), 'Agenda');
console.log(`  the first one, with the agenda's in-memory index built: ${(performance.now() - t0).toFixed(0)} ms`);
await generate('the network, the month past and a year', {});
await generate('one region', { region: [regions[0] ?? '84'] });
await generate('one place', { place: places[0] });
await deps.close();

const KINDS = ['atelier', 'formation', 'portes-ouvertes', 'rencontre-reseau', 'conference', 'visite'];
const SERVICE_KINDS = ['usage-machines', 'formation', 'pret-materiel', 'visite', 'accompagnement', 'conseil'];
const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)] as T;
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/** An /agenda address with one to three filters, as people combine them. */
function agendaUrl(): string {
  const p = new URLSearchParams();
  const filters = [
    () => p.append('type', pick(KINDS)),
    () => p.append('region', pick(regions)),
    () => p.set('age', String(6 + Math.floor(Math.random() * 12))),
    () => p.set('gratuit', '1'),
    () => {
      const from = Math.floor(Math.random() * 200);
      p.set('du', day(from));
      p.set('au', day(from + 7 + Math.floor(Math.random() * 30)));
    },
  ];
  const n = 1 + Math.floor(Math.random() * 3);
  for (const f of [...filters].sort(() => Math.random() - 0.5).slice(0, n)) {
    f();
  }
  if (Math.random() < 0.2) {
    p.set('page', '2');
  }
  return `/agenda?${p}`;
}

function servicesUrl(): string {
  const p = new URLSearchParams();
  if (Math.random() < 0.6) {
    p.append('type', pick(SERVICE_KINDS));
  }
  if (Math.random() < 0.6) {
    p.append('region', pick(regions));
  }
  if (Math.random() < 0.3) {
    p.set('q', pick(['laser', 'robots', 'impression 3D', 'visite', 'fablab']));
  }
  return `/services?${p}`;
}

const server = await startBenchServer(env, BASE);
const pids = serverAndDatabase(server, env);
try {
  const run = async (label: string, next: () => string, warm = 20) => {
    // Requests first: the first ones pay for the JIT (and, for a cached view, each address once).
    for (let i = 0; i < warm; i++) {
      await (await fetch(`${BASE}${next()}`)).arrayBuffer();
    }
    const cpu0 = cpuMs(pids());
    const r = await autocannon({
      url: BASE,
      connections: CONNECTIONS,
      duration: SECONDS,
      requests: [{ setupRequest: (req: Record<string, unknown>) => ({ ...req, path: next() }) }],
    });
    const cpu = cpuMs(pids()) - cpu0;
    const line = {
      label,
      rps: r.requests.average,
      p50: r.latency.p50,
      p99: r.latency.p99,
      cpu: cpu / Math.max(1, r.requests.total),
      non2xx: r.non2xx,
    };
    console.log(
      `  ${label.padEnd(44)} ${line.rps.toFixed(0).padStart(6)} req/s  p50 ${String(line.p50).padStart(3)} ms  p99 ${String(line.p99).padStart(4)} ms  CPU ${line.cpu.toFixed(1)} ms/req  non-2xx ${line.non2xx}`,
    );
    return line;
  };
  // The cached view, as bench/run.ts measures pages: 300 addresses visited again and again (a
  // visitor's page is kept until the agenda, its registrations or the quarter of an hour change).
  const cycle = (urls: string[]) => {
    let i = 0;
    return () => urls[i++ % urls.length] ?? '/';
  };
  const agenda300 = Array.from({ length: 300 }, agendaUrl);
  const services300 = Array.from({ length: 300 }, servicesUrl);
  console.log(`\nUnder load (${CONNECTIONS} connections, ${SECONDS} s each, the server as \`npm start\` runs it):`);
  const health = await run('/healthz', () => '/healthz');
  const agenda = await run('/agenda, 300 filter sets (cached view)', cycle(agenda300), 300);
  const agendaTail = await run('/agenda, 1–3 filters drawn per request', agendaUrl);
  const month = await run('/agenda/mois, a kind and a region', () => `/agenda/mois?type=${pick(KINDS)}&region=${pick(regions)}`);
  const services = await run('/services, 300 filter sets (cached view)', cycle(services300), 300);
  const servicesTail = await run('/services, filters drawn per request', servicesUrl);
  const pct = (r: { rps: number }) => `${((100 * r.rps) / health.rps).toFixed(0)} %`;
  console.log(
    `  /agenda with filters: ${pct(agenda)} of /healthz (target ≥ 25 %), p99 ${agenda.p99} ms (target < 50 ms); drawn per request ${pct(agendaTail)}, p99 ${agendaTail.p99} ms; month view ${pct(month)}; services ${pct(services)} (drawn per request ${pct(servicesTail)})`,
  );

  // Feeds, one at a time: how long one takes to generate, and its size.
  const feed = async (label: string, url: string, times = 10) => {
    await (await fetch(`${BASE}${url}`)).text();
    const ms: number[] = [];
    let bytes = 0;
    let events = 0;
    for (let i = 0; i < times; i++) {
      const t0 = performance.now();
      const res = await fetch(`${BASE}${url}`);
      const body = await res.text();
      ms.push(performance.now() - t0);
      bytes = Buffer.byteLength(body);
      events = body.split('BEGIN:VEVENT').length - 1;
      if (res.status !== 200) {
        throw new Error(`${url}: ${res.status}`);
      }
    }
    ms.sort((a, b) => a - b);
    console.log(
      `  ${label.padEnd(44)} p50 ${ms[Math.floor(ms.length / 2)]?.toFixed(0)} ms  max ${ms.at(-1)?.toFixed(0)} ms  ${events} events  ${(bytes / 1024).toFixed(0)} KB`,
    );
  };
  console.log('\niCalendar feeds over HTTP (one request at a time, 10 each; kept until the agenda changes):');
  await feed('/agenda.ics — the network, a year', '/agenda.ics');
  await feed('/agenda.ics?region=… — one region, a year', `/agenda.ics?region=${regions[0]}`);
  await feed('/agenda.ics?lieu=… — one place', `/agenda.ics?lieu=${places[0]}`);
  console.log(`\nServer peak RSS: ${peakRssMb(pids())} MB`);
} finally {
  server.kill('SIGTERM');
  await new Promise((resolve) => server.once('exit', resolve));
  if (!kept) {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
