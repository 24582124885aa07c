import { unzipSync } from 'fflate';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestContext,
  declareSkills,
  saveProfile,
  signedInMember,
  TEST_PASSWORD,
  TestClient,
  type TestContext,
} from '../../../test/app.ts';
import { loadReferenceSkills } from '../skills/skills.service.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
  await loadReferenceSkills(ctx.deps);
});
afterAll(async () => {
  await ctx?.close();
});

const SECRET_BIO = 'Bio très secrète numéro 7421';

describe('profile privacy', () => {
  it('a private field never appears in any page, API answer, search or export to someone else', async () => {
    const owner = await signedInMember(ctx, { displayName: 'Paule Privée' });
    await saveProfile(owner.client, 'Paule Privée', {
      bio: SECRET_BIO,
      vis_bio: 'private',
      commune: 'Quimper',
      vis_territory: 'private',
      vis_skills: 'private',
      vis_roles: 'public',
      networkRoles: ['fabmanager'],
    });
    await declareSkills(owner.client, 'Broderie numérique', 3);
    const page = await owner.client.get('/profil');
    expect(await page.text()).toContain('Paule Privée');
    const slug = /href="\/membres\/([a-z0-9-]+)"/.exec(await (await ctx.app.request('/membres?q=paule')).text())?.[1] ?? 'paule-privee';

    const other = await signedInMember(ctx);
    const visitor = new TestClient(ctx);
    const surfaces = async (client: TestClient) => [
      await (await client.get(`/membres/${slug}`)).text(),
      await (await client.get('/membres?q=broderie')).text(),
      await (await client.get('/membres?q=7421')).text(),
      await (await client.get('/membres?pres=Quimper&km=10')).text(),
      await (await client.get('/competences/broderie-numerique')).text(),
      await (await client.get(`/api/v1/members/${slug}`)).text(),
      await (await client.get('/api/v1/members?q=paule')).text(),
      await (await client.get('/api/v1/skills/broderie-numerique')).text(),
    ];
    for (const texts of [await surfaces(other.client), await surfaces(visitor)]) {
      texts.forEach((text, i) => {
        expect(text).not.toContain(SECRET_BIO);
        if (i !== 3) {
          expect(text).not.toContain('Quimper'); // (the "near" search echoes the commune typed by the viewer)
        }
      });
      // Her territory is private: a distance search around her commune does not find her.
      expect(texts[3]).not.toContain('Paule Privée');
      // Skills are private: searching for them does not find her, the skill page does not list her.
      expect(texts[1]).not.toContain('Paule Privée');
      expect(texts[4]).not.toContain('Paule Privée');
    }
    // She sees everything on her own page and in her export.
    const own = await (await owner.client.get(`/membres/${slug}`)).text();
    expect(own).toContain(SECRET_BIO);
    const exported = (await (await owner.client.get('/compte/export.json')).json()) as Record<string, Record<string, unknown>>;
    expect(JSON.stringify(exported.profile)).toContain(SECRET_BIO);
    expect(JSON.stringify(exported.skills)).toContain('Broderie numérique');
    expect(JSON.stringify(exported.account)).not.toContain('argon2');
    // Someone else cannot download her export: it is always the viewer's own.
    const theirs = await (await other.client.get('/compte/export.json')).text();
    expect(theirs).not.toContain(SECRET_BIO);
  });

  it('members-only fields show to signed-in members, not to visitors; e-mail addresses never', async () => {
    const owner = await signedInMember(ctx, { displayName: 'Marc Membres' });
    await saveProfile(owner.client, 'Marc Membres', {
      bio: 'Visible aux membres 5519',
      vis_bio: 'members',
      commune: 'Brest',
      vis_territory: 'public',
    });
    const slug = 'marc-membres';
    const member = await signedInMember(ctx);
    expect(await (await member.client.get(`/membres/${slug}`)).text()).toContain('Visible aux membres 5519');
    const asVisitor = await (await new TestClient(ctx).get(`/membres/${slug}`)).text();
    expect(asVisitor).not.toContain('Visible aux membres 5519');
    expect(asVisitor).toContain('Brest');
    expect(asVisitor).not.toContain(owner.member.email);
    expect(asVisitor).not.toMatch(/[\w.+-]+@[\w-]+\.[\w.]+/);
  });

  it('explains an ambiguous or unknown commune and keeps what was typed', async () => {
    const owner = await signedInMember(ctx);
    const ambiguous = await owner.client.post('/profil', { displayName: 'Denise', commune: 'Saint-Denis', digest: 'weekly' });
    expect(ambiguous.status).toBe(400);
    const html = await ambiguous.text();
    expect(html).toContain('indiquez le code postal');
    expect(html).toContain('value="Saint-Denis"');
    const fixed = await owner.client.post('/profil', {
      displayName: 'Denise',
      commune: 'Saint-Denis',
      postcode: '93200',
      digest: 'weekly',
    });
    expect(fixed.status).toBe(303);
  });
});

