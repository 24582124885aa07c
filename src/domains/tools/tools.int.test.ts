import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, createTestContext, placeForm, signedInMember, TestClient, type TestContext } from '../../../test/app.ts';
import { emptyContent } from '../documents/documents.content.ts';
import { createDocument } from '../documents/documents.service.ts';
import { TOOL_CATALOGUE } from './tools.catalogue.ts';
import { isFreeLicence, seedTools } from './tools.service.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
  await seedTools(ctx.deps.db);
});
afterAll(async () => {
  await ctx?.close();
});

const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('the tools catalogue', () => {
  it('starts with about forty real tools, free ones told apart from the others', async () => {
    expect(TOOL_CATALOGUE.length).toBeGreaterThanOrEqual(40);
    expect(await seedTools(ctx.deps.db)).toBe(0); // loaded once
    const list = textOf(await (await ctx.app.request('/outils')).text());
    for (const name of [
      'Inkscape',
      'FreeCAD',
      'Blender',
      'Scratch',
      'Arduino IDE',
      'Kdenlive',
      'Audacity',
      'LibreOffice',
      'Nextcloud',
      'Jitsi Meet',
      'PrusaSlicer',
      'KiCad',
      'Framadate',
    ]) {
      expect(list, name).toContain(name);
    }
    expect(isFreeLicence('GPL-3.0-or-later')).toBe(true);
    expect(isFreeLicence('CC-BY-NC-ND-4.0')).toBe(false);
    expect(isFreeLicence('LicenseRef-proprietaire')).toBe(false);
    const tinkercad = textOf(await (await ctx.app.request('/outils/tinkercad')).text());
    expect(tinkercad).toContain('n’est pas sous licence libre');
    const software = textOf(await (await ctx.app.request('/outils?type=materiel')).text());
    expect(software).toContain('Thymio');
    expect(software).not.toContain('Inkscape');
  });

  it('shows the projects that use a tool, and takes members’ experience notes', async () => {
    const author = await createMember(ctx);
    const [inkscape] = await ctx.deps.db
      .execute<{ id: string }>(`select id from tools where slug = 'inkscape'`)
      .then((r) => (r as unknown as { rows: Array<{ id: string }> }).rows);
    await createDocument(ctx.deps, author.viewer, 'project', {
      content: { ...emptyContent('project'), title: 'Marque-pages gravés', toolIds: [inkscape?.id ?? ''] },
      publish: true,
    });
    const page = textOf(await (await ctx.app.request('/outils/inkscape')).text());
    expect(page).toContain('Marque-pages gravés');

    const { client } = await signedInMember(ctx, { displayName: 'Nadia Médiatrice' });
    expect((await client.post('/outils/inkscape/retours', { body: 'Court' })).status).toBe(400);
    const ok = await client.post('/outils/inkscape/retours', {
      body: 'Parfait pour préparer les fichiers de la découpeuse laser avec des 5e.',
    });
    expect(ok.status).toBe(303);
    const after = textOf(await (await ctx.app.request('/outils/inkscape')).text());
    expect(after).toContain('Parfait pour préparer les fichiers');
    expect(after).toContain('Nadia Médiatrice');
  });

  it('lets a place’s team list the tools it uses, shown on both pages, and only the team', async () => {
    const { client: team } = await signedInMember(ctx, { role: 'admin' });
    const created = await team.post('/lieux/nouveau', placeForm({ name: 'Fablab des Marais' }));
    expect(created.status).toBe(303);
    const slug = (created.headers.get('location') ?? '').replace('/lieux/', '');
    const ids = await ctx.deps.db
      .execute<{ id: string }>(`select id from tools where slug in ('kicad', 'freecad') order by slug`)
      .then((r) => (r as unknown as { rows: Array<{ id: string }> }).rows);
    const form = await (await team.get(`/lieux/${slug}/outils`)).text();
    expect(form).toContain('KiCad');

    const { client: stranger } = await signedInMember(ctx);
    expect((await stranger.post(`/lieux/${slug}/outils`, { tool: ids.map((r) => r.id) })).status).toBe(403);
    expect(
      (await team.post(`/lieux/${slug}/outils`, { tool: [...ids.map((r) => r.id), 'pas-un-id', '00000000-0000-4000-8000-000000000000'] }))
        .status,
    ).toBe(303);

    const place = textOf(await (await ctx.app.request(`/lieux/${slug}`)).text());
    expect(place).toContain('Outils libres utilisés ici');
    expect(place).toContain('KiCad');
    expect(place).toContain('FreeCAD');
    const kicad = textOf(await (await ctx.app.request('/outils/kicad')).text());
    expect(kicad).toContain('Fablab des Marais');
    expect(kicad).toContain('Un lieu l’utilise');
  });

  it('keeps a note as “ancien membre” when its author leaves, and removes it on request', async () => {
    const keeper = await signedInMember(ctx, { displayName: 'Paul Sansnom' });
    await keeper.client.post('/outils/scratch/retours', { body: 'Nos CM1 ont fait un jeu de quiz en trois séances.' });
    const leaver = await signedInMember(ctx, { displayName: 'Zoé Partie' });
    await leaver.client.post('/outils/scratch/retours', { body: 'Très bien avec les tablettes de la médiathèque.' });

    expect((await keeper.client.post('/compte/supprimer', { currentPassword: keeper.member.password, confirm: 'on' })).status).toBe(303);
    expect(
      (await leaver.client.post('/compte/supprimer', { currentPassword: leaver.member.password, confirm: 'on', removeContributions: 'on' }))
        .status,
    ).toBe(303);
    const page = textOf(await (await new TestClient(ctx).get('/outils/scratch')).text());
    expect(page).toContain('Nos CM1 ont fait un jeu de quiz');
    expect(page).not.toContain('Paul Sansnom');
    expect(page).toContain('ancien membre');
    expect(page).not.toContain('Très bien avec les tablettes');
  });

  it('lets a confirmed member add a tool (SPDX licence checked, non-free flagged) and correct it; others may not', async () => {
    const { client: author } = await signedInMember(ctx, { displayName: 'Ada Outilleuse' });
    const form = {
      name: 'Ink/Stitch',
      kind: 'logiciel',
      licence: 'GPL 3',
      website: 'inkstitch.org',
      repository: '',
      description: 'Extension d’Inkscape pour préparer les motifs de la brodeuse numérique.',
      platforms: 'Windows, macOS, Linux',
    };
    const refused = await author.post('/outils/nouveau', form);
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(html).toContain('identifiant SPDX');
    expect(html).toContain('Extension d’Inkscape pour préparer'); // nothing typed is lost
    const created = await author.post('/outils/nouveau', { ...form, licence: 'GPL-3.0-or-later' });
    expect(created.status).toBe(303);
    expect(created.headers.get('location')).toBe('/outils/ink-stitch');
    const page = textOf(await (await ctx.app.request('/outils/ink-stitch')).text());
    expect(page).toContain('GNU GPL 3 ou ultérieure · libre'); // the licence in words, not its SPDX id
    expect(page).toContain('Plateformes : Windows, macOS, Linux');
    const search = (await (await ctx.app.request('/api/v1/search?q=brodeuse')).json()) as { items: Array<{ title: string }> };
    expect(search.items.map((i) => i.title)).toContain('Ink/Stitch');

    const { client: other } = await signedInMember(ctx);
    expect((await other.post('/outils/ink-stitch/modifier', { ...form, licence: 'MIT' })).status).toBe(403);
    expect((await new TestClient(ctx).post('/outils/nouveau', form)).status).toBe(303); // to sign in
    expect((await author.post('/outils/ink-stitch/modifier', { ...form, licence: 'LicenseRef-proprietaire' })).status).toBe(303);
    expect(textOf(await (await ctx.app.request('/outils/ink-stitch')).text())).toContain('n’est pas sous licence libre');
  });
});
