import type { Context, Hono } from 'hono';
import type { AppEnv } from '../../http-env.ts';
import { TopicCache } from '../../lib/change-feed.ts';
import { AppError } from '../../lib/errors.ts';
import { readForm } from '../../lib/request-body.ts';
import { slugOr404 } from '../../lib/slug.ts';
import { handleForm } from '../../views/form-handler.ts';
import { emptyForm, type FormState } from '../../views/forms.tsx';
import { privatePage, redirectWithFlash, renderPage, renderPublicPage } from '../../views/render.tsx';
import { requireViewer } from '../accounts/guards.ts';
import { COMMUNITIES_TOPIC } from '../communities/communities.service.ts';
import { PLACES_TOPIC } from '../places/places.service.ts';
import { FEED_TYPES, type FeedFormat } from './publications.feeds.ts';
import './publications.sections.tsx';
import * as publications from './publications.service.ts';
import { HideInput, PublicationEditInput, PublicationInput, TAG_PATTERN } from './publications.validation.ts';
import { PublicationFormPage, PublicationPage, PublicationsPage } from './publications.views.tsx';
import './publications.opendata.ts';

const TOPICS = [publications.PUBLICATIONS_TOPIC, PLACES_TOPIC, COMMUNITIES_TOPIC];
type Status = 200 | 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429;

const maxMb = (c: Context<AppEnv>) => Math.round(c.get('deps').config.uploadMaxBytes / 1024 / 1024);
const publicationSlug = (c: Context<AppEnv>) => slugOr404(c.req.param('slug'), 'publication');
const tagOr404 = (tag: string | undefined) => {
  if (tag !== undefined && (tag.length > 40 || !TAG_PATTERN.test(tag))) {
    throw new AppError('NOT_FOUND', { message: 'no such tag', userMessage: 'errors.notFound' });
  }
  return tag;
};
const pageOf = (c: Context<AppEnv>) => {
  const n = Number(c.req.query('page') ?? 1);
  return Number.isInteger(n) && n >= 1 && n <= 1000 ? n : 1;
};

/** The bytes of an uploaded cover, when one was chosen. */
async function coverOf(files: Record<string, File[]>): Promise<Buffer | undefined> {
  const file = files.cover?.[0];
  return file ? Buffer.from(await file.arrayBuffer()) : undefined;
}

const feedCaches = new WeakMap<object, TopicCache<string>>();

/** A feed in one of the three formats, kept until a publication, a place or a community changes. */
async function sendFeed(c: Context<AppEnv>, scope: publications.Scope, format: FeedFormat, self: string) {
  const deps = c.get('deps');
  const t = c.get('t');
  let cache = feedCaches.get(deps);
  if (!cache) {
    cache = new TopicCache<string>(deps.changes, TOPICS, 500);
    feedCaches.set(deps, cache);
  }
  const body = await cache.getOrCompute(`${format} ${JSON.stringify(scope)}`, async () => {
    const feed = await publications.feedOf(deps, scope);
    const base = deps.config.publicUrl;
    const title = feed.name
      ? t('publications.feedTitleOf', { name: feed.name })
      : scope.kind === 'network' && scope.tag
        ? t('publications.feedTitleTag', { tag: scope.tag })
        : t('publications.feedTitle');
    return FEED_TYPES[format].render({ title, home: `${base}${feed.path}`, self: `${base}${self}`, base, rows: feed.rows });
  });
  return c.body(body, 200, { 'Content-Type': FEED_TYPES[format].type, 'Cache-Control': 'public, max-age=300' });
}

