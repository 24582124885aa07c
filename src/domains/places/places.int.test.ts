import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, createTestContext, lastMailTo, placeForm, TestClient, type TestContext } from '../../../test/app.ts';

let ctx: TestContext;
let moderator: Awaited<ReturnType<typeof createMember>>;

beforeAll(async () => {
  ctx = await createTestContext();
  moderator = await createMember(ctx, { role: 'moderator', displayName: 'Modé Ratrice' });
});
afterAll(async () => {
  await ctx?.close();
});

async function signedIn(role: 'member' | 'moderator' | 'admin' = 'member') {
  const member = await createMember(ctx, { role });
  const client = new TestClient(ctx);
  await client.signIn(member.email);
  return { member, client };
}

/** Create a place through the form and return its slug. */
async function createPlaceAs(client: TestClient, overrides: Record<string, string | string[]> = {}) {
  const res = await client.post('/lieux/nouveau', placeForm(overrides));
  expect(res.status, await res.clone().text()).toBe(303);
  return (res.headers.get('location') ?? '').replace('/lieux/', '');
}

async function publish(slug: string) {
  const client = new TestClient(ctx);
  await client.signIn(moderator.email);
  const page = await client.get('/moderation/lieux');
  const html = await page.text();
  const id = /action="\/moderation\/lieux\/([0-9a-f-]{36})"[\s\S]*?/.exec(html.slice(html.indexOf(`/lieux/${slug}"`)))?.[1];
  expect(id).toBeTruthy();
  const res = await client.post(`/moderation/lieux/${id}`, { decision: 'publish', note: '' });
  expect(res.status).toBe(303);
}

describe('creating and moderating a place', () => {
  it('a member’s place waits for moderation, then appears in the directory and on the map', async () => {
    const { member, client } = await signedIn();
    const slug = await createPlaceAs(client, { name: 'Fablab des Canuts', commune: 'Villeurbanne', postcode: '69100' });
    expect(slug).toBe('fablab-des-canuts');

    const ownView = await client.get(`/lieux/${slug}`);
    expect(ownView.status).toBe(200);
    expect(await ownView.text()).toContain('attend la validation');
    expect((await new TestClient(ctx).get(`/lieux/${slug}`)).status).toBe(404);
    expect(await (await new TestClient(ctx).get('/lieux?q=canuts')).text()).not.toContain('Fablab des Canuts');

    await publish(slug);
    expect((await lastMailTo(ctx, member.email)).mail?.subject).toContain('est publié');

    const search = await (await new TestClient(ctx).get('/lieux?q=canuts')).text();
    expect(search).toContain('Fablab des Canuts');
    const bbox = await (await ctx.app.request('/api/v1/places/bbox?bbox=4.5,45.5,5.2,46&zoom=14')).json();
    expect(JSON.stringify(bbox)).toContain('fablab-des-canuts');
  });

  it('derives the INSEE code, department and region from postcode and commune', async () => {
    const { client } = await signedIn('moderator');
    const slug = await createPlaceAs(client, { name: 'Médiathèque du Totem', postcode: '69100', commune: 'villeurbanne' });
    const res = await ctx.app.request(`/lieux/${slug}`);
    const html = await res.text();
    expect(html).toContain('Villeurbanne');
    expect(html).toContain('Rhône, Auvergne-Rhône-Alpes');
    const api = await ctx.app.request('/api/v1/places?q=totem');
    const { items } = (await api.json()) as { items: Array<{ id: string }> };
    const detail = (await (await ctx.app.request(`/api/v1/places/${items[0]?.id}`)).json()) as Record<string, unknown>;
    expect(detail.inseeCode).toBe('69266');
    expect(detail.department).toEqual({ code: '69', name: 'Rhône' });
    expect(detail.region).toEqual({ code: '84', name: 'Auvergne-Rhône-Alpes' });
  });

  it('accepts coordinates in degrees-minutes-seconds', async () => {
    const { client } = await signedIn('moderator');
    const slug = await createPlaceAs(client, {
      name: 'Tiers-lieu DMS',
      postcode: '59000',
      commune: 'Lille',
      coordinates: `50°37'45.1"N 3°3'26.3"E`,
    });
    const html = await (await ctx.app.request(`/lieux/${slug}`)).text();
    expect(html).toContain('data-lat="50.629194"');
    expect(html).toContain('data-lng="3.057306"');
  });

  it('re-renders the form with everything typed and an error next to each bad field', async () => {
    const { client } = await signedIn();
    const res = await client.post(
      '/lieux/nouveau',
      placeForm({
        name: '',
        kinds: [],
        postcode: '99999',
        coordinates: '123, 456',
        hours_tu: 'le matin',
        website: 'pas une url',
        description: 'Texte gardé <script>alert(1)</script>',
      }),
    );
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('Ce champ est obligatoire');
    expect(html).toContain('Choisissez au moins une option');
    expect(html).toContain('Coordonnées illisibles');
    expect(html).toContain('Horaires illisibles');
    expect(html).toContain('value="le matin"');
    expect(html).toContain('value="123, 456"');
    expect(html).toContain('Texte gardé &lt;script&gt;');
    expect(html).toContain('du code (script');
    expect(html).not.toContain('<script>alert(1)</script>');
  });

  it('explains an unknown postcode and a commune that does not match it', async () => {
    const { client } = await signedIn();
    const unknown = await client.post('/lieux/nouveau', placeForm({ postcode: '00000', commune: 'Nulle-Part' }));
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('ne correspond à aucune commune');
    const mismatch = await client.post('/lieux/nouveau', placeForm({ postcode: '69100', commune: 'Marseille' }));
    expect(mismatch.status).toBe(400);
    expect(await mismatch.text()).toContain('Villeurbanne');
  });

  it('needs a signed-in, confirmed member', async () => {
    const visitor = await new TestClient(ctx).get('/lieux/nouveau');
    expect(visitor.status).toBe(303);
    expect(visitor.headers.get('location')).toBe('/connexion?next=%2Flieux%2Fnouveau');
  });
});

