/**
 * Benchmark: seeds the large network (5,000 places, 50,000 members) into a fresh embedded
 * database, starts the real server in its own process, and measures with autocannon at 16
 * connections: /healthz (baseline), place pages, searches, the map's bbox endpoint at national
 * zoom; then the server's peak RSS and the weight of pages. Prints figures; asserts nothing.
 *
 * Also: matching a call against the 50,000 members (in-process, as posting a call does), the
 * member directory's searches, and the documentation commons: 20,000 projects and 400 guides —
 * saving an edit as a revision (in-process), project pages, and the one search over everything.
 *
 * Then the long tail (bench/long-tail.ts): random URLs over the whole network, the search
 * never cached, with the server's CPU per request and its share of the machine.
 *
 *   npm run bench                 # full run (~4 minutes)
 *   BENCH_SECONDS=5 npm run bench # shorter runs
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import autocannon from 'autocannon';
import { sql } from 'drizzle-orm';
import { createApp } from '../src/app.tsx';
import { bootstrap } from '../src/bootstrap.ts';
import { loadConfig } from '../src/config.ts';
import { queryRows } from '../src/db/client.ts';
import { seedNetwork } from '../src/demo/seed.ts';
import { matchMembers } from '../src/domains/calls/calls.service.ts';
import type { DocumentContent } from '../src/domains/documents/documents.content.ts';
import { saveDocument } from '../src/domains/documents/documents.service.ts';
import { runRelevance } from '../src/domains/search/search.relevance.ts';
import { longTailLists, runLongTail } from './long-tail.ts';
import { startBenchServer } from './server.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 16;
const PORT = Number(process.env.BENCH_PORT ?? 3917);
const BASE = `http://127.0.0.1:${PORT}`;

const SEARCHES = [
  'fablab',
  'médiathèque',
  'mediatheque',
  'découpe laser',
  'decoupe lazer',
  'impression 3d',
  'robotique',
  'lyon',
  'bretagne',
  'Marseille',
  'learning lab',
  'espace jeunes',
  'repair café',
  'collège',
  'lycée professionnel',
  'université',
  'couture',
  'podcast',
  'studio vidéo',
  'scratch',
];
const FACETS = [
  '',
  '&kind=fablab',
  '&region=84',
  '&kind=mediatheque&region=53',
  '&equipment=decoupe-laser',
  '&audience=college&kind=fablab',
];

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

async function load(name: string, paths: string[]): Promise<Figures> {
  const result = await autocannon({
    url: BASE,
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: paths.map((p) => ({ method: 'GET', path: p })),
  });
  const f = {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
  };
  console.log(
    `  ${name.padEnd(34)} ${f.rps.toFixed(0).padStart(7)} req/s   p50 ${String(f.p50).padStart(4)} ms   p99 ${String(f.p99).padStart(4)} ms   errors ${f.errors + f.non2xx}`,
  );
  return f;
}

/** One request at a time, each URL once: what the first visitor of each search waits. */
async function coldLatencies(paths: string[]): Promise<{ p50: number; p99: number; max: number }> {
  const times: number[] = [];
  for (const p of paths) {
    const t = performance.now();
    const res = await fetch(BASE + p);
    await res.arrayBuffer();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const q = (x: number) => times[Math.min(times.length - 1, Math.floor(x * times.length))] ?? 0;
  return { p50: q(0.5), p99: q(0.99), max: times[times.length - 1] ?? 0 };
}

async function pageWeight(p: string) {
  const html = await (await fetch(BASE + p)).text();
  const cssPath = /<link rel="stylesheet" href="([^"]+)"/.exec(html)?.[1] ?? '';
  const css = cssPath ? await (await fetch(BASE + cssPath)).text() : '';
  const scripts = (html.match(/<script(?![^>]*application\/ld\+json)[^>]*>/g) ?? []).length;
  return { html: gzipSync(html).length, css: gzipSync(css).length, scripts };
}

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

function peakRssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

function quantiles(times: number[]) {
  const sorted = [...times].sort((a, b) => a - b);
  const q = (x: number) => sorted[Math.min(sorted.length - 1, Math.floor(x * sorted.length))] ?? 0;
  return { p50: q(0.5), p95: q(0.95), p99: q(0.99), max: sorted[sorted.length - 1] ?? 0 };
}

