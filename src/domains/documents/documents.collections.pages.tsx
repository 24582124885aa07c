import { z } from '@hono/zod-openapi';
import type { Context, Hono } from 'hono';
import type { AppEnv } from '../../http-env.ts';
import { notFound } from '../../lib/errors.ts';
import { readForm } from '../../lib/request-body.ts';
import { slugOr404 } from '../../lib/slug.ts';
import { plainText, UUID_PATTERN } from '../../lib/validation.ts';
import { handleForm } from '../../views/form-handler.ts';
import { emptyForm } from '../../views/forms.tsx';
import { redirectWithFlash, renderPage, renderPublicPage } from '../../views/render.tsx';
import { requireViewer } from '../accounts/guards.ts';
import * as collections from './documents.collections.service.ts';
import { canEditCollection } from './documents.policy.ts';
import { DOCUMENTS_TOPIC } from './documents.service.ts';
import { COLLECTIONS_PATH, CollectionFormPage, CollectionListPage, CollectionPage } from './views/collections.view.tsx';

const CollectionInput = z
  .object({
    title: plainText({ min: 3, max: 120 }),
    description: plainText({ max: 1000 }),
  })
  .strict();

const MOVES = { monter: 'up', descendre: 'down' } as const;

function guideId(c: Context<AppEnv>): string {
  const id = c.req.param('id') ?? '';
  if (!UUID_PATTERN.test(id)) {
    throw notFound('guide');
  }
  return id;
}

/** Collections of guides, under /guides/collections (mounted before the guides' own pages). */
export function mountCollectionPages(app: Hono<AppEnv>) {
  app.get(COLLECTIONS_PATH, (c) =>
    renderPublicPage(c, [DOCUMENTS_TOPIC], async () => <CollectionListPage list={await collections.listCollections(c.get('deps'))} />),
  );

  app.get(`${COLLECTIONS_PATH}/nouvelle`, (c) => {
    requireViewer(c);
    return renderPage(
      c,
      <CollectionFormPage action={`${COLLECTIONS_PATH}/nouvelle`} state={emptyForm()} title={c.get('t')('collections.new')} />,
    );
  });
  app.post(`${COLLECTIONS_PATH}/nouvelle`, async (c) => {
    const viewer = requireViewer(c);
    const { values } = await readForm(c);
    return handleForm(
      c,
      values,
      CollectionInput,
      async (state, status) =>
        renderPage(
          c,
          <CollectionFormPage action={`${COLLECTIONS_PATH}/nouvelle`} state={state} title={c.get('t')('collections.new')} />,
          status,
        ),
      async (data) => {
        const created = await collections.createCollection(c.get('deps'), viewer, data);
        return redirectWithFlash(c, `${COLLECTIONS_PATH}/${created.slug}`, 'collections.created');
      },
    );
  });

  const load = (c: Context<AppEnv>) => collections.getCollection(c.get('deps'), slugOr404(c.req.param('slug'), 'collection'));

  app.get(`${COLLECTIONS_PATH}/:slug`, (c) =>
    renderPublicPage(c, [DOCUMENTS_TOPIC], async () => {
      const { collection, guides } = await load(c);
      return <CollectionPage collection={collection} guides={guides} canEdit={canEditCollection(c.get('viewer'), collection)} />;
    }),
  );

  app.get(`${COLLECTIONS_PATH}/:slug/modifier`, async (c) => {
    const viewer = requireViewer(c);
    const { collection } = await load(c);
    if (!canEditCollection(viewer, collection)) {
      throw notFound('collection');
    }
    const state = emptyForm({ title: collection.title, description: collection.description });
    return renderPage(
      c,
      <CollectionFormPage action={`${COLLECTIONS_PATH}/${collection.slug}/modifier`} state={state} title={collection.title} />,
    );
  });
  app.post(`${COLLECTIONS_PATH}/:slug/modifier`, async (c) => {
    const viewer = requireViewer(c);
    const { collection } = await load(c);
    const { values } = await readForm(c);
    const action = `${COLLECTIONS_PATH}/${collection.slug}/modifier`;
    return handleForm(
      c,
      values,
      CollectionInput,
      async (state, status) => renderPage(c, <CollectionFormPage action={action} state={state} title={collection.title} />, status),
      async (data) => {
        await collections.updateCollection(c.get('deps'), viewer, collection.id, data);
        return redirectWithFlash(c, `${COLLECTIONS_PATH}/${collection.slug}`, 'form.saved');
      },
    );
  });

  app.post(`${COLLECTIONS_PATH}/:slug/guides/:id/:action{monter|descendre|retirer}`, async (c) => {
    const viewer = requireViewer(c);
    const { collection } = await load(c);
    const id = guideId(c);
    const action = c.req.param('action');
    if (action === 'retirer') {
      await collections.removeGuide(c.get('deps'), viewer, collection.id, id);
    } else {
      await collections.moveGuide(c.get('deps'), viewer, collection.id, id, MOVES[action as keyof typeof MOVES]);
    }
    return redirectWithFlash(c, `${COLLECTIONS_PATH}/${collection.slug}`);
  });
}
