import { parseFeed } from '@rowanmanning/feed-parser';
import { sql } from 'drizzle-orm';
import { parseJsonFeed } from 'feedsmith';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, lastMailTo, placeRunBy, saveProfile, signedInMember, TestClient, type TestContext } from '../../../test/app.ts';
import { queryRows } from '../../db/client.ts';
import { sendDueDigests } from '../social/social.service.ts';

let ctx: TestContext;
type Signed = Awaited<ReturnType<typeof signedInMember>>;
let moderator: Signed;
let team: Signed;
let reader: Signed;
let stranger: Signed;
let placeSlug: string;

const TRICKY = 'Robots & capteurs à moins de <10 € : l’atelier « été » de Noël';

beforeAll(async () => {
  ctx = await createTestContext();
  moderator = await signedInMember(ctx, { role: 'moderator', displayName: 'Modératrice' });
  team = await signedInMember(ctx, { displayName: 'Léa Fabmanageuse' });
  reader = await signedInMember(ctx, { displayName: 'Rita Lectrice' });
  stranger = await signedInMember(ctx, { displayName: 'Sam Ailleurs' });
  placeSlug = await placeRunBy(moderator, team, 'Fablab des Nouvelles');
});
afterAll(async () => {
  await ctx?.close();
});

async function publish(client: TestClient, fields: Record<string, string>, cover?: Buffer) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) {
    form.set(k, v);
  }
  if (cover) {
    form.set('cover', new File([new Uint8Array(cover)], 'photo.jpg', { type: 'image/jpeg' }));
  }
  return client.post('/publications/nouvelle', form);
}