describe('search and facets', () => {
  beforeAll(async () => {
    const { client } = await signedIn('moderator');
    await createPlaceAs(client, {
      name: 'Médiathèque Louise Labé',
      kinds: ['mediatheque'],
      postcode: '69001',
      commune: 'Lyon',
      coordinates: '45.767, 4.834',
      equipment: ['imprimante-3d'],
      audiences: ['familles'],
    });
    await createPlaceAs(client, {
      name: 'Découpe et Cie',
      kinds: ['makerspace'],
      postcode: '13001',
      commune: 'Marseille',
      coordinates: '43.30, 5.37',
      equipment: ['decoupe-laser'],
      audiences: ['jeunes'],
    });
    await createPlaceAs(client, {
      name: 'Learning lab de Rennes',
      kinds: ['learning-lab', 'campus'],
      postcode: '35000',
      commune: 'Rennes',
      coordinates: '48.11, -1.68',
      equipment: ['studio-video'],
      audiences: ['etudiants'],
    });
    await createPlaceAs(client, {
      name: 'Atelier numérique 69001',
      kinds: ['fablab'],
      postcode: '13001',
      commune: 'Marseille',
      coordinates: '43.30, 5.38',
    });
  });

  const titles = async (query: string) => {
    const res = await ctx.app.request(`/api/v1/places?${query}`);
    expect(res.status).toBe(200);
    return (await res.json()) as {
      items: Array<{ name: string }>;
      total: number;
      facets: Record<string, Array<{ value: string; count: number }>>;
    };
  };

  it('ignores accents and uses French stemming', async () => {
    expect((await titles('q=mediatheques')).items.map((i) => i.name)).toContain('Médiathèque Louise Labé');
    expect((await titles('q=MÉDIATHÈQUE')).items.map((i) => i.name)).toContain('Médiathèque Louise Labé');
  });

  it('tolerates typos', async () => {
    expect((await titles('q=mediateque louise')).items.map((i) => i.name)).toContain('Médiathèque Louise Labé');
    expect((await titles('q=Renne')).items.map((i) => i.name)).toContain('Learning lab de Rennes');
  });

  it('finds places by equipment and territory words', async () => {
    expect((await titles('q=laser')).items.map((i) => i.name)).toContain('Découpe et Cie');
    expect((await titles('q=bretagne')).items.map((i) => i.name)).toContain('Learning lab de Rennes');
  });

  it('reads a postcode as a place, unless the words name a place elsewhere', async () => {
    const search = async (q: string) => (await (await ctx.app.request(`/api/v1/places?q=${encodeURIComponent(q)}`)).json()) as unknown;
    const around = (await search('mediatheque 69001')) as {
      items: Array<{ name: string }>;
      location: { name: string } | null;
    };
    expect(around.items.map((i) => i.name)).toContain('Médiathèque Louise Labé');
    expect(around.location?.name).toBe('Lyon');
    // Nothing called "Atelier numérique" near Lyon: the number is a word of a name in Marseille.
    const named = (await search('Atelier numérique 69001')) as typeof around;
    expect(named.items.map((i) => i.name)).toEqual(['Atelier numérique 69001']);
    expect(named.location).toBeNull();
  });

  it('combines facets (OR inside one, AND across) and counts each value', async () => {
    const all = await titles('');
    const both = await titles('kind=mediatheque&kind=makerspace');
    expect(both.total).toBe(2);
    const narrowed = await titles('kind=mediatheque&kind=makerspace&region=93');
    expect(narrowed.items.map((i) => i.name)).toEqual(['Découpe et Cie']);
    // The kind facet still counts every kind available in region 93 (its own selection is ignored).
    const kindCounts = Object.fromEntries(narrowed.facets.kind?.map((f) => [f.value, f.count]) ?? []);
    expect(kindCounts.makerspace).toBe(1);
    expect(all.total).toBeGreaterThanOrEqual(3);
  });

  it('shows the same search as a page that works without JavaScript', async () => {
    const res = await ctx.app.request('/lieux?q=laser&equipment=decoupe-laser');
    const html = await res.text();
    expect(html).toContain('Découpe et Cie');
    expect(html).toContain('name="equipment" value="decoupe-laser" checked');
    // No script to run (schema.org data blocks are not scripts a browser runs).
    expect(html).not.toMatch(/<script(?![^>]*type="application\/ld\+json")/);
    expect(html).toContain('<script type="application/ld+json">');
  });

  it('refuses unknown filter values in the API with a clear 400', async () => {
    const res = await ctx.app.request('/api/v1/places?kind=chateau');
    expect(res.status).toBe(400);
    const body = (await res.json()) as { code: string; details: Record<string, string[]> };
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.details.kind?.[0]).toContain('chateau');
  });
});

