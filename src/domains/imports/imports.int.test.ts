import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/app.ts';
import { queryRows } from '../../db/client.ts';
import { distanceKm } from '../../lib/coordinates.ts';
import { communeCentre } from '../geo/territories.ts';
import { suggestMapping } from './imports.mapping.ts';
import * as imports from './imports.service.ts';

const DATA = path.resolve(import.meta.dirname, '../../../test/fixtures/places');
const system = { system: true } as const;
const file = (name: string) => new Uint8Array(fs.readFileSync(path.join(DATA, name)));

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx?.close();
});

async function importFile(name: string, source: string, defaultKind = 'fablab', bytes = file(name)) {
  const { jobId, table } = await imports.uploadImport(ctx.deps, system, { sourceName: source, fileName: name, bytes, readOptions: {} });
  const plan = await imports.checkImport(ctx.deps, system, jobId, { mapping: suggestMapping(table), defaultKind });
  return { jobId, table, plan };
}

const placeCount = async () =>
  (await queryRows<{ n: number }>(ctx.deps.db, sql`select count(*)::int as n from places where deleted_at is null`))[0]?.n ?? 0;

describe('importing the files networks keep (real public data)', () => {
  it('reads the Gironde file, puts its swapped axes back, and lands every place on land in Gironde', async () => {
    const { jobId, plan } = await importFile(
      'mediation-numerique-gironde.json',
      'Cartographie médiation numérique Gironde',
      'espace-numerique',
    );
    expect(plan.counts).toMatchObject({ rows: 347, ok: 0, fixed: 322, attention: 23, rejected: 2, create: 334, decide: 11 });
    expect(plan.rows.filter((r) => r.fixes.some((f) => f.key === 'imports.fix.swapped'))).toHaveLength(347);
    const before = await placeCount();
    await imports.startImport(ctx.deps, system, jobId, { wait: true });
    expect(await placeCount()).toBe(before + 334);
    const placed = await queryRows<{ name: string; department: string; lat: number; lng: number; insee: string }>(
      ctx.deps.db,
      sql`select p.name, p.department_code as department, p.latitude as lat, p.longitude as lng, p.insee_code as insee
          from places p join import_rows r on r.place_id = p.id where r.job_id = ${jobId}`,
    );
    expect(placed).toHaveLength(334);
    for (const p of placed) {
      // Gironde's coast runs at about 1.26° W: every point east of it, near its own commune.
      expect(p.department, p.name).toBe('33');
      expect(p.lng, p.name).toBeGreaterThan(-1.27);
      expect(p.lat, p.name).toBeGreaterThan(44.19);
      expect(p.lat, p.name).toBeLessThan(45.58);
      const centre = communeCentre(p.insee);
      expect(centre && distanceKm({ lat: p.lat, lng: p.lng }, centre), p.name).toBeLessThan(40);
    }
  });

  it('maps the columns of the Occitanie file, which has no header row, and restores the postcode 9500 → 09500', async () => {
    const { jobId, table, plan } = await importFile('tierslieux-occitanie-2018.csv', 'Tiers-lieux Occitanie 2018', 'associatif');
    expect(table.header).toBe(false);
    expect(suggestMapping(table)).toMatchObject({ name: 0, address: 1, postcode: 2, commune: 3, website: 4 });
    expect(plan.counts).toMatchObject({ rows: 73, ok: 0, fixed: 65, attention: 8, rejected: 0, create: 72, decide: 1 });
    const mirepoix = plan.rows[0];
    expect(mirepoix?.draft).toMatchObject({ name: 'Espace de Coworking Chez Woomeet', postcode: '09500', commune: 'Mirepoix' });
    expect(mirepoix?.fixes.map((f) => f.key)).toContain('imports.fix.postcodeZero');
    // The same place twice (other case, other address) is proposed to a person, not merged.
    const twice = plan.rows.find((r) => r.action === 'decide');
    expect(twice?.warnings.map((w) => w.key)).toContain('imports.warn.maybeSameInFile');
    await imports.startImport(ctx.deps, system, jobId, { wait: true });
    const report = await imports.getImportReport(ctx.deps, system, jobId);
    expect(report.outcomes).toMatchObject({ created: 72, skipped: 1 });
  });

  it('imports the French hackerspaces of a world GeoJSON, and nothing of its HTML', async () => {
    const { jobId, plan } = await importFile('hackerspaces-world.geojson', 'hackerspaces.org', 'makerspace');
    // 18 points in France (Paris ×4, Grenoble, Metz, Sartène…) and one of the German border towns
    // whose name is also a commune's, set aside for a person; the other 215 are abroad.
    expect(plan.counts).toMatchObject({ rows: 234, ok: 18, attention: 1, rejected: 215, create: 19 });
    expect(plan.rows.filter((r) => r.rejection?.key === 'imports.reject.abroadPoint').length).toBeGreaterThan(190);
    await imports.startImport(ctx.deps, system, jobId, { wait: true });
    const rows = await queryRows<{ name: string; description_md: string; description_html: string }>(
      ctx.deps.db,
      sql`select p.name, p.description_md, p.description_html from places p join import_rows r on r.place_id = p.id where r.job_id = ${jobId}`,
    );
    expect(rows.map((r) => r.name)).toEqual(expect.arrayContaining(['La Paillasse', 'Electrolab', 'Technistub', 'Labomedia']));
    for (const r of rows) {
      expect(`${r.name}${r.description_md}${r.description_html}`).not.toMatch(/<a |<script|href=/i);
    }
  });

  it('cleans the 2020 fablab census and imports it once: the same file again updates nothing and adds nothing', async () => {
    const { jobId, plan } = await importFile('fablabs-france-2020.csv', 'Recensement fablabs 2020');
    // Alone, the file gives ok 139, fixed 49, attention 16; here the hackerspaces imported just
    // before hold two of its fablabs: one merged at once, one proposed to a person.
    expect(plan.counts).toMatchObject({ rows: 211, ok: 137, fixed: 50, attention: 17, rejected: 7, merge: 1, decide: 2 });
    expect(plan.rows.find((r) => r.action === 'merge')?.targetName).toBeTruthy();
    const reasons = plan.rows.flatMap((r) => (r.rejection ? [r.rejection.key] : []));
    expect(reasons.filter((k) => k === 'imports.reject.noLocation')).toHaveLength(5);
    // Multi-line quoted names come out on one line, trimmed.
    expect(plan.rows.filter((r) => r.draft?.name && /\n|^\s|\s$/.test(r.draft.name))).toHaveLength(0);
    await imports.startImport(ctx.deps, system, jobId, { wait: true });
    const after = await placeCount();

    const again = await importFile('fablabs-france-2020.csv', 'Recensement fablabs 2020');
    expect(again.plan.counts.create).toBe(0);
    expect(again.plan.counts.update).toBe(plan.counts.create + plan.counts.merge);
    // What a person left undecided stays to decide.
    expect(again.plan.counts.decide).toBe(2);
    await imports.startImport(ctx.deps, system, again.jobId, { wait: true });
    expect(await placeCount()).toBe(after);
    const report = await imports.getImportReport(ctx.deps, system, again.jobId);
    expect(report.outcomes.unchanged).toBe(plan.counts.create + plan.counts.merge);
  });

  it('goes on after a crash midway, without importing a row twice', async () => {
    const { jobId, plan } = await importFile('mediation-numerique-gironde.json', 'Gironde, second import', 'espace-numerique');
    // The places of the first Gironde import are there: the same rows are now duplicates to merge.
    expect(plan.counts.merge + plan.counts.decide).toBeGreaterThan(300);
    await imports.decideImportRows(
      ctx.deps,
      system,
      jobId,
      plan.rows.filter((r) => r.action === 'decide').map((r) => ({ line: r.line, decision: 'new' as const })),
    );
    const crash = new Error('process stopped');
    await expect(
      imports.startImport(ctx.deps, system, jobId, {
        wait: true,
        onProgress: () => {
          throw crash;
        },
      }),
    ).rejects.toBe(crash);
    const halfway = await imports.getImportReport(ctx.deps, system, jobId);
    expect(halfway.job.status).toBe('failed');
    expect(halfway.job.done).toBe(250);
    const before = await placeCount();
    await imports.startImport(ctx.deps, system, jobId, { wait: true });
    const done = await imports.getImportReport(ctx.deps, system, jobId);
    expect(done.job.status).toBe('done');
    expect(done.rows.every((r) => r.appliedAt !== null)).toBe(true);
    expect(done.job.done).toBe(347);
    // The rows of the second batch only were written by the resumed run.
    expect((await placeCount()) - before).toBe(
      done.rows.filter((r) => r.line > (halfway.rows.filter((x) => x.appliedAt).at(-1)?.line ?? 0) && r.outcome === 'created').length,
    );
  });
});