describe('publications', () => {
  it('are written in the name of a place by its team, with a cover and tags, and its followers are told', async () => {
    const placeId = (await queryRows<{ id: string }>(ctx.deps.db, sql`select id from places where slug = ${placeSlug}`))[0]?.id ?? '';
    expect((await reader.client.post('/suivre', { type: 'place', id: placeId, next: `/lieux/${placeSlug}` })).status).toBe(303);
    const refused = await publish(stranger.client, { publisher: `lieu:${placeSlug}`, title: 'Pas mon lieu', body: 'Texte.' });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('Vous ne pouvez publier qu’en votre nom');

    const jpeg = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#8a3b12' } })
      .jpeg()
      .toBuffer();
    const noAlt = await publish(team.client, { publisher: `lieu:${placeSlug}`, title: TRICKY, body: 'Texte **gras**.' }, jpeg);
    expect(noAlt.status).toBe(400);
    expect(await noAlt.text()).toContain('Dites en quelques mots ce que montre l’image.');

    const res = await publish(
      team.client,
      {
        publisher: `lieu:${placeSlug}`,
        title: TRICKY,
        summary: 'Deux semaines & des robots.',
        body: 'Les élèves ont **programmé** des robots.',
        tags: 'Robotique, Collège, robotique',
        coverAlt: 'Un robot sur une table',
      },
      jpeg,
    );
    expect(res.status, await res.clone().text()).toBe(303);
    const path = res.headers.get('location') ?? '';
    expect(path).toMatch(/^\/publications\/robots-capteurs-a-moins-de-10-l-atelier-ete-de-noel/);
    const page = await (await new TestClient(ctx).get(path)).text();
    expect(page).toContain('Robots &amp; capteurs à moins de &lt;10 €');
    expect(page).toContain('<strong>programmé</strong>');
    expect(page).toContain('"@type":"NewsArticle"');
    expect(page).toMatch(/<img class="hero-picture" src="\/uploads\/[^"]+\.webp" alt="Un robot sur une table"/);
    expect(page).toContain('href="/publications?etiquette=robotique"');
    expect(page).toContain('href="/publications?etiquette=college"');

    const bell = await (await reader.client.get('/notifications')).text();
    expect(bell).toContain('Fablab des Nouvelles a publié');
    // The weekly digest carries the week's publications of what one follows.
    await saveProfile(reader.client, 'Rita Lectrice', { digest: 'weekly' });
    expect(await sendDueDigests(ctx.deps, new Date(Date.now() + 8 * 86_400_000))).toBeGreaterThanOrEqual(1);
    const digest = (await lastMailTo(ctx, reader.member.email)).mail?.textBody ?? '';
    expect(digest).toContain(`Fablab des Nouvelles a publié : ${TRICKY}`);
    expect(digest).toContain(`http://localhost:3000${path}`);
    // The place's page shows it; the list and its tag too.
    expect(await (await new TestClient(ctx).get(`/lieux/${placeSlug}`)).text()).toContain(`href="${path}"`);
    expect(await (await new TestClient(ctx).get('/publications?etiquette=robotique')).text()).toContain(`href="${path}"`);
    expect(await (await new TestClient(ctx).get('/publications?etiquette=couture')).text()).toContain('Aucune publication « couture »');
  });

  it('come as Atom, RSS 2.0 and JSON Feed, read by independent parsers, titles with & < and accents intact', async () => {
    for (const feedPath of ['/publications', `/lieux/${placeSlug}/publications`, '/publications/etiquettes/robotique']) {
      const atom = await new TestClient(ctx).get(`${feedPath}.atom`);
      expect(atom.headers.get('content-type')).toContain('application/atom+xml');
      const parsedAtom = parseFeed(await atom.text());
      expect(parsedAtom.meta.type).toBe('atom');
      expect(parsedAtom.items[0]?.title).toBe(TRICKY);
      expect(parsedAtom.items[0]?.categories.map((c) => c.term)).toEqual(['robotique', 'college']);

      const rss = parseFeed(await (await new TestClient(ctx).get(`${feedPath}.rss`)).text());
      expect(rss.meta.type).toBe('rss');
      expect(rss.items[0]?.title).toBe(TRICKY);
      expect(rss.items[0]?.description).toContain('<strong>programmé</strong>');

      const json = parseJsonFeed(JSON.parse(await (await new TestClient(ctx).get(`${feedPath}.json`)).text()));
      expect(json.items?.[0]?.title).toBe(TRICKY);
      expect(json.items?.[0]?.summary).toBe('Deux semaines & des robots.');
    }
    expect((await new TestClient(ctx).get('/publications/etiquettes/Pas%20une%20etiquette.atom')).status).toBe(404);
  });

  it('are found by the one search, and a community’s are its latest publications', async () => {
    const search = (await (await new TestClient(ctx).get('/api/v1/search?q=capteurs')).json()) as {
      items: Array<{ type: string; url: string }>;
    };
    expect(search.items.some((i) => i.type === 'publication' && i.url.includes('/publications/robots-capteurs'))).toBe(true);

    const created = await team.client.post('/communautes/nouvelle', {
      name: 'Fablabs du Nord',
      scale: 'local',
      scaleCode: '',
      oneLiner: 'Les fablabs du Nord ensemble.',
      objectives: 'Partager.',
      activities: '',
      expertises: ['numerique'],
      domains: ['jeunesse-sports'],
      joinPolicy: 'open',
    });
    const slug = (created.headers.get('location') ?? '').replace('/communautes/', '');
    // The former way to publish leads to the one form, with the community chosen.
    expect((await team.client.get(`/communautes/${slug}/publier`)).headers.get('location')).toBe(
      `/publications/nouvelle?editeur=communaute:${slug}`,
    );
    const form = await (await team.client.get(`/publications/nouvelle?editeur=communaute:${slug}`)).text();
    expect(form).toMatch(new RegExp(`<option value="communaute:${slug}" selected`));
    const res = await publish(team.client, {
      publisher: `communaute:${slug}`,
      title: 'Rencontre des fablabs du Nord',
      body: 'Rendez-vous à Lille.',
    });
    expect(res.status).toBe(303);
    const page = await (await new TestClient(ctx).get(`/communautes/${slug}`)).text();
    expect(page).toContain('Dernières publications de Fablabs du Nord');
    expect(page).toContain('Rencontre des fablabs du Nord');
    const feed = parseFeed(await (await new TestClient(ctx).get(`/communautes/${slug}/publications.atom`)).text());
    expect(feed.items.map((i) => i.title)).toEqual(['Rencontre des fablabs du Nord']);
  });

  it('are hidden by a moderator with a note its authors read; edited by their authors only', async () => {
    const [p] = await queryRows<{ slug: string }>(ctx.deps.db, sql`select slug from publications where title = ${TRICKY}`);
    const path = `/publications/${p?.slug}`;
    expect((await stranger.client.get(`${path}/modifier`)).status).toBe(403);
    const edit = new FormData();
    for (const [k, v] of Object.entries({
      title: TRICKY,
      summary: 'Deux semaines & des robots.',
      body: 'Texte revu.',
      tags: 'robotique',
      coverAlt: 'Un robot sur une table',
    })) {
      edit.set(k, v);
    }
    expect((await team.client.post(`${path}/modifier`, edit)).status).toBe(303);
    expect((await stranger.client.post(`${path}/masquer`, { note: 'Hors sujet pour le réseau.' })).status).toBe(403);
    const short = await moderator.client.post(`${path}/masquer`, { note: 'Non' });
    expect(short.status).toBe(400);
    expect((await moderator.client.post(`${path}/masquer`, { note: 'Contient une adresse personnelle.' })).status).toBe(303);
    expect((await new TestClient(ctx).get(path)).status).toBe(404);
    expect(await (await team.client.get(path)).text()).toContain('Contient une adresse personnelle.');
    const feed = parseFeed(await (await new TestClient(ctx).get('/publications.atom')).text());
    expect(feed.items.map((i) => i.title)).not.toContain(TRICKY);
    expect((await moderator.client.post(`${path}/afficher`)).status).toBe(303);
    expect((await new TestClient(ctx).get(path)).status).toBe(200);
  });
});

describe('publications in the API', () => {
  it('are listed by tag, read one by one, and written by a member in their name', async () => {
    const list = (await (await new TestClient(ctx).get('/api/v1/publications?tag=robotique')).json()) as {
      items: Array<{ title: string; publisher: { type: string } }>;
    };
    expect(list.items[0]).toMatchObject({ title: TRICKY, publisher: { type: 'place' } });
    const bad = await reader.client.api('POST', '/api/v1/publications', { publisher: 'moi', title: 'Ok', body: '' });
    expect(bad.status).toBe(400);
    const res = await reader.client.api('POST', '/api/v1/publications', {
      publisher: 'moi',
      title: 'Mon premier atelier de couture',
      body: 'Une **machine** et trois enfants.',
      tags: ['Couture'],
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const created = (await res.json()) as { slug: string; tags: string[]; publisher: { type: string; name: string } };
    expect(created.tags).toEqual(['couture']);
    expect(created.publisher).toMatchObject({ type: 'member', name: 'Rita Lectrice' });
    expect((await new TestClient(ctx).get(`/api/v1/publications/${created.slug}`)).status).toBe(200);
  });
});
