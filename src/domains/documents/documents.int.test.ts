import { unzipSync } from 'fflate';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, createTestContext, projectForm, signedInMember, type TestContext } from '../../../test/app.ts';
import { loadReferenceSkills } from '../skills/skills.service.ts';
import { emptyContent } from './documents.content.ts';
import { adaptDocument, createDocument } from './documents.service.ts';

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
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, ' ');

describe('documenting a project', () => {
  it('saves each edit as a revision, shows a word diff between any two, and restores an old one as a new revision', async () => {
    const { client } = await signedInMember(ctx, { displayName: 'Inès Teacher' });
    const created = await client.post('/projets/nouveau', projectForm());
    expect(created.status).toBe(303);
    const path = created.headers.get('location') ?? '';
    expect(path).toBe('/projets/une-station-meteo-au-college');

    const page = textOf(await (await ctx.app.request(path)).text());
    expect(page).toContain('Souder les capteurs');
    expect(page).toContain('CC BY-SA 4.0');
    expect(page).toContain('« Une station météo au collège », par Inès Teacher, réseau Tisserin');

    // Two edits: each a new revision; an unchanged save makes none.
    const edit = async (fields: Record<string, string | string[]>, base: string) =>
      client.post(`${path}/modifier`, projectForm({ ...fields, base, intent: 'save' }));
    expect(
      (await edit({ section_contexte: 'Le fablab du collège ouvre le jeudi midi et le mardi soir.', change: 'horaires' }, '1')).status,
    ).toBe(303);
    expect((await edit({ section_contexte: 'Le fablab du collège ouvre le mardi soir.', change: 'plus le jeudi' }, '2')).status).toBe(303);
    const unchanged = await edit({ section_contexte: 'Le fablab du collège ouvre le mardi soir.' }, '3');
    expect(unchanged.status).toBe(303);
    const history = await (await client.get(`${path}/historique`)).text();
    expect(history).toContain('Version 3');
    expect(history).not.toContain('Version 4');
    expect(history).toContain('plus le jeudi');

    // The diff is by words: "jeudi" → "mardi", "midi" → "soir", not the whole line.
    const diff = await (await client.get(`${path}/comparer?de=1&a=3`)).text();
    const word = (tag: 'ins' | 'del', w: string) => new RegExp(`<${tag}><span class="visually-hidden">[^<]*</span>${w}<span`);
    expect(diff).toMatch(word('del', 'jeudi'));
    expect(diff).toMatch(word('ins', 'mardi'));
    expect(diff).toMatch(word('ins', 'soir'));
    expect(diff).toContain('Le fablab du collège ouvre le ');
    expect(diff).not.toMatch(word('del', 'Le fablab'));
    expect(textOf(diff)).toContain('Contexte');

    // Restore revision 1: becomes revision 4, history kept.
    const restored = await client.post(`${path}/restaurer`, { numero: '1', base: '3' });
    expect(restored.status).toBe(303);
    const after = textOf(await (await client.get(path)).text());
    expect(after).toContain('Le fablab du collège ouvre le jeudi midi.');
    const history2 = await (await client.get(`${path}/historique`)).text();
    expect(history2).toContain('Version 4');
    expect(history2).toContain('Retour à la version 1');
    // An old revision reads as it was, rendered like the page (a "---" rule cuts nothing).
    const old = textOf(await (await client.get(`${path}/versions/2`)).text());
    expect(old).toContain('Le fablab du collège ouvre le jeudi midi et le mardi soir.');
    expect(old).toContain('Souder les capteurs');
    expect((await edit({ section_resultats: 'Avant la règle.\n\n---\n\nAprès la règle.' }, '4')).status).toBe(303);
    const withRule = textOf(await (await client.get(`${path}/versions/5`)).text());
    expect(withRule).toContain('Après la règle.');
  });

  it('never lets a second save silently overwrite the first: a conflict shows both texts and keeps both', async () => {
    const { member: alice, client: aliceClient } = await signedInMember(ctx, { displayName: 'Alice Autrice' });
    const { member: bob, client: bobClient } = await signedInMember(ctx, { displayName: 'Bob Binôme' });
    const doc = await createDocument(ctx.deps, alice.viewer, 'project', {
      content: { ...emptyContent('project'), title: 'Robot suiveur de ligne', sections: { contexte: 'Texte de départ.' } },
      publish: true,
    });
    await ctx.deps.db.execute(`insert into document_members (document_id, user_id) values ('${doc.id}', '${bob.id}')`);
    const path = `/projets/${doc.slug}`;
    const form = (contexte: string) =>
      projectForm({ title: 'Robot suiveur de ligne', section_contexte: contexte, base: '1', intent: 'save' });

    // Both opened revision 1. Alice saves first.
    expect((await aliceClient.post(`${path}/modifier`, form('Texte d’Alice.'))).status).toBe(303);
    const conflict = await bobClient.post(`${path}/modifier`, form('Texte de Bob.'));
    expect(conflict.status).toBe(409);
    const html = await conflict.text();
    expect(html).toContain('Quelqu’un a enregistré pendant que vous écriviez');
    expect(html).toContain('Alice'); // the other text is shown…
    expect(html).toMatch(/<textarea[^>]*name="section_contexte"[^>]*>Texte de Bob\.<\/textarea>/); // …and Bob's is in the form
    expect(html).toContain('name="base" value="2"');
    // Alice's revision stands; Bob's text is kept aside and comes back when he reopens the form.
    expect(textOf(await (await ctx.app.request(path)).text())).toContain('Texte d’Alice.');
    const reopened = await (await bobClient.get(`${path}/modifier`)).text();
    expect(reopened).toContain('Texte de Bob.');
    // Saving from the merged form (base 2) works.
    expect((await bobClient.post(`${path}/modifier`, { ...form('Texte d’Alice. Texte de Bob.'), base: '2' })).status).toBe(303);
    expect(textOf(await (await ctx.app.request(path)).text())).toContain('Texte d’Alice. Texte de Bob.');
  });

  it('keeps drafts to the team, refuses edits from outside it, and flags non-free licences', async () => {
    const { member: owner, client: ownerClient } = await signedInMember(ctx);
    const { client: other } = await signedInMember(ctx);
    const created = await ownerClient.post(
      '/projets/nouveau',
      projectForm({ title: 'Projet en brouillon', intent: 'save', licence: 'CC-BY-NC-4.0' }),
    );
    const path = created.headers.get('location') ?? '';
    expect((await ctx.app.request(path)).status).toBe(404);
    expect((await other.get(path)).status).toBe(404);
    expect((await ownerClient.get(path)).status).toBe(200);
    expect((await ctx.app.request('/projets')).status).toBe(200);
    expect(await (await ctx.app.request('/projets?q=brouillon')).text()).not.toContain('Projet en brouillon');

    expect((await ownerClient.post(`${path}/publier`, {})).status).toBe(303);
    const page = textOf(await (await ctx.app.request(path)).text());
    expect(page).toContain('Licence non libre : ce contenu ne fait pas partie des communs du réseau.');
    expect((await other.post(`${path}/modifier`, projectForm({ base: '1', intent: 'save' }))).status).toBe(403);
    expect(owner.id).toBeTruthy();
  });

  it('adapts a project for another place: both pages show the lineage; a no-derivatives licence refuses', async () => {
    const author = await createMember(ctx, { displayName: 'Autrice Originale' });
    const adapter = await createMember(ctx, { displayName: 'Adaptateur Ailleurs' });
    const source = await createDocument(ctx.deps, author.viewer, 'project', {
      content: { ...emptyContent('project'), title: 'Herbier numérique', sections: { contexte: 'Au CDI.' } },
      publish: true,
    });
    const adapted = await adaptDocument(ctx.deps, adapter.viewer, source.id, null);
    expect(adapted.adaptedFromId).toBe(source.id);
    expect(adapted.publishedAt).toBeNull();
    const client = (await signedInMember(ctx)).client;
    await ctx.deps.db.execute(`update documents set published_at = now() where id = '${adapted.id}'`);
    await ctx.deps.changes.publish('documents');
    const adaptedPage = textOf(await (await client.get(`/projets/${adapted.slug}`)).text());
    expect(adaptedPage).toContain('Adapté de Herbier numérique');
    const sourcePage = textOf(await (await client.get(`/projets/${source.slug}`)).text());
    expect(sourcePage).toContain('Adapté ailleurs');

    const closed = await createDocument(ctx.deps, author.viewer, 'project', {
      content: { ...emptyContent('project'), title: 'Projet non adaptable', licence: 'CC-BY-ND-4.0' },
      publish: true,
    });
    await expect(adaptDocument(ctx.deps, adapter.viewer, closed.id, null)).rejects.toMatchObject({ status: 403 });
  });

  it('takes the cover and step pictures with the very first save, and keeps the text when a file is refused', async () => {
    const { client } = await signedInMember(ctx);
    const jpeg = await sharp({ create: { width: 900, height: 600, channels: 3, background: '#c84' } })
      .jpeg()
      .toBuffer();
    const formOf = (fields: Record<string, string | string[]>) => {
      const form = new FormData();
      for (const [k, v] of Object.entries(fields)) {
        for (const item of Array.isArray(v) ? v : [v]) {
          form.append(k, item);
        }
      }
      return form;
    };
    const first = formOf(projectForm({ title: 'Un jardin de capteurs', intent: 'save' }));
    first.append('cover_upload', new File([jpeg], 'couverture.jpg', { type: 'image/jpeg' }));
    first.append('step_upload_1', new File([jpeg], 'etape.jpg', { type: 'image/jpeg' }));
    const created = await client.post('/projets/nouveau', first);
    expect(created.status).toBe(303);
    const path = created.headers.get('location') ?? '';
    const page = await (await client.get(path)).text();
    expect(page).toMatch(/<img[^>]+src="\/uploads\/[A-Za-z0-9_-]+\.webp"/);
    const history = await (await client.get(`${path}/historique`)).text();
    expect(history.match(/<tr>/g)?.length).toBe(2); // a header row and one version: the pictures came with it

    const refused = formOf(projectForm({ title: 'Texte à garder absolument', intent: 'save' }));
    refused.append('cover_upload', new File(['pas une image'], 'faux.jpg', { type: 'image/jpeg' }));
    const res = await client.post('/projets/nouveau', refused);
    expect(res.status).toBe(415);
    expect(await res.text()).toContain('Texte à garder absolument');
  });

  it('takes step images checked by content, strips their metadata, and exports Markdown with the images', async () => {
    const { client } = await signedInMember(ctx);
    const created = await client.post('/projets/nouveau', projectForm({ title: 'Découpe laser de marque-pages' }));
    const path = created.headers.get('location') ?? '';
    const jpeg = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#3a7' } })
      .jpeg()
      .withMetadata({ exif: { IFD0: { Copyright: 'secret-gps-place' } } })
      .toBuffer();
    const form = new FormData();
    for (const [k, v] of Object.entries(projectForm({ title: 'Découpe laser de marque-pages', base: '1', intent: 'save' }))) {
      for (const item of Array.isArray(v) ? v : [v]) {
        form.append(k, item);
      }
    }
    form.append('step_upload_2', new File([jpeg], 'photo.jpg', { type: 'image/jpeg' }));
    const saved = await client.post(`${path}/modifier`, form);
    expect(saved.status).toBe(303);
    const html = await (await client.get(path)).text();
    const key = html.match(/\/uploads\/([A-Za-z0-9_-]+\.webp)/)?.[1] ?? '';
    expect(key).not.toBe('');
    const stored = await ctx.deps.uploads.read(key);
    expect(stored?.includes(Buffer.from('secret-gps-place'))).toBe(false);

    // A file that only claims to be an image is refused, and what was typed comes back.
    const bad = new FormData();
    for (const [k, v] of Object.entries(
      projectForm({ title: 'Découpe laser de marque-pages', base: '2', section_resultats: 'Texte gardé', intent: 'save' }),
    )) {
      for (const item of Array.isArray(v) ? v : [v]) {
        bad.append(k, item);
      }
    }
    bad.append('step_upload_1', new File(['<script>alert(1)</script>'], 'evil.jpg', { type: 'image/jpeg' }));
    const refused = await client.post(`${path}/modifier`, bad);
    expect(refused.status).toBe(415);
    expect(await refused.text()).toContain('Texte gardé');

    const zip = await client.get(`${path}/export.zip`);
    expect(zip.headers.get('content-type')).toBe('application/zip');
    const files = unzipSync(new Uint8Array(await zip.arrayBuffer()));
    const readme = new TextDecoder().decode(files['README.md']);
    expect(readme).toContain('# Découpe laser de marque-pages');
    expect(readme).toContain('### 2. Programmer la carte');
    expect(readme).toContain(`images/${key}`);
    expect(files[`images/${key}`]?.length).toBeGreaterThan(100);
    expect(readme).toMatch(/sous licence CC BY-SA 4\.0/);
  });

  it('shows code in Markdown as text, never as markup', async () => {
    const { client } = await signedInMember(ctx);
    const created = await client.post(
      '/projets/nouveau',
      projectForm({
        title: 'Coder une page web',
        section_ressources: 'Exemple :\n\n```html\n<script>alert(1)</script>\n```\n\n<img src=x onerror=alert(2)>',
      }),
    );
    expect(created.status).toBe(303);
    const html = await (await client.get(created.headers.get('location') ?? '')).text();
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>alert(1)');
    expect(html).not.toMatch(/<img[^>]*onerror/);
  });
});