describe('the directory', () => {
  it('finds who can pass on a skill within a distance of a commune (synonyms included)', async () => {
    const near = await signedInMember(ctx, { displayName: 'Fabienne Proche' });
    await saveProfile(near.client, 'Fabienne Proche', {
      commune: 'Villeurbanne',
      vis_territory: 'public',
      vis_skills: 'public',
      networkRoles: ['fabmanager'],
      vis_roles: 'public',
    });
    await declareSkills(near.client, 'laser', 3);
    const far = await signedInMember(ctx, { displayName: 'Fabrice Lointain' });
    await saveProfile(far.client, 'Fabrice Lointain', { commune: 'Brest', vis_territory: 'public', vis_skills: 'public' });
    await declareSkills(far.client, 'Découpe laser', 3);

    const within = await (await ctx.app.request('/membres?skill=decoupe-laser&pres=Lyon&km=50')).text();
    expect(within).toContain('Fabienne Proche');
    expect(within).not.toContain('Fabrice Lointain');
    expect(within).toMatch(/à \d+,\d km/);
    const everywhere = await (await ctx.app.request('/membres?q=découpe laser')).text();
    expect(everywhere).toContain('Fabrice Lointain');
    const role = await (await ctx.app.request('/membres?role=fabmanager&q=laser')).text();
    expect(role).toContain('Fabienne Proche');
    expect(role).not.toContain('Fabrice Lointain');

    // "Can pass it on": a learner of the same skill, right next door, is left out.
    const learner = await signedInMember(ctx, { displayName: 'Léo Apprenti' });
    await saveProfile(learner.client, 'Léo Apprenti', { commune: 'Lyon', vis_territory: 'public', vis_skills: 'public' });
    await declareSkills(learner.client, 'Découpe laser', 1);
    const all = await (await ctx.app.request('/membres?q=laser&pres=Lyon&km=50')).text();
    expect(all).toContain('Léo Apprenti');
    for (const url of ['/membres?q=laser&pres=Lyon&km=50&transmet=1', '/membres?skill=decoupe-laser&pres=Lyon&km=50&transmet=1']) {
      const teachers = await (await ctx.app.request(url)).text();
      expect(teachers).toContain('Fabienne Proche');
      expect(teachers).not.toContain('Léo Apprenti');
    }
    const api = (await (await ctx.app.request('/api/v1/members?q=laser&transmit=true')).json()) as { items: { slug: string }[] };
    expect(api.items.map((i) => i.slug)).toContain('fabienne-proche');
    expect(api.items.map((i) => i.slug)).not.toContain('leo-apprenti');
  });

  it('says so when the commune of "près de" is unknown', async () => {
    const html = await (await ctx.app.request('/membres?pres=Nullepartville&km=50')).text();
    expect(html).toContain('Commune introuvable');
  });
});

describe('messages and deletion', () => {
  it('members write to each other without seeing addresses', async () => {
    const a = await signedInMember(ctx, { displayName: 'Alice Écrit' });
    const b = await signedInMember(ctx, { displayName: 'Bruno Reçoit' });
    await saveProfile(b.client, 'Bruno Reçoit');
    const res = await a.client.post('/membres/bruno-recoit/message', { body: 'Bonjour, on se voit jeudi ?' });
    expect(res.status).toBe(303);
    expect(await (await a.client.get(res.headers.get('location') ?? '')).text()).toContain('Message envoyé.');
    const inbox = await (await b.client.get('/messages')).text();
    expect(inbox).toContain('Bonjour, on se voit jeudi ?');
    expect(inbox).toContain('Alice Écrit');
    expect(inbox).not.toContain(a.member.email);
    const notifications = await (await b.client.get('/notifications')).text();
    expect(notifications).toContain('Alice Écrit vous a écrit');
  });

  it('deleting an account keeps contributions as "ancien membre" unless asked otherwise', async () => {
    const author = await signedInMember(ctx, { displayName: 'Auteur Parti' });
    const reader = await signedInMember(ctx, { displayName: 'Lectrice Reste' });
    await saveProfile(reader.client, 'Lectrice Reste');
    await author.client.post('/membres/lectrice-reste/message', { body: 'Un message qui restera' });
    await author.client.post('/compte/supprimer', { currentPassword: TEST_PASSWORD, confirm: 'on' });
    const inbox = await (await reader.client.get('/messages')).text();
    expect(inbox).toContain('Un message qui restera');
    expect(inbox).toContain('ancien membre');

    const eraser = await signedInMember(ctx, { displayName: 'Auteur Efface' });
    await eraser.client.post('/membres/lectrice-reste/message', { body: 'Un message à effacer' });
    await eraser.client.post('/compte/supprimer', { currentPassword: TEST_PASSWORD, confirm: 'on', removeContributions: 'on' });
    expect(await (await reader.client.get('/messages')).text()).not.toContain('Un message à effacer');
  });
});

