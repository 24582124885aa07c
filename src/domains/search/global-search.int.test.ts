import { type SQL, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createMember,
  createTestContext,
  placeForm,
  saveProfile,
  signedInMember,
  TestClient,
  type TestContext,
} from '../../../test/app.ts';
import { type DbOrTx, queryRows } from '../../db/client.ts';
import { type DocumentContent, emptyContent } from '../documents/documents.content.ts';
import { createDocument } from '../documents/documents.service.ts';
import { loadReferenceSkills } from '../skills/skills.service.ts';
import { seedTools } from '../tools/tools.service.ts';
import { hitDetails, type ResultType } from './search.repo.ts';
import { markSnippet } from './views/search.view.tsx';

// Every case runs with either search engine: SQL (the default), and the index in memory, which
// must see each write at once (the tests write between searches).
describe.each(['database', 'memory'])('SEARCH_ENGINE=%s', (engine) => {
  let ctx: TestContext;
  let visitor: TestClient;

  beforeAll(async () => {
    ctx = await createTestContext({ env: { SEARCH_ENGINE: engine } });
    await loadReferenceSkills(ctx.deps);
    await seedTools(ctx.deps.db);
    visitor = new TestClient(ctx);
    const author = await createMember(ctx, { displayName: 'Awa Documentaliste' });
    const project = (title: string, extra: Partial<DocumentContent>, publish = true) =>
      createDocument(ctx.deps, author.viewer, 'project', { content: { ...emptyContent('project'), title, ...extra }, publish });
    await project('Découpe laser', {
      summary: 'Graver des marque-pages avec une classe de 5e.',
      levels: ['college'],
      disciplines: ['technologie'],
    });
    await project('Un atelier d’été au fablab', {
      summary: 'Une semaine de fabrication.',
      sections: {
        contexte:
          'Nous avons surtout fait de la découpe laser, de la découpe laser encore, et de la découpe laser pour finir. <script>alert(1)</script>',
      },
      levels: ['lycee'],
    });
    await project('Le cœur du robot', { summary: 'Démonter un robot pour voir ce qu’il a dedans.' });
    await project('Le cœur du robot et ses capteurs, en atelier', { summary: 'La suite, avec des capteurs.' });
    await project('Radio scolaire secrète', { summary: 'Un brouillon que personne ne doit trouver.' }, false);
  });
  afterAll(async () => {
    await ctx?.close();
  });

  const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

  async function apiSearch(client: TestClient, query: string) {
    const res = await client.get(`/api/v1/search?${query}`);
    expect(res.status).toBe(200);
    return (await res.json()) as {
      items: Array<{ type: string; title: string; url: string; snippet: string }>;
      total: number;
      facets: Record<string, Record<string, number>>;
    };
  }

  describe('one search across everything', () => {
    it('forgives accents and typos, and ranks an exact title above a body mention', async () => {
      const { items } = await apiSearch(visitor, 'q=decoupe+lazer');
      const titles = items.map((i) => `${i.type}:${i.title}`);
      expect(titles).toContain('project:Découpe laser');
      expect(titles).toContain('skill:Découpe laser');
      expect(titles).toContain('project:Un atelier d’été au fablab');
      const exact = titles.indexOf('project:Découpe laser');
      const mention = titles.indexOf('project:Un atelier d’été au fablab');
      expect(exact).toBeLessThan(mention);
      expect(items[0]?.title).toBe('Découpe laser');
    });

    it('reads œ as the texts are indexed (oe), so "cœur" is found and an exact title comes first', async () => {
      const { items } = await apiSearch(visitor, `q=${encodeURIComponent('le cœur du robot')}`);
      const titles = items.filter((i) => i.type === 'project').map((i) => i.title);
      expect(titles.slice(0, 2)).toEqual(['Le cœur du robot', 'Le cœur du robot et ses capteurs, en atelier']);
      const one = await apiSearch(visitor, `q=${encodeURIComponent('cœur')}`);
      expect(one.items.map((i) => i.title)).toContain('Le cœur du robot');
    });

    it('shows highlighted snippets with the text escaped, facets, and filters', async () => {
      const page = await (await visitor.get('/recherche?q=d%C3%A9coupe+laser')).text();
      expect(page).toContain('<mark>découpe</mark>');
      expect(page).not.toContain('<script>alert(1)');
      // Snippets are plain text: escaped first, then the matched words marked.
      expect(markSnippet('a <b>gras</b> \uE000laser\uE001')).toBe('a &lt;b&gt;gras&lt;/b&gt; <mark>laser</mark>');
      const text = textOf(page);
      expect(text).toMatch(/Projet \d+/); // the type facet with its count
      expect(text).toContain('Collège');

      const onlyProjects = await apiSearch(visitor, 'q=decoupe+laser&type=project');
      expect(onlyProjects.items.every((i) => i.type === 'project')).toBe(true);
      expect(onlyProjects.facets.type?.skill).toBeGreaterThan(0); // other types still counted, to switch to
      const college = await apiSearch(visitor, 'q=decoupe+laser&level=college');
      expect(college.items.map((i) => i.title)).toEqual(['Découpe laser']);
      const tools = await apiSearch(visitor, 'q=dessin+vectoriel&type=tool');
      expect(tools.items.map((i) => i.title)).toContain('Inkscape');
    });

    it('never finds drafts, or a member’s fields the searcher may not see', async () => {
      // A draft is never found, even by its exact title (other things may hold some of its words).
      const draft = await apiSearch(visitor, 'q=radio+scolaire+secrete');
      expect(draft.items.map((i) => i.title)).not.toContain('Radio scolaire secrète');

      const { client: owner } = await signedInMember(ctx, { displayName: 'Hélène Bibliothécaire' });
      await saveProfile(owner, 'Hélène Bibliothécaire', { bio: 'Passionnée de marionnettes numériques', vis_bio: 'members' });
      const { client: other } = await signedInMember(ctx, { displayName: 'Rémi Curieux' });
      await saveProfile(other, 'Rémi Curieux', { bio: 'Je collectionne les origamis géants', vis_bio: 'private' });

      expect((await apiSearch(visitor, 'q=marionnettes')).total).toBe(0);
      const asMember = await (await other.get('/recherche?q=marionnettes')).text();
      expect(textOf(asMember)).toContain('Hélène Bibliothécaire');
      expect((await apiSearch(visitor, 'q=origamis')).total).toBe(0);
      expect(textOf(await (await owner.get('/recherche?q=origamis')).text())).toContain('Aucun résultat');
      // By name, a member is found; the page never carries an e-mail address.
      const byName = await (await visitor.get('/recherche?q=Helene')).text();
      expect(textOf(byName)).toContain('Hélène Bibliothécaire');
      expect(byName).not.toMatch(/@example\.org/);
      expect(byName).not.toContain('marionnettes'); // her bio is for members: not in a visitor's extract
      const byNameAsMember = textOf(await (await other.get('/recherche?q=Helene')).text());
      expect(byNameAsMember).toContain('Passionnée de marionnettes numériques');
    });

    it('suggests titles as one types, and answers junk with a clear error', async () => {
      const res = await visitor.get('/api/v1/search/suggestions?q=decou');
      expect(res.status).toBe(200);
      const body = (await res.json()) as { items: Array<{ title: string; url: string }> };
      expect(body.items.map((i) => i.title)).toContain('Découpe laser');
      const bad = await visitor.get(`/api/v1/search?q=${'x'.repeat(300)}`);
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { code: string }).code).toBeTruthy();
      expect((await visitor.get('/recherche?page=9999')).status).toBe(400);
      const empty = await (await visitor.get('/recherche')).text();
      expect(empty).toContain('name="q"');
    });
  });

  describe('a search for a place name alone', () => {
    it('finds the places there even when more than a hundred projects come from its region', async () => {
      const mod = await createMember(ctx, { role: 'moderator', displayName: 'Modératrice Lyonnaise' });
      const client = new TestClient(ctx);
      await client.signIn(mod.email);
      expect((await client.post('/lieux/nouveau', placeForm({ name: 'Atelier Gratte-Ciel' }))).status).toBe(303);
      // 120 published projects of the place's region (Auvergne-Rhône-Alpes, 84): more than the
      // hundred candidates a branch of the search reads.
      const [source] = await queryRows<{ id: string }>(ctx.deps.db, sql`select id from documents where published_at is not null limit 1`);
      await ctx.deps.db.execute(sql`insert into documents (id, kind, slug, title, summary, status, licence, levels, disciplines, audiences,
          region_codes, content, rendered, body_text, revision, created_by, published_at)
        select gen_random_uuid(), kind, slug || '-rhone-' || n, 'Projet rhodanien ' || n, summary, status, licence, levels, disciplines,
          audiences, array['84'], content, rendered, body_text, revision, created_by, now()
        from documents, generate_series(1, 120) n where id = ${source?.id}`);
      const { items } = await apiSearch(visitor, 'q=Villeurbanne');
      expect(items.map((i) => `${i.type}:${i.title}`)).toContain('place:Atelier Gratte-Ciel');
    });
  });
});

describe('the titles and snippets of a page of hits', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(async () => {
    await ctx?.close();
  });

  it('are read by one statement whose text depends on which kinds are present, not on their order', async () => {
    const texts: string[] = [];
    const db = {
      execute: (query: SQL) => {
        texts.push(new PgDialect().sqlToQuery(query).sql);
        return ctx.deps.db.execute(query);
      },
    } as unknown as DbOrTx;
    const place = '8a5a0b6e-3f7c-4d1a-9a3e-2b1c0d9e8f70';
    const project = '0b0e7c3a-5d2f-4e8b-8c1a-7f6e5d4c3b2a';
    await hitDetails(
      db,
      new Map<ResultType, string[]>([
        ['place', [place]],
        ['project', [project]],
      ]),
      false,
    );
    await hitDetails(
      db,
      new Map<ResultType, string[]>([
        ['project', [project, place]],
        ['place', [place]],
      ]),
      false,
    );
    expect(texts).toHaveLength(2);
    expect(texts[1]).toBe(texts[0]);
  });
});