describe('projects on the pages of what they link to', () => {
  it('lists a published project on its skill’s and community’s pages', async () => {
    const { client, member } = await signedInMember(ctx, { displayName: 'Lina Liens' });
    await loadReferenceSkills(ctx.deps);
    const res = await client.post('/communautes/nouvelle', {
      name: 'Robotique éducative',
      scale: 'france',
      scaleCode: '',
      oneLiner: 'Les robots en classe.',
      objectives: '',
      activities: '',
      joinPolicy: 'open',
    });
    expect(res.status, await res.clone().text()).toBe(303);
    const communitySlug = (res.headers.get('location') ?? '').replace('/communautes/', '');
    const ids = async (query: string) =>
      ((await ctx.deps.db.execute(query)) as unknown as { rows: Array<{ id: string }> }).rows.map((r) => r.id);
    const [skillId] = await ids(`select id from skills where slug = 'decoupe-laser'`);
    const [communityId] = await ids(`select id from communities where slug = '${communitySlug}'`);
    await createDocument(ctx.deps, member.viewer, 'project', {
      content: { ...emptyContent('project'), title: 'Des robots en carton', skillIds: [skillId ?? ''], communityIds: [communityId ?? ''] },
      publish: true,
    });
    expect(textOf(await (await ctx.app.request('/competences/decoupe-laser')).text())).toContain('Des robots en carton');
    expect(textOf(await (await ctx.app.request(`/communautes/${communitySlug}`)).text())).toContain('Des robots en carton');
  });
});