describe('placing rows through the national address API (a local stand-in speaking its batch protocol)', () => {
  let server: http.Server;
  let calls = 0;
  let local: TestContext;
  beforeAll(async () => {
    server = http.createServer(async (req, res) => {
      calls++;
      const chunks: Buffer[] = [];
      for await (const c of req) {
        chunks.push(c as Buffer);
      }
      if (req.url !== '/search/csv/' || req.method !== 'POST') {
        res.writeHead(404).end();
        return;
      }
      if (calls === 1) {
        // The real API answers 429 past 50 requests a second.
        res.writeHead(429, { 'retry-after': '1' }).end('Too Many Requests');
        return;
      }
      const body = Buffer.concat(chunks).toString('utf8');
      const start = body.indexOf('id,adresse');
      const csv = body.slice(start, body.indexOf('\r\n--', start));
      const lines = csv.trim().split(/\r?\n/).slice(1);
      const out = ['id,adresse,postcode,citycode,latitude,longitude,result_label,result_score,result_citycode'];
      for (const line of lines) {
        const id = line.split(',')[0];
        // Limoux's Route de Carcassonne, well found; every other address found poorly.
        if (/Carcassonne/.test(line)) {
          out.push(`${id},x,11300,,43.0565,2.2301,29 Route de Carcassonne 11300 Limoux,0.91,11206`);
        } else {
          out.push(`${id},x,,,43.6,1.44,Toulouse,0.21,31555`);
        }
      }
      res.writeHead(200, { 'content-type': 'text/csv' }).end(out.join('\n'));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    local = await createTestContext({ env: { BAN_URL: `http://127.0.0.1:${(server.address() as { port: number }).port}` } });
  });
  afterAll(async () => {
    await local?.close();
    await new Promise<void>((r) => server.close(() => r()));
  });

  it('waits when told (429), then places a well-found address and leaves the rest at their commune', async () => {
    const { jobId, table } = await imports.uploadImport(local.deps, system, {
      sourceName: 'Occitanie avec la BAN',
      fileName: 'occitanie.csv',
      bytes: file('tierslieux-occitanie-2018.csv'),
      readOptions: {},
    });
    const plan = await imports.checkImport(local.deps, system, jobId, { mapping: suggestMapping(table), defaultKind: 'associatif' });
    expect(calls).toBe(2);
    const limoux = plan.rows.find((r) => r.draft?.name === 'TLL - Tiers Lieux Limoux');
    expect(limoux?.draft).toMatchObject({ latitude: 43.0565, longitude: 2.2301 });
    expect(limoux?.fixes.map((f) => f.key)).toContain('imports.fix.geocoded');
    const weak = plan.rows.filter((r) => r.warnings.some((w) => w.key === 'imports.warn.geocodeWeak'));
    expect(weak.length).toBeGreaterThan(50);
    expect(weak.every((r) => r.status === 'attention' && r.draft?.inseeCode && r.draft.latitude !== 43.6)).toBe(true);
  });
});