export function mountPublicationPages(app: Hono<AppEnv>) {
  for (const format of Object.keys(FEED_TYPES) as FeedFormat[]) {
    app.get(`/publications.${format}`, (c) => {
      const tag = tagOr404(c.req.query('etiquette'));
      return sendFeed(c, { kind: 'network', tag }, format, tag ? `/publications/etiquettes/${tag}` : '/publications');
    });
    app.get(`/lieux/:slug/publications.${format}`, (c) => {
      const slug = slugOr404(c.req.param('slug'), 'place');
      return sendFeed(c, { kind: 'place', slug }, format, `/lieux/${slug}/publications`);
    });
    app.get(`/communautes/:slug/publications.${format}`, (c) => {
      const slug = slugOr404(c.req.param('slug'), 'community');
      return sendFeed(c, { kind: 'community', slug }, format, `/communautes/${slug}/publications`);
    });
  }
  // A tag's feed: /publications/etiquettes/robotique.atom (or .rss, .json).
  app.get('/publications/etiquettes/:file', (c) => {
    const m = /^([a-z0-9-]{1,40})\.(atom|rss|json)$/.exec(c.req.param('file'));
    if (!m) {
      throw new AppError('NOT_FOUND', { message: 'no such feed', userMessage: 'errors.notFound' });
    }
    const tag = tagOr404(m[1]);
    return sendFeed(c, { kind: 'network', tag }, m[2] as FeedFormat, `/publications/etiquettes/${tag}`);
  });

  app.get('/publications', (c) => {
    const tag = tagOr404(c.req.query('etiquette'));
    const page = pageOf(c);
    return renderPublicPage(c, TOPICS, async () => (
      <PublicationsPage data={await publications.listPublications(c.get('deps'), { kind: 'network', tag }, page)} tag={tag} />
    ));
  });

  const renderNew = async (c: Context<AppEnv>, state: FormState | null, status: Status = 200) => {
    const viewer = requireViewer(c);
    privatePage(c);
    const publishers = await publications.publishersFor(c.get('deps'), viewer);
    const wanted = c.req.query('editeur') ?? '';
    const known = [...publishers.places.map((p) => `lieu:${p.slug}`), ...publishers.communities.map((x) => `communaute:${x.slug}`)];
    const form = state ?? emptyForm({ publisher: known.includes(wanted) ? wanted : 'moi' });
    return renderPage(
      c,
      <PublicationFormPage state={form} publishers={publishers} action="/publications/nouvelle" maxMb={maxMb(c)} />,
      status,
    );
  };
  app.get('/publications/nouvelle', (c) => renderNew(c, null));
  app.post('/publications/nouvelle', async (c) => {
    const viewer = requireViewer(c);
    const { values, files } = await readForm(c);
    return handleForm(
      c,
      values,
      PublicationInput,
      (state, status) => renderNew(c, state, status),
      async (data) => {
        const p = await publications.createPublication(c.get('deps'), viewer, data, await coverOf(files));
        return redirectWithFlash(c, `/publications/${p.slug}`, 'publications.new.done');
      },
    );
  });

  const renderArticle = async (c: Context<AppEnv>, hideForm?: FormState, status: Status = 200) => {
    const viewer = c.get('viewer');
    const deps = c.get('deps');
    if (!viewer && status === 200) {
      return renderPublicPage(c, TOPICS, async () => (
        <PublicationPage data={await publications.getPublication(deps, null, publicationSlug(c))} baseUrl={deps.config.publicUrl} />
      ));
    }
    privatePage(c);
    const data = await publications.getPublication(deps, viewer, publicationSlug(c));
    return renderPage(c, <PublicationPage data={data} baseUrl={deps.config.publicUrl} hideForm={hideForm} />, status);
  };
  app.get('/publications/:slug', (c) => renderArticle(c));

  const renderEdit = async (c: Context<AppEnv>, state: FormState | null, status: Status = 200) => {
    const viewer = requireViewer(c);
    privatePage(c);
    const { publication: p, canEdit } = await publications.getPublication(c.get('deps'), viewer, publicationSlug(c));
    if (!canEdit) {
      throw new AppError('FORBIDDEN', { message: 'its authors only', userMessage: 'errors.forbidden' });
    }
    const form =
      state ?? emptyForm({ title: p.title, summary: p.summary, body: p.bodyMd, tags: p.tags.join(', '), coverAlt: p.coverAlt ?? '' });
    return renderPage(
      c,
      <PublicationFormPage
        state={form}
        action={`/publications/${p.slug}/modifier`}
        editing={{ title: p.title, slug: p.slug }}
        maxMb={maxMb(c)}
      />,
      status,
    );
  };
  app.get('/publications/:slug/modifier', (c) => renderEdit(c, null));
  app.post('/publications/:slug/modifier', async (c) => {
    const viewer = requireViewer(c);
    const slug = publicationSlug(c);
    const { values, files } = await readForm(c);
    return handleForm(
      c,
      values,
      PublicationEditInput,
      (state, status) => renderEdit(c, state, status),
      async (data) => {
        await publications.updatePublication(c.get('deps'), viewer, slug, data, await coverOf(files));
        return redirectWithFlash(c, `/publications/${slug}`, 'publications.edit.done');
      },
    );
  });

  app.post('/publications/:slug/masquer', async (c) => {
    const viewer = requireViewer(c);
    const slug = publicationSlug(c);
    const { values } = await readForm(c);
    return handleForm(
      c,
      values,
      HideInput,
      (state, status) => renderArticle(c, state, status),
      async (data) => {
        await publications.moderatePublication(c.get('deps'), viewer, slug, { note: data.note });
        return redirectWithFlash(c, `/publications/${slug}`, 'publications.hidden');
      },
    );
  });
  app.post('/publications/:slug/afficher', async (c) => {
    const viewer = requireViewer(c);
    await readForm(c);
    const slug = publicationSlug(c);
    await publications.moderatePublication(c.get('deps'), viewer, slug, null);
    return redirectWithFlash(c, `/publications/${slug}`, 'publications.shown');
  });
}
