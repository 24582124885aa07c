import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
// An independent Table Schema validator (frictionlessdata/tableschema-js), not ours.
import { Table } from 'tableschema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestContext,
  placeForm,
  projectForm,
  signedInMember,
  TEST_PASSWORD,
  type TestClient,
  type TestContext,
} from '../../../test/app.ts';
import { writeDump } from './opendata.dump.ts';

const NATIONAL_SCHEMA = path.resolve(import.meta.dirname, '../../../test/fixtures/places/schema-lieux-mediation-numerique.json');

let ctx: TestContext;
let moderator: { client: TestClient; member: { id: string; email: string } };
let author: { client: TestClient; member: { id: string; email: string; displayName: string } };
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tisserin-dump-test-'));

beforeAll(async () => {
  // A public address with a domain name, as a real network has (the validator checks the URLs).
  ctx = await createTestContext({ env: { PUBLIC_URL: 'http://reseau.example.org' } });
  moderator = await signedInMember(ctx, { role: 'admin', displayName: 'Modé Ratrice' });
  author = await signedInMember(ctx, { displayName: 'Inès Autrice' });
  // A place that can enter the national schema (SIRET, address, commune) and one that cannot (no SIRET).
  for (const fields of [
    placeForm({
      name: 'Fablab des Pentes',
      pivot: '123 456 789 00012',
      address: '12 rue des Tables Claudiennes',
      postcode: '69001',
      commune: 'Lyon',
    }),
    placeForm({ name: 'Médiathèque sans SIRET', address: '3 place du Marché', postcode: '35500', commune: 'Vitré' }),
  ]) {
    const res = await moderator.client.post('/lieux/nouveau', fields);
    expect(res.status).toBe(303);
  }
  const created = await author.client.post('/projets/nouveau', projectForm({ title: 'Une formule =HYPERLINK("http://x") dans un titre' }));
  expect(created.status).toBe(303);
  const docPath = created.headers.get('location') ?? '';
  const edited = await author.client.post(
    `${docPath}/modifier`,
    projectForm({ title: 'Une station météo', base: '1', intent: 'save', change: 'titre' }),
  );
  expect(edited.status).toBe(303);
});
afterAll(async () => {
  await ctx?.close();
  fs.rmSync(work, { recursive: true, force: true });
});

async function dumpFiles(): Promise<Record<string, Uint8Array>> {
  await writeDump(ctx.deps);
  const zip = path.join(ctx.config.dataDir, 'open-data', 'tisserin-donnees.zip');
  // Info-ZIP's own test of every entry (CRC, sizes): an archive any unzip opens.
  expect(execFileSync('unzip', ['-tq', zip], { encoding: 'utf8' })).toMatch(/^No errors detected/);
  return unzipSync(new Uint8Array(fs.readFileSync(zip)));
}

/** Each CSV read back by tableschema-js against its schema: every row must cast. */
async function validate(csv: Uint8Array, schema: object, name: string) {
  const file = path.join(work, `${name}.csv`);
  fs.writeFileSync(file, csv);
  const table = await Table.load(file, { schema });
  const rows = await table.read({ forceCast: true });
  const errors = rows
    .filter((r: unknown) => r instanceof Error)
    .map((e: Error & { errors?: Error[] }) => `${e.message} ${(e.errors ?? []).map((x) => x.message).join('; ')}`);
  return { rows: rows.length, errors };
}