/**
 * Matching a call against every member, as posting a call does inside its transaction: 200
 * calls of 1 to 3 skills around real places, on site within 10–200 km or remote.
 */
async function benchMatching(deps: Awaited<ReturnType<typeof bootstrap>>) {
  const skills = (await queryRows<{ id: string }>(deps.db, sql`select id from skills where status = 'accepted'`)).map((r) => r.id);
  const centres = await queryRows<{ lat: number; lng: number }>(
    deps.db,
    sql`select latitude as lat, longitude as lng from places where latitude is not null order by random() limit 200`,
  );
  const members = (await queryRows<{ n: number }>(deps.db, sql`select count(*)::int as n from profiles`))[0]?.n ?? 0;
  let seed = 7;
  const rnd = () => {
    seed = (seed * 48271) % 2147483647;
    return seed / 2147483647;
  };
  const radii = [10, 25, 50, 100, 200];
  const times: number[] = [];
  let matched = 0;
  for (const [i, centre] of centres.entries()) {
    const skillIds = Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => skills[Math.floor(rnd() * skills.length)] ?? '');
    const remote = i % 5 === 0;
    const t0 = performance.now();
    const rows = await matchMembers(
      deps,
      { skillIds, lat: centre.lat, lng: centre.lng, radiusKm: radii[i % radii.length] ?? 50, remote, excludeUserId: null },
      500,
    );
    times.push(performance.now() - t0);
    matched += rows.length;
  }
  const q = quantiles(times);
  console.log(
    `  matching a call against ${members} members, ${times.length} calls: p50 ${q.p50.toFixed(1)} ms   p95 ${q.p95.toFixed(1)} ms   p99 ${q.p99.toFixed(1)} ms   (${(matched / times.length).toFixed(0)} matches per call on average, at most 500 kept)`,
  );
  return q;
}

/** Queries people type in the one search box: words, typos, accents left out, a tool, a place. */
const GLOBAL_SEARCHES = [
  'découpe laser',
  'decoupe lazer',
  'station météo',
  'station meteo arduino',
  'podcast',
  'radio scolaire',
  'scratch jeu vidéo',
  'impression 3d robot',
  'inkscape',
  'kicad badge',
  'repair café',
  'fanzine',
  'thymio maternelle',
  'ilots de chaleur',
  'court métrage animation',
  'médiathèque',
  'fablab',
  'sécurité',
  'financer tiers-lieu',
  'documenter',
  'accueillir une classe',
  'licence',
  'seconde',
  'CM1',
  'Lyon',
  'Rennes',
  'pédagogie de projet',
  'modélisation 3D',
  'électronique soudure',
  'échecs openscad',
];

/**
 * Saving an edit of a project, as the form does: lock, compare with the base revision, write
 * the new revision, the row, links and search words, in one transaction. 200 saves of random
 * projects among 20,000, each by a member of its team.
 */
async function benchSaves(deps: Awaited<ReturnType<typeof bootstrap>>) {
  const docs = await queryRows<{ id: string; revision: number; createdBy: string; content: DocumentContent }>(
    deps.db,
    sql`select id, revision, created_by as "createdBy", content from documents where kind = 'project' and created_by is not null order by random() limit 200`,
  );
  const times: number[] = [];
  for (const [i, d] of docs.entries()) {
    const content = {
      ...d.content,
      sections: {
        ...d.content.sections,
        resultats: `${d.content.sections.resultats ?? ''}\n\nMise à jour n° ${i} : les élèves ont présenté le projet au conseil d’administration.`,
      },
    };
    const t0 = performance.now();
    await saveDocument(deps, { id: d.createdBy, displayName: '', role: 'member', emailVerified: true }, d.id, {
      content,
      change: 'bench',
      base: d.revision,
    });
    times.push(performance.now() - t0);
  }
  const q = quantiles(times);
  console.log(
    `  saving a project edit as a new revision, ${times.length} saves: p50 ${q.p50.toFixed(1)} ms   p95 ${q.p95.toFixed(1)} ms   p99 ${q.p99.toFixed(1)} ms`,
  );
  return q;
}

/** Every call computes the search (the API is not cached): what each searcher waits. */
async function searchLatencies(paths: string[], rounds: number) {
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const p of paths) {
      const t0 = performance.now();
      const res = await fetch(BASE + p);
      await res.arrayBuffer();
      times.push(performance.now() - t0);
    }
  }
  return quantiles(times);
}

