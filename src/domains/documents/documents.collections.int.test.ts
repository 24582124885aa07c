import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, signedInMember, type TestContext } from '../../../test/app.ts';
import { emptyContent } from './documents.content.ts';
import { createDocument, pathOf } from './documents.service.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx?.close();
});

const textOf = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ');

describe('collections of guides', () => {
  it('gathers published guides in an order its curator chooses; others can read but not curate', async () => {
    const { client: curator, member } = await signedInMember(ctx, { displayName: 'Camille Curatrice' });
    const guide = async (title: string, publish = true) =>
      createDocument(ctx.deps, member.viewer, 'guide', {
        content: { ...emptyContent('guide'), title, summary: `Résumé de ${title}` },
        publish,
      });
    const a = await guide('Choisir ses machines');
    const b = await guide('Écrire la charte du lieu');
    const draft = await guide('Brouillon de guide', false);

    expect((await curator.post('/guides/collections/nouvelle', { title: '', description: '' })).status).toBe(400);
    const created = await curator.post('/guides/collections/nouvelle', {
      title: 'Démarrer un fablab scolaire',
      description: 'Les guides à lire avant d’ouvrir.',
    });
    expect(created.status).toBe(303);
    const path = created.headers.get('location') ?? '';
    expect(path).toBe('/guides/collections/demarrer-un-fablab-scolaire');

    // Added from each guide's page; a draft cannot be added.
    const guidePage = await (await curator.get(pathOf(a))).text();
    const collectionId = guidePage.match(/<option value="([0-9a-f-]{36})">Démarrer un fablab scolaire/)?.[1] ?? '';
    expect(collectionId).toBeTruthy();
    expect((await curator.post(`${pathOf(a)}/collections`, { collectionId })).status).toBe(303);
    expect((await curator.post(`${pathOf(b)}/collections`, { collectionId })).status).toBe(303);
    expect((await curator.post(`${pathOf(draft)}/collections`, { collectionId })).status).toBe(404);

    let page = textOf(await (await ctx.app.request(path)).text());
    expect(page).toMatch(/Choisir ses machines.*Écrire la charte du lieu/);
    expect(textOf(await (await ctx.app.request(pathOf(a))).text())).toContain('Démarrer un fablab scolaire');

    const { client: other } = await signedInMember(ctx);
    expect((await other.post(`${path}/guides/${b.id}/monter`, {})).status).toBe(403);
    expect((await other.post(`${pathOf(b)}/collections`, { collectionId })).status).toBe(403);
    expect((await curator.post(`${path}/guides/${b.id}/monter`, {})).status).toBe(303);
    page = textOf(await (await ctx.app.request(path)).text());
    expect(page).toMatch(/Écrire la charte du lieu.*Choisir ses machines/);

    expect((await curator.post(`${path}/guides/${a.id}/retirer`, {})).status).toBe(303);
    page = textOf(await (await ctx.app.request(path)).text());
    expect(page).not.toContain('Choisir ses machines');
    expect(textOf(await (await ctx.app.request('/guides/collections')).text())).toContain('Un guide');

    // The guides themselves are what search finds.
    const search = (await (await ctx.app.request('/api/v1/search?q=charte+du+lieu')).json()) as { items: Array<{ title: string }> };
    expect(search.items.map((i) => i.title)).toContain('Écrire la charte du lieu');
  });
});