describe('the open dump', () => {
  it('holds every resource its datapackage.json names, each CSV valid against its Table Schema', async () => {
    const files = await dumpFiles();
    const pkg = JSON.parse(new TextDecoder().decode(files['datapackage.json'])) as {
      $schema: string;
      licenses: Array<{ name: string }>;
      resources: Array<{ name: string; path: string; bytes: number; schema?: object | string; format: string; licenses: unknown[] }>;
    };
    expect(pkg.$schema).toBe('https://datapackage.org/profiles/2.0/datapackage.json');
    expect(pkg.licenses[0]?.name).toBe('etalab-2.0');
    const names = pkg.resources.map((r) => r.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'lieux',
        'lieux-mediation-numerique',
        'documents',
        'revisions',
        'publications',
        'outils',
        'lieux-supprimes',
        'textes',
        'agenda',
      ]),
    );
    for (const r of pkg.resources.filter((x) => x.format === 'csv')) {
      const csv = files[r.path];
      expect(csv, r.path).toBeDefined();
      expect(csv?.length, r.path).toBe(r.bytes);
      expect(r.licenses.length, r.path).toBe(1);
      // The national resource points at the national schema; the tests read it from its published copy.
      const schema = typeof r.schema === 'string' ? JSON.parse(fs.readFileSync(NATIONAL_SCHEMA, 'utf8')) : r.schema;
      const { errors } = await validate(csv as Uint8Array, schema, r.name);
      expect(errors, r.path).toEqual([]);
    }
    const text = (p: string) => new TextDecoder().decode(files[p]);
    // Revisions: the whole history, both versions of the project, with their author's shown name.
    expect(text('revisions.csv')).toContain('Inès Autrice');
    expect(
      text('revisions.csv')
        .split('\n')
        .filter((l) => l.includes('Une station météo') || l.includes('HYPERLINK')).length,
    ).toBeGreaterThanOrEqual(2);
    // A formula typed in a title is neutralised for spreadsheets.
    expect(text('documents.csv')).not.toMatch(/(^|,)"?=HYPERLINK/m);
    expect(Object.keys(files)).toContain('textes/projets/une-formule-hyperlink-http-x-dans-un-titre/README.md');
    expect(text('agenda/agenda.ics')).toContain('BEGIN:VCALENDAR');
    // The national export takes the place with a SIRET and lists the other apart, never inventing one.
    expect(text('lieux-mediation-numerique.csv')).toContain('12345678900012');
    expect(text('lieux-mediation-numerique.csv')).not.toContain('Médiathèque sans SIRET');
    expect(text('lieux-hors-format-national.csv')).toMatch(/Médiathèque sans SIRET,pivot/);
    // No e-mail address anywhere.
    for (const [name, bytes] of Object.entries(files)) {
      expect(new TextDecoder().decode(bytes), name).not.toMatch(/[a-z0-9.+-]+@(example\.org|tisserin)/i);
    }
  });

  it('holds nothing of a member once their account is deleted', async () => {
    const before = await dumpFiles();
    const all = (files: Record<string, Uint8Array>) =>
      Object.values(files)
        .map((b) => new TextDecoder().decode(b))
        .join('\n');
    expect(all(before)).toContain('Inès Autrice');
    expect(all(before)).toContain(author.member.id);
    const gone = await author.client.post('/compte/supprimer', { currentPassword: TEST_PASSWORD, confirm: 'on' });
    expect(gone.status).toBe(303);
    const after = all(await dumpFiles());
    expect(after).not.toContain('Inès Autrice');
    expect(after).not.toContain(author.member.id);
    expect(after).not.toContain(author.member.email);
    // The project stays (its licence lets it), its history anonymous.
    expect(after).toContain('Une station météo');
  });
});

describe('/donnees', () => {
  it('lists the archive and the feeds with their licences, formats and sizes', async () => {
    await writeDump(ctx.deps);
    const html = await (await ctx.app.request('/donnees')).text();
    expect(html).toContain('Télécharger l’archive');
    expect(html).toMatch(/<code>lieux\.csv<\/code> — Lieux \(2 lignes\)<span class="hint"> · \d+ ko · Licence Ouverte/);
    expect(html).toContain('1 lieux ; 1 autres n’y sont pas encore');
    const zip = await ctx.app.request('/donnees/tisserin-donnees.zip');
    expect(zip.status).toBe(200);
    expect(zip.headers.get('content-type')).toBe('application/zip');
    expect(Object.keys(unzipSync(new Uint8Array(await zip.arrayBuffer())))).toContain('datapackage.json');
  });

  it('serves the national-schema CSV live, valid against the national Table Schema', async () => {
    const res = await ctx.app.request('/donnees/lieux-mediation-numerique.csv');
    expect(res.status).toBe(200);
    const { rows, errors } = await validate(
      new Uint8Array(await res.arrayBuffer()),
      JSON.parse(fs.readFileSync(NATIONAL_SCHEMA, 'utf8')),
      'national-live',
    );
    expect(errors).toEqual([]);
    expect(rows).toBe(1);
  });

  it('lets administrators remake the archive on demand, nobody else', async () => {
    const { client } = await signedInMember(ctx);
    expect((await client.post('/donnees/generer')).status).toBe(403);
    expect((await moderator.client.post('/donnees/generer')).status).toBe(303);
  });
});