describe('editing, team and deletion', () => {
  it('lets the team and moderators edit, refuses other members', async () => {
    const owner = await signedIn();
    const slug = await createPlaceAs(owner.client, { name: 'Espace jeunes du Moulin' });
    const stranger = await signedIn();
    expect((await stranger.client.get(`/lieux/${slug}/modifier`)).status).toBe(404); // pending: not even visible
    await publish(slug);
    expect((await stranger.client.get(`/lieux/${slug}/modifier`)).status).toBe(403);
    expect((await stranger.client.post(`/lieux/${slug}/modifier`, placeForm({ name: 'Piraté' }))).status).toBe(403);
    const edit = await owner.client.post(
      `/lieux/${slug}/modifier`,
      placeForm({ name: 'Espace jeunes du Moulin', description: 'Nouvelle présentation' }),
    );
    expect(edit.status).toBe(303);
    expect(await (await ctx.app.request(`/lieux/${slug}`)).text()).toContain('Nouvelle présentation');
    const mod = new TestClient(ctx);
    await mod.signIn(moderator.email);
    expect((await mod.get(`/lieux/${slug}/modifier`)).status).toBe(200);
  });

  it('adds a team member by e-mail without revealing whether the account exists', async () => {
    const owner = await signedIn();
    const slug = await createPlaceAs(owner.client, { name: 'Lab partagé' });
    const colleague = await createMember(ctx, { displayName: 'Collègue Enseignante' });
    const added = await owner.client.post(`/lieux/${slug}/equipe`, { email: colleague.email });
    const nobody = await owner.client.post(`/lieux/${slug}/equipe`, { email: 'personne.inconnue@example.org' });
    expect(added.status).toBe(303);
    expect(nobody.status).toBe(303);
    expect((await lastMailTo(ctx, colleague.email)).mail?.subject).toContain('équipe');
    const teamPage = await owner.client.get(`/lieux/${slug}/equipe`);
    const html = await teamPage.text();
    expect(html).toContain('Collègue Enseignante');
    expect(html).not.toContain(colleague.email);
    const colleagueClient = new TestClient(ctx);
    await colleagueClient.signIn(colleague.email);
    expect((await colleagueClient.get(`/lieux/${slug}/modifier`)).status).toBe(200);
    // Removing down to one person works; the last one stays.
    expect((await owner.client.post(`/lieux/${slug}/equipe/${colleague.id}/retirer`)).status).toBe(303);
    const last = await owner.client.post(`/lieux/${slug}/equipe/${owner.member.id}/retirer`);
    expect(last.status).toBe(409);
  });

  it('deletes a place: gone from pages, a tombstone in the sync feed', async () => {
    const owner = await signedIn('moderator');
    const slug = await createPlaceAs(owner.client, { name: 'Lieu éphémère' });
    const api = (await (await ctx.app.request('/api/v1/places?q=éphémère')).json()) as { items: Array<{ id: string }> };
    const id = api.items[0]?.id;
    const before = new Date(Date.now() - 1000).toISOString();
    expect((await owner.client.post(`/lieux/${slug}/supprimer`)).status).toBe(303);
    expect((await ctx.app.request(`/lieux/${slug}`)).status).toBe(404);
    const feed = (await (await ctx.app.request(`/api/v1/places.geojson?updated_since=${encodeURIComponent(before)}`)).json()) as {
      features: Array<{ id: string; properties: { deleted?: boolean } }>;
    };
    expect(feed.features.find((f) => f.id === id)?.properties.deleted).toBe(true);
  });
});