describe('profile photo', () => {
  const portrait = (background: string) =>
    sharp({ create: { width: 900, height: 600, channels: 3, background } })
      .withExif({ IFD0: { Artist: 'Nom Caché' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 24/1' } })
      .jpeg()
      .toBuffer();
  const upload = (client: TestClient, bytes: Uint8Array, name = 'moi.jpg') => {
    const form = new FormData();
    form.set('photo', new File([new Uint8Array(bytes)], name, { type: 'image/jpeg' }));
    return client.post('/profil/photo', form);
  };
  const keysOnDisk = async () => (await ctx.deps.uploads.list()).filter((k) => k.endsWith('-avatar.webp'));

  it('is cropped square without metadata, shown at its visibility only, replaced and removed cleanly', async () => {
    const owner = await signedInMember(ctx, { displayName: 'Camille Portrait' });
    await saveProfile(owner.client, 'Camille Portrait');
    const before = await keysOnDisk();
    expect((await upload(owner.client, await portrait('#884422'))).status).toBe(303);

    const page = await (await owner.client.get('/membres/camille-portrait')).text();
    const src = /src="(\/membres\/camille-portrait\/photo\?v=[\w-]+)"/.exec(page)?.[1] ?? '';
    expect(src).toBeTruthy();
    const res = await owner.client.get(src);
    expect(res.headers.get('content-type')).toBe('image/webp');
    expect(res.headers.get('cache-control')).toContain('private');
    const meta = await sharp(Buffer.from(await res.arrayBuffer())).metadata();
    expect([meta.width, meta.height, meta.exif]).toEqual([256, 256, undefined]);

    // Members by default: a visitor neither sees the picture nor can fetch it, even knowing its URL.
    expect(await (await ctx.app.request('/membres/camille-portrait')).text()).not.toContain('/photo?v=');
    expect((await ctx.app.request(src)).status).toBe(404);
    // The stored file is never reachable through /uploads/.
    const [key] = (await keysOnDisk()).filter((k) => !before.includes(k));
    expect(key).toBeTruthy();
    expect((await ctx.app.request(`/uploads/${key}`)).status).toBe(404);

    // Her own archive holds her data and her portrait's file.
    const archive = unzipSync(new Uint8Array(await (await owner.client.get('/compte/archive.zip')).arrayBuffer()));
    expect(Object.keys(archive)).toEqual(expect.arrayContaining(['mes-donnees.json', `fichiers/${key}`]));
    expect(JSON.parse(new TextDecoder().decode(archive['mes-donnees.json'])).profile).toBeTruthy();
    expect((await ctx.app.request('/compte/archive.zip')).status).toBe(303);

    // Replacing leaves one file; removing leaves none.
    expect((await upload(owner.client, await portrait('#224488'))).status).toBe(303);
    const afterReplace = (await keysOnDisk()).filter((k) => !before.includes(k));
    expect(afterReplace).toHaveLength(1);
    expect(afterReplace[0]).not.toBe(key);
    expect((await owner.client.post('/profil/photo/retirer')).status).toBe(303);
    expect((await keysOnDisk()).filter((k) => !before.includes(k))).toHaveLength(0);
    expect(await (await owner.client.get('/membres/camille-portrait')).text()).not.toContain('/photo?v=');
  });

  it('public, it shows to visitors and in the API; a text file named .jpg is refused in French', async () => {
    const owner = await signedInMember(ctx, { displayName: 'Dominique Visage' });
    await saveProfile(owner.client, 'Dominique Visage', { vis_photo: 'public' });
    const refused = await upload(owner.client, new TextEncoder().encode('<?php echo 1; ?>'), 'photo.jpg');
    expect(refused.status).toBe(415);
    expect(await refused.text()).toContain('n’est pas une image JPEG, PNG ou WebP');
    await upload(owner.client, await portrait('#448822'));
    const html = await (await ctx.app.request('/membres?q=Dominique')).text();
    const src = /src="(\/membres\/dominique-visage\/photo\?v=[\w-]+)"/.exec(html)?.[1] ?? '';
    expect(src).toBeTruthy();
    const res = await ctx.app.request(src);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toContain('public');
    const api = (await (await ctx.app.request('/api/v1/members/dominique-visage')).json()) as { photoUrl: string | null };
    expect(api.photoUrl).toContain('/membres/dominique-visage/photo?v=');
  });

  it('goes with the account', async () => {
    const owner = await signedInMember(ctx, { displayName: 'Éphémère Photo' });
    await saveProfile(owner.client, 'Éphémère Photo');
    const before = await keysOnDisk();
    await upload(owner.client, await portrait('#222222'));
    expect((await keysOnDisk()).length).toBe(before.length + 1);
    await owner.client.post('/compte/supprimer', { currentPassword: TEST_PASSWORD, confirm: 'on' });
    expect(await keysOnDisk()).toEqual(before);
  });
});
