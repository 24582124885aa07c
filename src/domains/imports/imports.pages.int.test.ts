import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, signedInMember, type TestClient, type TestContext } from '../../../test/app.ts';

const DATA = path.resolve(import.meta.dirname, '../../../test/fixtures/places');

let ctx: TestContext;
let admin: TestClient;
beforeAll(async () => {
  ctx = await createTestContext();
  admin = (await signedInMember(ctx, { role: 'admin' })).client;
});
afterAll(async () => {
  await ctx?.close();
});

function upload(
  client: TestClient,
  fields: Record<string, string>,
  file?: { name: string; bytes: Uint8Array<ArrayBuffer>; type?: string },
) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) {
    form.set(k, v);
  }
  if (file) {
    form.set('fichier', new File([file.bytes], file.name, { type: file.type ?? 'text/csv' }));
  }
  return client.post('/admin/import', form);
}

const text = (s: string) => new Uint8Array(new TextEncoder().encode(s));

describe('/admin/import, as an administrator uses it', () => {
  it('is for administrators only', async () => {
    const { client } = await signedInMember(ctx);
    expect((await client.get('/admin/import')).status).toBe(403);
    expect((await upload(client, { source: 'x' }, { name: 'a.csv', bytes: text('nom,cp\nLab,69001\n') })).status).toBe(403);
  });

  it('takes the Occitanie file without header from upload to import, with its decisions, and a report to download', async () => {
    const home = await admin.get('/admin/import');
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('Importer des lieux');

    const uploaded = await upload(
      admin,
      { source: 'Tiers-lieux Occitanie', encodage: 'auto', entete: 'auto', separateur: 'auto' },
      { name: 'tierslieux-occitanie-2018.csv', bytes: new Uint8Array(fs.readFileSync(path.join(DATA, 'tierslieux-occitanie-2018.csv'))) },
    );
    expect(uploaded.status).toBe(303);
    const jobPath = uploaded.headers.get('location') ?? '';
    expect(jobPath).toMatch(/^\/admin\/import\/[0-9a-f-]{36}$/);

    const mapping = await (await admin.get(jobPath)).text();
    expect(mapping).toContain('73 lignes et 8 colonnes lues (CSV, utf-8)');
    expect(mapping).toContain('sans ligne d’en-tête');
    // Suggested from the cells: the name is column 1, the postcode column 3…
    expect(mapping).toMatch(/<select id="champ-name" name="name"[^>]*>(?:(?!<\/select>).)*<option value="0" selected/s);
    expect(mapping).toMatch(/<select id="champ-postcode" name="postcode"[^>]*>(?:(?!<\/select>).)*<option value="2" selected/s);
    // …and e-mails and phones are never shown in the preview.
    expect(mapping).not.toContain('contact1@woomeet.com');

    const checked = await admin.post(`${jobPath}/verifier`, {
      name: '0',
      address: '1',
      postcode: '2',
      commune: '3',
      website: '4',
      typeParDefaut: 'associatif',
    });
    expect(checked.status).toBe(303);
    const report = await (await admin.get(`${jobPath}/rapport`)).text();
    expect(report).toContain('Essai à blanc');
    expect(report).toMatch(/<strong>65<\/strong> lignes corrigées/);
    expect(report).toMatch(/<strong>8<\/strong> lignes à vérifier/);
    expect(report).toContain('Code postal 9500 → 09500 (zéro initial rétabli).');
    expect(report).toContain('Importer 72 lieux');

    const toDecide = await (await admin.get(`${jobPath}/rapport?action=decide`)).text();
    const line = /name="decision_(\d+)"/.exec(toDecide)?.[1];
    expect(line).toBeDefined();
    expect((await admin.post(`${jobPath}/decisions`, { [`decision_${line}`]: 'new' })).status).toBe(303);
    expect(await (await admin.get(`${jobPath}/rapport?action=decide`)).text()).toMatch(
      new RegExp(`name="decision_${line}" value="new" checked`),
    );

    const csv = await admin.get(`${jobPath}/rapport.csv`);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const rows = parse((await csv.text()).replace(/^\uFEFF/, ''), { delimiter: ';', columns: true }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(73);
    expect(rows[0]).toMatchObject({ ligne: '1', nom: 'Espace de Coworking Chez Woomeet', commune: 'Mirepoix', verdict: 'Corrigée' });

    const run = await admin.post(`${jobPath}/importer`);
    expect(run.status).toBe(303);
    expect(run.headers.get('location')).toBe(`${jobPath}/progression`);
    let progress = '';
    for (let i = 0; i < 50; i++) {
      progress = await (await admin.get(`${jobPath}/progression`)).text();
      if (!progress.includes('http-equiv="refresh"')) {
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(progress).toContain('Terminé : 73 lignes sur 73 traitées.');
    expect(progress).toContain('73 lieux créés');
    const place = await ctx.app.request('/lieux/espace-de-coworking-chez-woomeet');
    expect(place.status).toBe(200);
    expect(await place.text()).toContain('Mirepoix');
  });

  it('says what is wrong with a file, keeps what was typed, and writes nothing', async () => {
    const cases: Array<[string, Uint8Array<ArrayBuffer>, RegExp]> = [
      ['vide.csv', new Uint8Array(0), /Choisissez le fichier/],
      [
        'image.csv',
        new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]),
        /n’est pas du texte/,
      ],
      ['classeur.csv', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 20, 0, 6, 0]), /C’est un classeur/],
      ['colonnes.csv', text(`${Array.from({ length: 10_000 }, (_, i) => `c${i}`).join(',')}\nx\n`), /10(\s|&nbsp;|\u202f)?000 colonnes/],
      ['carte.geojson', text('{"type":"Feature"}'), /pas une « FeatureCollection »/],
    ];
    for (const [name, bytes, message] of cases) {
      const res = await upload(
        admin,
        { source: 'Ma source à garder', encodage: 'auto', entete: 'auto', separateur: 'auto' },
        { name, bytes },
      );
      expect(res.status, name).toBeGreaterThanOrEqual(400);
      const html = await res.text();
      expect(html, name).toMatch(message);
      expect(html, name).toContain('value="Ma source à garder"');
    }
    const list = await (await admin.get('/admin/import')).text();
    expect(list).not.toContain('colonnes.csv');
  });

  it('refuses a file past the limit with a clear message, before reading it', async () => {
    const big = new Uint8Array(52 * 1024 * 1024).fill(0x41);
    const res = await upload(admin, { source: 'Trop gros' }, { name: 'enorme.csv', bytes: big });
    expect(res.status).toBe(413);
    expect(await res.text()).toContain('Le fichier dépasse 50 Mo');
  });
});