describe('contact form', () => {
  it('delivers the message to the team without ever showing the sender’s address, and mails the reply', async () => {
    const owner = await signedIn('moderator');
    const slug = await createPlaceAs(owner.client, { name: 'Fablab à contacter' });
    const visitor = new TestClient(ctx, '203.0.113.99');
    const sent = await visitor.post(`/lieux/${slug}/contact`, {
      senderName: 'Parent d’élève',
      senderEmail: 'parent@example.org',
      message: 'Bonjour, accueillez-vous des classes de CM2 ?',
    });
    expect(sent.status).toBe(200);
    expect(await sent.text()).toContain('Message envoyé');
    const notice = await lastMailTo(ctx, owner.member.email);
    expect(notice.mail?.textBody).toContain('classes de CM2');
    expect(notice.mail?.textBody).not.toContain('parent@example.org');
    const inbox = await owner.client.get(`/lieux/${slug}/messages`);
    const html = await inbox.text();
    expect(html).toContain('Parent d’élève');
    expect(html).not.toContain('parent@example.org');
    const id = /messages\/([0-9a-f-]{36})\/repondre/.exec(html)?.[1];
    const reply = await owner.client.post(`/lieux/${slug}/messages/${id}/repondre`, { reply: 'Oui, le jeudi matin.' });
    expect(reply.status).toBe(303);
    expect((await lastMailTo(ctx, 'parent@example.org')).mail?.textBody).toContain('Oui, le jeudi matin.');
    // Other members cannot read the inbox.
    const other = await signedIn();
    expect((await other.client.get(`/lieux/${slug}/messages`)).status).toBe(403);
  });

  it('throttles one sender and rejects the honeypot', async () => {
    const owner = await signedIn('moderator');
    const slug = await createPlaceAs(owner.client, { name: 'Lieu très demandé' });
    const bot = new TestClient(ctx, '203.0.113.150');
    const trap = await bot.post(`/lieux/${slug}/contact`, {
      senderName: 'Bot',
      senderEmail: 'bot@example.org',
      message: 'Achetez nos produits !',
      website: 'http://spam.example',
    });
    expect(trap.status).toBe(400);
    let last: Response | undefined;
    for (let i = 0; i < 6; i++) {
      last = await bot.post(`/lieux/${slug}/contact`, {
        senderName: 'Quelqu’un',
        senderEmail: 'q@example.org',
        message: `Message numéro ${i} assez long`,
      });
    }
    expect(last?.status).toBe(429);
    expect(last?.headers.get('retry-after')).toBeTruthy();
  });
});

