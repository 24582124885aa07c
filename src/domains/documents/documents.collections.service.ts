import type { DbOrTx } from '../../db/client.ts';
import type { Deps } from '../../deps.ts';
import { forbidden, notFound } from '../../lib/errors.ts';
import { firstFreeSlug, slugify } from '../../lib/slug.ts';
import { isModerator, type Viewer } from '../../lib/viewer.ts';
import { recordEvent } from '../audit/audit.service.ts';
import { indexWords } from '../search/search.service.ts';
import * as repo from './documents.collections.repo.ts';
import { canCreateCollection, canEditCollection } from './documents.policy.ts';
import { findDocumentById } from './documents.repo.ts';
import { DOCUMENTS_TOPIC } from './documents.service.ts';

export interface CollectionInput {
  title: string;
  description: string;
}

/** Paths under /guides/collections that are pages, not collections. */
const RESERVED_SLUGS = new Set(['nouvelle']);

export async function createCollection(deps: Deps, viewer: Viewer | null, input: CollectionInput): Promise<repo.CollectionRow> {
  if (!viewer || !canCreateCollection(viewer)) {
    throw forbidden('confirmed members only');
  }
  const row = await deps.db.transaction(async (tx) => {
    const created = await repo.insertCollection(tx, {
      ...input,
      slug: await firstFreeSlug(slugify(input.title, 70), (slug) => repo.slugTaken(tx, slug), RESERVED_SLUGS),
      createdBy: viewer.id,
    });
    await indexWords(tx, input.title, input.description);
    await recordEvent(tx, { actorId: viewer.id, action: 'collection.created', subjectType: 'collection', subjectId: created.id });
    return created;
  });
  await deps.changes.publish(DOCUMENTS_TOPIC);
  return row;
}

export async function getCollection(deps: Deps, slug: string) {
  const collection = await repo.findCollection(deps.db, slug);
  if (!collection) {
    throw notFound('collection');
  }
  return { collection, guides: await repo.guidesOf(deps.db, collection.id) };
}

export const listCollections = (deps: Deps) => repo.listCollections(deps.db);
export const collectionsOfDocument = (deps: Deps, documentId: string) => repo.collectionsOfDocument(deps.db, documentId);
export const editableCollections = (deps: Deps, viewer: Viewer) => repo.editableCollections(deps.db, viewer.id, isModerator(viewer));

/** Every change to a collection: checked against the policy, in one transaction with the row locked. */
async function curate(deps: Deps, viewer: Viewer | null, collectionId: string, change: (tx: DbOrTx) => Promise<void>) {
  await deps.db.transaction(async (tx) => {
    const collection = await repo.findCollectionById(tx, collectionId, { forUpdate: true });
    if (!collection) {
      throw notFound('collection');
    }
    if (!canEditCollection(viewer, collection)) {
      throw forbidden('not the curator');
    }
    await change(tx);
  });
  await deps.changes.publish(DOCUMENTS_TOPIC);
}

export const updateCollection = (deps: Deps, viewer: Viewer | null, id: string, input: CollectionInput) =>
  curate(deps, viewer, id, async (tx) => {
    await repo.updateCollection(tx, id, input);
    await indexWords(tx, input.title, input.description);
  });

/** Add a published guide to a collection (projects are not gathered in collections). */
export async function addGuide(deps: Deps, viewer: Viewer | null, collectionId: string, documentId: string): Promise<void> {
  const doc = await findDocumentById(deps.db, documentId);
  if (doc?.kind !== 'guide' || !doc.publishedAt || doc.deletedAt) {
    throw notFound('guide');
  }
  await curate(deps, viewer, collectionId, (tx) => repo.appendDocument(tx, collectionId, documentId));
}

export const removeGuide = (deps: Deps, viewer: Viewer | null, collectionId: string, documentId: string) =>
  curate(deps, viewer, collectionId, (tx) => repo.removeDocument(tx, collectionId, documentId));

export const moveGuide = (deps: Deps, viewer: Viewer | null, collectionId: string, documentId: string, direction: 'up' | 'down') =>
  curate(deps, viewer, collectionId, (tx) => repo.moveDocument(tx, collectionId, documentId, direction));