/**
 * The relevance test set (src/domains/search/search.relevance.ts) on the demo network, in a
 * database of its own: the share of queries whose answer comes where it must, and the mean
 * reciprocal rank of the first good answer.
 */
async function benchRelevance() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tisserin-relevance-'));
  const deps = await bootstrap(loadConfig({ ...process.env, DATA_DIR: dir, DATABASE_URL: '', DEMO_DATA: 'false', LOG_LEVEL: 'warn' }), {
    holder: 'bench relevance',
  });
  try {
    await seedNetwork(deps, 'demo');
    const app = createApp(deps);
    const { outcomes, passRate, mrr } = await runRelevance(async (p) => (await app.request(p)).json());
    console.log(
      `\nSearch relevance (${outcomes.length} queries of the test set, demo network): pass rate ${(passRate * 100).toFixed(0)} %, MRR ${mrr.toFixed(3)}`,
    );
    for (const o of outcomes.filter((x) => !x.passed)) {
      console.log(`  missed: [${o.case.on}] “${o.case.q}” (${o.case.want}): rank ${o.rank ?? '> 20'}, want ≤ ${o.case.within}`);
    }
  } finally {
    await deps.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  await benchRelevance();
  // BENCH_DATA_DIR reuses a data directory seeded by an earlier run (kept, not deleted).
  const reuse = process.env.BENCH_DATA_DIR;
  const dataDir = reuse ?? fs.mkdtempSync(path.join(os.tmpdir(), 'tisserin-bench-'));
  const seeded = !!reuse && fs.existsSync(path.join(reuse, 'pglite'));
  const env = {
    ...process.env,
    DATA_DIR: dataDir,
    DATABASE_URL: '',
    DEMO_DATA: 'false',
    LOG_LEVEL: 'warn',
    PORT: String(PORT),
    HOST: '127.0.0.1',
    BACKUP_INTERVAL_HOURS: '0',
  };
  console.log(seeded ? `Reusing the network in ${dataDir}` : `Seeding the large network into ${dataDir}…`);
  let t = performance.now();
  const deps = await bootstrap(loadConfig(env), { holder: 'bench seed' });
  const counts = seeded ? { places: 5000, members: 50_000 } : await seedNetwork(deps, 'large');
  const [docCounts] = await queryRows<{ projects: number; guides: number; revisions: number; avgText: number }>(
    deps.db,
    sql`select count(*) filter (where kind = 'project')::int as projects, count(*) filter (where kind = 'guide')::int as guides,
          (select count(*)::int from document_revisions) as revisions, avg(length(body_text))::int as "avgText" from documents`,
  );
  const projectSlugs = (
    await queryRows<{ slug: string }>(
      deps.db,
      sql`select slug from documents where kind = 'project' and published_at is not null order by random() limit 300`,
    )
  ).map((r) => r.slug);
  const slugs = (
    await queryRows<{ slug: string }>(deps.db, sql`select slug from places where status = 'published' order by random() limit 300`)
  ).map((r) => r.slug);
  console.log(`  ${counts.places} places, ${counts.members} members in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  console.log(
    `  ${docCounts?.projects} projects and ${docCounts?.guides} guides (${docCounts?.revisions} revisions, ${docCounts?.avgText} characters of text each on average)`,
  );
  const matching = await benchMatching(deps);
  const saves = await benchSaves(deps);
  const longTail = await longTailLists(deps);
  const memberSkillSlugs = (
    await queryRows<{ slug: string }>(deps.db, sql`select slug from skills where status = 'accepted' order by slug limit 12`)
  ).map((r) => r.slug);
  await deps.close();

  const server = await startBenchServer(env, BASE);
  try {
    const searchPaths = SEARCHES.flatMap((q) => FACETS.map((f) => `/lieux?q=${encodeURIComponent(q)}${f}`));
    const placePaths = slugs.map((s) => `/lieux/${s}`);
    const memberPaths = [
      ...[
        '',
        'laser',
        'fabmanager',
        'impression 3d',
        'pedagogie de projet',
        'robotique',
        'enseignante',
        'Lyon',
        'documentation',
        'video',
      ].map((q) => `/membres?q=${encodeURIComponent(q)}`),
      ...memberSkillSlugs.map((slug) => `/membres?skill=${slug}`),
      ...['Lyon', 'Rennes', 'Marseille', 'Lille', 'Toulouse', 'Strasbourg'].flatMap((town) => [
        `/membres?pres=${town}&km=50`,
        `/membres?q=laser&pres=${town}&km=50&transmet=1`,
        `/membres?role=fabmanager&pres=${town}&km=100`,
      ]),
      '/membres?role=enseignant&region=84',
      '/membres?openTo=mentorat&role=animateur',
    ];
    const national = '/api/v1/places/bbox?bbox=-5.5,41.2,9.8,51.2&zoom=5';
    const projectPaths = projectSlugs.map((slug) => `/projets/${slug}`);
    const globalPaths = GLOBAL_SEARCHES.map((q) => `/recherche?q=${encodeURIComponent(q)}`);
    const apiSearchPaths = GLOBAL_SEARCHES.map((q) => `/api/v1/search?q=${encodeURIComponent(q)}`);

    const pid = server.pid ?? 0;
    console.log(`\nServer RSS after start: ${rssMb(pid).toFixed(0)} MB`);
    console.log(`\nCold (each URL once, one at a time, empty caches):`);
    const coldSearch = await coldLatencies(searchPaths);
    console.log(
      `  /lieux search, ${searchPaths.length} distinct      p50 ${coldSearch.p50.toFixed(1)} ms   p99 ${coldSearch.p99.toFixed(1)} ms   max ${coldSearch.max.toFixed(1)} ms`,
    );
    const coldMembers = await coldLatencies(memberPaths);
    console.log(
      `  /membres search, ${memberPaths.length} distinct     p50 ${coldMembers.p50.toFixed(1)} ms   p99 ${coldMembers.p99.toFixed(1)} ms   max ${coldMembers.max.toFixed(1)} ms`,
    );
    const coldPlace = await coldLatencies(placePaths);
    console.log(
      `  place page, ${placePaths.length} distinct             p50 ${coldPlace.p50.toFixed(1)} ms   p99 ${coldPlace.p99.toFixed(1)} ms   max ${coldPlace.max.toFixed(1)} ms`,
    );
    const coldProject = await coldLatencies(projectPaths);
    console.log(
      `  project page, ${projectPaths.length} distinct           p50 ${coldProject.p50.toFixed(1)} ms   p99 ${coldProject.p99.toFixed(1)} ms   max ${coldProject.max.toFixed(1)} ms`,
    );
    const coldGlobal = await coldLatencies(globalPaths);
    console.log(
      `  /recherche, ${globalPaths.length} distinct            p50 ${coldGlobal.p50.toFixed(1)} ms   p99 ${coldGlobal.p99.toFixed(1)} ms   max ${coldGlobal.max.toFixed(1)} ms`,
    );
    const globalSearch = await searchLatencies(apiSearchPaths, 3);
    console.log(
      `  /api/v1/search, ${apiSearchPaths.length} queries × 3 (never cached) p50 ${globalSearch.p50.toFixed(1)} ms   p95 ${globalSearch.p95.toFixed(1)} ms   p99 ${globalSearch.p99.toFixed(1)} ms`,
    );
    t = performance.now();
    const bboxBody = await (await fetch(BASE + national)).text();
    const bboxCold = performance.now() - t;
    const bboxWarm = await coldLatencies(Array.from({ length: 50 }, () => national));
    const features = JSON.parse(bboxBody) as { features: unknown[]; total: number };
    console.log(
      `  bbox national: first ${bboxCold.toFixed(1)} ms (builds the cluster index), then p50 ${bboxWarm.p50.toFixed(1)} ms p99 ${bboxWarm.p99.toFixed(1)} ms; ${features.features.length} features for ${features.total} places, ${(bboxBody.length / 1024).toFixed(1)} KB JSON (${(gzipSync(bboxBody).length / 1024).toFixed(1)} KB gzip)`,
    );

    console.log(`  (RSS now ${rssMb(pid).toFixed(0)} MB)`);
    console.log(`\nLoad: ${CONNECTIONS} connections, ${SECONDS} s each (steady state: every URL was visited once above):`);
    const health = await load('/healthz', ['/healthz']);
    const place = await load(`place page (${placePaths.length} places)`, placePaths);
    console.log(`  (RSS now ${rssMb(pid).toFixed(0)} MB)`);
    const search = await load(`/lieux search (${searchPaths.length} queries)`, searchPaths);
    console.log(`  (RSS now ${rssMb(pid).toFixed(0)} MB)`);
    const members = await load(`/membres search (${memberPaths.length} queries)`, memberPaths);
    const bbox = await load('bbox, national view', [national]);
    const project = await load(`project page (${projectPaths.length} projects)`, projectPaths);
    const global = await load(`/recherche (${globalPaths.length} queries)`, globalPaths);
    const home = await load('home page', ['/']);
    await runLongTail(BASE, () => [pid], longTail, SECONDS, CONNECTIONS);

    console.log('\nPage weight (gzip), scripts:');
    for (const p of [
      '/',
      '/lieux',
      '/lieux?q=fablab&region=84',
      placePaths[0] ?? '/',
      '/carte',
      '/membres',
      '/membres?q=laser&pres=Lyon&km=50',
      projectPaths[0] ?? '/',
      '/projets',
      '/recherche?q=d%C3%A9coupe%20laser',
      '/outils',
    ]) {
      const w = await pageWeight(p);
      console.log(
        `  ${p.slice(0, 40).padEnd(40)} HTML ${(w.html / 1024).toFixed(1)} KB + CSS ${(w.css / 1024).toFixed(1)} KB = ${((w.html + w.css) / 1024).toFixed(1)} KB, ${w.scripts} script(s)`,
      );
    }
    console.log('\nOpen-data exports (whole directory):');
    for (const p of ['/api/v1/places.csv', '/api/v1/places.geojson']) {
      const t0 = performance.now();
      const res = await fetch(BASE + p);
      const size = (await res.arrayBuffer()).byteLength;
      console.log(`  ${p.padEnd(26)} ${res.status} ${(size / 1024 / 1024).toFixed(1)} MB in ${(performance.now() - t0).toFixed(0)} ms`);
    }
    const metrics = await (await fetch(`${BASE}/metrics`)).text();
    const metric = (name: string) => Number(new RegExp(`^${name} (\\d+)`, 'm').exec(metrics)?.[1] ?? 0) / 1024 / 1024;
    console.log(
      `\nServer memory now: RSS ${metric('process_resident_memory_bytes').toFixed(0)} MB, JS heap ${metric('nodejs_heap_used_bytes').toFixed(0)}/${metric('nodejs_heap_total_bytes').toFixed(0)} MB, external ${metric('nodejs_external_memory_bytes').toFixed(0)} MB`,
    );
    const rss = peakRssMb(server.pid ?? 0);
    console.log(`\nServer peak RSS: ${rss.toFixed(0)} MB`);
    console.log('\nAgainst the targets:');
    const pct = (f: Figures) => `${((f.rps / health.rps) * 100).toFixed(0)} % of /healthz`;
    console.log(`  place page: ${pct(place)}, p99 ${place.p99} ms   (target ≥ 25 %, p99 < 50 ms)`);
    console.log(`  search:     ${pct(search)}, p99 ${search.p99} ms   (target ≥ 25 %, p99 < 50 ms)`);
    console.log(
      `  bbox:       p99 ${bbox.p99} ms under load, ${bboxWarm.p99.toFixed(1)} ms alone, ${(bboxBody.length / 1024).toFixed(1)} KB   (target < 30 ms, < 100 KB)`,
    );
    console.log(`  /membres:   ${pct(members)}, p99 ${members.p99} ms   (target: the foundation's page targets, ≥ 25 %, p99 < 50 ms)`);
    console.log(`  matching:   p95 ${matching.p95.toFixed(1)} ms against every member   (target < 100 ms p95)`);
    console.log(`  one search: p95 ${globalSearch.p95.toFixed(1)} ms over 20,000 projects and everything else   (target < 50 ms p95)`);
    console.log(`  /recherche: ${pct(global)}, p99 ${global.p99} ms under load (cached pages for visitors)`);
    console.log(`  project page: ${pct(project)}, p99 ${project.p99} ms   (target: the foundation's page targets, ≥ 25 %, p99 < 50 ms)`);
    console.log(`  save with revision: p95 ${saves.p95.toFixed(1)} ms   (target < 50 ms p95)`);
    console.log(`  home:       ${pct(home)}, p99 ${home.p99} ms`);
    console.log(`  peak RSS:   ${rss.toFixed(0)} MB   (target < 300 MB)`);
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    if (!reuse) {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }
}

void main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
