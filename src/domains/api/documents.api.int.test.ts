import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, signedInMember, TestClient, type TestContext } from '../../../test/app.ts';
import { seedTools } from '../tools/tools.service.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
  await seedTools(ctx.deps.db);
});
afterAll(async () => {
  await ctx?.close();
});

interface Doc {
  slug: string;
  revision: number;
  draft: boolean;
  sections: Record<string, string>;
  steps: Array<{ title: string }>;
  contributors: Array<{ displayName: string; revisions: number }>;
  attribution: string;
  licence: { id: string; free: boolean };
  toolIds: string[];
}

describe('projects, guides and tools in the API', () => {
  it('writes a project, saves revisions, refuses a stale base with 409, and serves the history', async () => {
    const { client } = await signedInMember(ctx, { displayName: 'Yasmine API' });
    const tools = (await (await client.get('/api/v1/tools')).json()) as { items: Array<{ slug: string; free: boolean }> };
    expect(tools.items.length).toBeGreaterThanOrEqual(40);
    const kicad = (await (await client.get('/api/v1/tools/kicad')).json()) as { name: string; free: boolean; url: string };
    expect(kicad).toMatchObject({ name: 'KiCad', free: true });

    const bad = await client.api('POST', '/api/v1/projects', { title: 'X', licence: 'WTFPL', sections: { inconnue: 'a' } });
    expect(bad.status).toBe(400);
    const badBody = (await bad.json()) as { code: string; details: Record<string, unknown> };
    expect(badBody.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(badBody.details)).toEqual(expect.arrayContaining(['title', 'licence', 'sections']));

    const created = await client.api('POST', '/api/v1/projects', {
      title: 'Un jardin connecté',
      summary: 'Des capteurs d’humidité pour le potager du lycée.',
      licence: 'CC-BY-SA-4.0',
      sections: { contexte: 'Le potager manquait d’eau en juin.' },
      steps: [{ title: 'Câbler', text: 'Brancher le capteur.' }],
      levels: ['lycee'],
      publish: true,
    });
    expect(created.status).toBe(201);
    const doc = (await created.json()) as Doc;
    expect(doc).toMatchObject({ slug: 'un-jardin-connecte', revision: 1, draft: false, licence: { id: 'CC-BY-SA-4.0', free: true } });
    expect(doc.attribution).toContain('Yasmine API');

    const update = (baseRevision: number, contexte: string) =>
      client.api('PUT', `/api/v1/projects/${doc.slug}`, {
        title: 'Un jardin connecté',
        licence: 'CC-BY-SA-4.0',
        sections: { contexte },
        steps: [{ title: 'Câbler', text: 'Brancher le capteur.' }],
        change: 'précision',
        baseRevision,
      });
    const saved = await update(1, 'Le potager manquait d’eau en juin et en juillet.');
    expect(saved.status).toBe(200);
    expect(((await saved.json()) as Doc).revision).toBe(2);
    const stale = await update(1, 'Une autre version écrite en parallèle.');
    expect(stale.status).toBe(409);
    expect(((await stale.json()) as { details: { currentRevision: number } }).details.currentRevision).toBe(2);

    const history = (await (await new TestClient(ctx).get(`/api/v1/projects/${doc.slug}/revisions`)).json()) as {
      items: Array<{ number: number; author: string; summary: string }>;
    };
    expect(history.items.map((r) => r.number)).toEqual([2, 1]);
    expect(history.items[0]).toMatchObject({ author: 'Yasmine API', summary: 'précision' });
    const first = (await (await new TestClient(ctx).get(`/api/v1/projects/${doc.slug}/revisions/1`)).json()) as {
      content: { sections: Record<string, string> };
    };
    expect(first.content.sections.contexte).toBe('Le potager manquait d’eau en juin.');
    expect((await new TestClient(ctx).get(`/api/v1/projects/${doc.slug}/revisions/9`)).status).toBe(404);

    const list = (await (await new TestClient(ctx).get('/api/v1/projects?q=jardin')).json()) as { items: Array<{ slug: string }> };
    expect(list.items.map((d) => d.slug)).toContain(doc.slug);

    // The lists read words as the one search does: "imprimer" finds "impression".
    const printed = await client.api('POST', '/api/v1/projects', { title: 'Impression 3D au CDI', licence: 'CC0-1.0', publish: true });
    expect(printed.status).toBe(201);
    const family = (await (await new TestClient(ctx).get('/api/v1/projects?q=imprimer')).json()) as { items: Array<{ title: string }> };
    expect(family.items.map((d) => d.title)).toContain('Impression 3D au CDI');
    expect(await (await ctx.app.request('/projets?q=imprimer')).text()).toContain('Impression 3D au CDI');
  });

  it('keeps drafts to their team, and needs an account to write', async () => {
    const { client } = await signedInMember(ctx);
    const created = await client.api('POST', '/api/v1/guides', { title: 'Guide en cours', licence: 'CC0-1.0' });
    expect(created.status).toBe(201);
    const guide = (await created.json()) as Doc;
    expect(guide.draft).toBe(true);
    expect((await client.get(`/api/v1/guides/${guide.slug}`)).status).toBe(200);
    expect((await new TestClient(ctx).get(`/api/v1/guides/${guide.slug}`)).status).toBe(404);
    expect((await new TestClient(ctx).api('POST', '/api/v1/guides', { title: 'Anonyme', licence: 'CC0-1.0' })).status).toBe(401);

    const spec = (await (await new TestClient(ctx).get('/api/v1/openapi.json')).json()) as { paths: Record<string, unknown> };
    for (const path of [
      '/projects',
      '/projects/{slug}',
      '/projects/{slug}/revisions',
      '/projects/{slug}/revisions/{number}',
      '/guides',
      '/tools',
      '/tools/{slug}',
      '/search',
      '/search/suggestions',
    ]) {
      expect(Object.keys(spec.paths), path).toContain(path);
    }
  });
});
