import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, signedInMember, TestClient, type TestContext } from '../../../test/app.ts';
import { emptyContent } from './documents.content.ts';
import { createDocument, pathOf } from './documents.service.ts';

let ctx: TestContext;
let path: string;
let author: Awaited<ReturnType<typeof signedInMember>>;

beforeAll(async () => {
  ctx = await createTestContext();
  author = await signedInMember(ctx, { displayName: 'Awa Autrice' });
  const doc = await createDocument(ctx.deps, author.member.viewer, 'project', {
    content: { ...emptyContent('project'), title: 'Un robot qui trie les déchets', summary: 'Avec des CM2.' },
    publish: true,
  });
  path = pathOf(doc);
});
afterAll(async () => {
  await ctx?.close();
});

const textOf = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ');
const commentIds = (html: string) => [...html.matchAll(/id="commentaire-([0-9a-f-]{36})"/g)].map((m) => m[1] ?? '');

describe('comments under a project', () => {
  it('threads comments and replies, tells the team, and keeps what was typed when the form is refused', async () => {
    const { client: reader } = await signedInMember(ctx, { displayName: 'Bruno Lecteur' });
    const posted = await reader.post(`${path}/commentaires`, { body: 'Quel capteur de couleur avez-vous utilisé ?' });
    expect(posted.status).toBe(303);
    const [first] = commentIds(await (await ctx.app.request(path)).text());
    expect(first).toBeTruthy();

    expect(
      (await author.client.post(`${path}/commentaires`, { body: 'Un TCS34725, très bien documenté.', parentId: first ?? '' })).status,
    ).toBe(303);
    const ids = commentIds(await (await ctx.app.request(path)).text());
    // An answer to an answer joins the same thread (one level of replies).
    expect((await reader.post(`${path}/commentaires`, { body: 'Merci, on commande !', parentId: ids[1] ?? '' })).status).toBe(303);
    const page = await (await ctx.app.request(path)).text();
    expect(textOf(page)).toContain('Discussion (un fil)');
    expect(textOf(page)).toMatch(/TCS34725.*Merci, on commande/);

    const notifications = textOf(await (await author.client.get('/notifications')).text());
    expect(notifications).toContain('Bruno Lecteur a commenté « Un robot qui trie les déchets »');

    const long = `Un très long retour. ${'bla '.repeat(1100)}`;
    const refused = await reader.post(`${path}/commentaires`, { body: long });
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(html).toContain('Un très long retour.');
    expect(html).toContain('error-summary');

    const visitor = new TestClient(ctx);
    const res = await visitor.post(`${path}/commentaires`, { body: 'Je ne suis pas connecté' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toContain('/connexion');
    expect(textOf(await (await visitor.get(path)).text())).toContain('Connectez-vous pour commenter');
  });

  it('hides a comment after three reports until a moderator decides; its author may delete it, others may not', async () => {
    const { client: troll } = await signedInMember(ctx, { displayName: 'Théo Troll' });
    await troll.post(`${path}/commentaires`, { body: 'Achetez mes robots sur mon site !!!' });
    const page = await (await ctx.app.request(path)).text();
    const id = commentIds(page).at(-1) ?? '';
    expect(textOf(page)).toContain('Achetez mes robots');

    expect((await troll.post(`/commentaires/${id}/signaler`, { reason: 'spam', note: '' })).status).toBe(403); // not one's own
    for (let i = 0; i < 3; i++) {
      const { client } = await signedInMember(ctx);
      expect((await client.post(`/commentaires/${id}/signaler`, { reason: i === 0 ? 'bogus' : 'spam', note: '' })).status).toBe(
        i === 0 ? 400 : 303,
      );
      if (i === 0) {
        expect((await client.post(`/commentaires/${id}/signaler`, { reason: 'spam', note: 'pub' })).status).toBe(303);
      }
    }
    const { client: late } = await signedInMember(ctx);
    expect((await late.post(`/commentaires/${id}/signaler`, { reason: 'off-topic', note: '' })).status).toBe(404); // hidden now
    expect(textOf(await (await ctx.app.request(path)).text())).not.toContain('Achetez mes robots');
    expect(textOf(await (await troll.get(path)).text())).toContain('masqué après plusieurs signalements');

    const { client: moderator } = await signedInMember(ctx, { role: 'moderator' });
    const { client: member } = await signedInMember(ctx);
    expect((await member.get('/moderation/commentaires')).status).toBe(403);
    const queue = textOf(await (await moderator.get('/moderation/commentaires')).text());
    expect(queue).toContain('Achetez mes robots');
    expect(queue).toContain('3 signalements');
    expect(queue).toContain('Publicité ou spam — pub');
    expect((await member.post(`/moderation/commentaires/${id}`, { decision: 'keep' })).status).toBe(403);
    expect((await moderator.post(`/moderation/commentaires/${id}`, { decision: 'keep', reason: '' })).status).toBe(303);
    expect(textOf(await (await ctx.app.request(path)).text())).toContain('Achetez mes robots');
    expect(textOf(await (await moderator.get('/moderation/commentaires')).text())).toContain('Aucun commentaire signalé');
    expect((await moderator.post(`/moderation/commentaires/${id}`, { decision: 'hide', reason: 'Publicité' })).status).toBe(303);
    expect(textOf(await (await ctx.app.request(path)).text())).not.toContain('Achetez mes robots');
    expect(textOf(await (await troll.get(path)).text())).toContain('masqué par l’équipe de modération — Publicité');

    expect((await member.post(`/commentaires/${id}/supprimer`, {})).status).toBe(404); // hidden: not even seen
    expect((await troll.post(`/commentaires/${id}/supprimer`, {})).status).toBe(303);
    expect(commentIds(await (await moderator.get(path)).text())).not.toContain(id);
  });

  it('sends a question to the authors as a private message, without showing any address', async () => {
    const { client: asker } = await signedInMember(ctx, { displayName: 'Chloé Curieuse' });
    expect((await asker.post(`${path}/question`, { question: 'Court' })).status).toBe(400);
    const sent = await asker.post(`${path}/question`, { question: 'Combien de séances vous a-t-il fallu avec les CM2 ?' });
    expect(sent.status).toBe(303);
    const inbox = textOf(await (await author.client.get('/messages')).text());
    expect(inbox).toContain('Question sur « Un robot qui trie les déchets »');
    expect(inbox).toContain('Combien de séances');
    expect(inbox).toContain('Chloé Curieuse');
    expect(await (await asker.get(path)).text()).not.toContain(author.member.email);
  });

  it('puts the CSRF token in every form the team sees on the page and its history', async () => {
    for (const p of [path, `${path}/historique`, `${path}/comparer?de=1&a=1`]) {
      const html = await (await author.client.get(p)).text();
      const forms = [...html.matchAll(/<form[^>]*method="post"[^>]*>([\s\S]*?)<\/form>/g)];
      expect(forms.length, p).toBeGreaterThan(0);
      for (const f of forms) {
        expect(f[1], `${p}: ${f[0].slice(0, 120)}`).toContain('name="_csrf"');
      }
    }
  });
});