describe('photos', () => {
  it('re-encodes an uploaded photo and strips its metadata (GPS, author)', async () => {
    const owner = await signedIn('moderator');
    const slug = await createPlaceAs(owner.client, { name: 'Lieu en photos' });
    const jpeg = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#c05020' } })
      .withExif({ IFD0: { Artist: 'Nom Secret', Copyright: 'x' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '45/1 45/1 50/1' } })
      .jpeg()
      .toBuffer();
    expect((await sharp(jpeg).metadata()).exif).toBeDefined();
    const form = new FormData();
    form.set('photo', new File([new Uint8Array(jpeg)], 'atelier.jpg', { type: 'image/jpeg' }));
    form.set('alt', 'Des élèves devant la découpeuse laser');
    const res = await owner.client.post(`/lieux/${slug}/photos`, form);
    expect(res.status, await res.clone().text()).toBe(303);
    const page = await (await ctx.app.request(`/lieux/${slug}`)).text();
    // The first photo is the place's picture, at the top of its page.
    const src = /class="hero-picture"[^>]*>\s*<img src="(\/uploads\/[^"]+\.webp)"/.exec(page)?.[1];
    expect(src).toBeTruthy();
    const full = await ctx.app.request(src?.replace('-thumb', '') ?? '');
    expect(full.headers.get('content-type')).toBe('image/webp');
    expect(full.headers.get('x-content-type-options')).toBe('nosniff');
    const meta = await sharp(Buffer.from(await full.arrayBuffer())).metadata();
    expect(meta.format).toBe('webp');
    expect(meta.exif).toBeUndefined();
    expect(page).toContain('alt="Des élèves devant la découpeuse laser"');
  });

  it('refuses files that are not images, whatever their name, and SVG', async () => {
    const owner = await signedIn('moderator');
    const slug = await createPlaceAs(owner.client, { name: 'Lieu prudent' });
    for (const [bytes, name] of [
      [new TextEncoder().encode('<?php echo "hello"; ?>'), 'photo.jpg'],
      [new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'), 'logo.png'],
    ] as const) {
      const form = new FormData();
      form.set('photo', new File([bytes], name, { type: 'image/jpeg' }));
      const res = await owner.client.post(`/lieux/${slug}/photos`, form);
      expect(res.status).toBe(415);
      expect(await res.text()).toContain('n’est pas une image JPEG, PNG ou WebP');
    }
  });

  it('refuses an oversized upload with 413', async () => {
    const small = await createTestContext({ env: { UPLOAD_MAX_MB: '0.05' } });
    try {
      const member = await createMember(small, { role: 'moderator' });
      const client = new TestClient(small);
      await client.signIn(member.email);
      const created = await client.post('/lieux/nouveau', placeForm({ name: 'Petit lieu' }));
      const slug = (created.headers.get('location') ?? '').replace('/lieux/', '');
      const big = await sharp({ create: { width: 1200, height: 1200, channels: 3, background: '#336699' } })
        .png({ compressionLevel: 0 })
        .toBuffer();
      const form = new FormData();
      form.set('photo', new File([new Uint8Array(big)], 'grande.png', { type: 'image/png' }));
      const res = await client.post(`/lieux/${slug}/photos`, form);
      expect(res.status).toBe(413);
    } finally {
      await small.close();
    }
  });
});

describe('place page', () => {
  it('carries schema.org Place JSON-LD and never an e-mail address', async () => {
    const owner = await signedIn('moderator');
    const slug = await createPlaceAs(owner.client, { name: 'Lieu structuré' });
    const html = await (await ctx.app.request(`/lieux/${slug}`)).text();
    const json = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(html)?.[1];
    const ld = JSON.parse(json ?? '{}') as Record<string, unknown>;
    expect(ld['@type']).toBe('Place');
    expect(ld.name).toBe('Lieu structuré');
    expect(ld.geo).toMatchObject({ '@type': 'GeoCoordinates', latitude: 45.7719, longitude: 4.8902 });
    expect(ld.openingHoursSpecification).toContainEqual(
      expect.objectContaining({ dayOfWeek: 'https://schema.org/Monday', opens: '09:00', closes: '12:00' }),
    );
    expect(html).not.toContain(owner.member.email);
    expect(html).not.toMatch(/[\w.+-]+@[\w-]+\.[\w.]+/);
  });
});
