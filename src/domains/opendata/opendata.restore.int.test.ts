import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, placeForm, projectForm, signedInMember, type TestContext } from '../../../test/app.ts';
import { seedTools } from '../tools/tools.service.ts';
import { DUMP_FILE, dumpDir, writeDump } from './opendata.dump.ts';
import { restoreDump } from './opendata.restore.ts';

let source: TestContext;
let copy: TestContext;
const pages: string[] = [];

/** What a visitor reads in a page's main part: its text, tags and spacing aside. */
async function mainText(ctx: TestContext, path: string): Promise<string> {
  const res = await ctx.app.request(path);
  expect(res.status, path).toBe(200);
  const html = await res.text();
  const main = /<main[\s\S]*?<\/main>/.exec(html)?.[0] ?? '';
  return main
    .replace(/<script[\s\S]*?<\/script>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&[a-z#0-9]+;/g, (e) => ({ '&amp;': '&', '&#39;': "'", '&quot;': '"' })[e] ?? e)
    .replace(/\s+/g, ' ')
    .trim();
}

beforeAll(async () => {
  source = await createTestContext({ env: { PUBLIC_URL: 'http://reseau.example.org' } });
  await seedTools(source.deps.db);
  const moderator = await signedInMember(source, { role: 'moderator', displayName: 'Modé Ratrice' });
  const place = await moderator.client.post(
    '/lieux/nouveau',
    placeForm({
      name: 'Fablab des Pentes',
      pivot: 'W691234567',
      address: '12 rue des Tables Claudiennes',
      postcode: '69001',
      commune: 'Lyon',
      coordinates: '45.7699, 4.8311',
      hours_we: '14:00-18:00',
      hours_sa: '10:00-12:30, 14:00-17:00',
      description: 'Un **fablab** ouvert aux écoles du quartier.',
    }),
  );
  expect(place.status).toBe(303);
  pages.push(place.headers.get('location') ?? '');
  const { client } = await signedInMember(source, { displayName: 'Inès Autrice' });
  const created = await client.post('/projets/nouveau', projectForm());
  const docPath = created.headers.get('location') ?? '';
  expect(
    (
      await client.post(
        `${docPath}/modifier`,
        projectForm({ section_contexte: 'Le fablab ouvre aussi le mardi soir.', change: 'horaires', base: '1', intent: 'save' }),
      )
    ).status,
  ).toBe(303);
  pages.push(docPath, `${docPath}/historique`, `${docPath}/comparer?de=1&a=2`, `${docPath}/versions/1`);
  await writeDump(source.deps);

  copy = await createTestContext({ env: { PUBLIC_URL: 'http://reseau.example.org' } });
  await seedTools(copy.deps.db);
  await restoreDump(copy.deps, path.join(dumpDir(source.deps), DUMP_FILE));
});
afterAll(async () => {
  await source?.close();
  await copy?.close();
});

describe('an open dump restored into an empty instance', () => {
  it('gives the same public pages: the place, the project, its history, a version and a comparison', async () => {
    for (const p of pages) {
      const [a, b] = await Promise.all([mainText(source, p), mainText(copy, p)]);
      // A place's team and a project's team are accounts, which a dump does not carry.
      const withoutTeam = (t: string) => t.replace(/Équipe du lieu.*?(?=Écrire au lieu|$)/, '').replace(/Équipe Inès Autrice/, 'Équipe');
      expect(withoutTeam(b), p).toBe(withoutTeam(a));
    }
  });

  it('credits the authors by their shown name, and nobody can sign in to their restored accounts', async () => {
    const history = await mainText(copy, pages[2] ?? '');
    expect(history).toContain('Inès Autrice');
    const res = await copy.app.request('/connexion', {
      method: 'POST',
      body: new URLSearchParams({ email: 'x@restaure.invalid', password: '!' }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).not.toBe(303);
  });

  it('makes a dump again that holds the same places and history', async () => {
    await writeDump(copy.deps);
    const { unzipSync } = await import('fflate');
    const read = (ctx: TestContext) => unzipSync(new Uint8Array(fs.readFileSync(path.join(dumpDir(ctx.deps), DUMP_FILE))));
    const [a, b] = [read(source), read(copy)];
    for (const name of ['lieux.csv', 'revisions.csv', 'documents.csv']) {
      expect(new TextDecoder().decode(b[name]), name).toBe(new TextDecoder().decode(a[name]));
    }
  });
});
