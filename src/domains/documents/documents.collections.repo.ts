import { and, eq, sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../../db/client.ts';
import type { DocumentCard } from './documents.repo.ts';
import { collectionDocuments, collections } from './documents.schema.ts';

export type CollectionRow = typeof collections.$inferSelect;

export async function insertCollection(db: DbOrTx, values: typeof collections.$inferInsert): Promise<CollectionRow> {
  const [row] = await db.insert(collections).values(values).returning();
  if (!row) {
    throw new Error('collection not inserted');
  }
  return row;
}

export async function updateCollection(db: DbOrTx, id: string, values: { title: string; description: string }): Promise<void> {
  await db
    .update(collections)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(collections.id, id));
}

export async function findCollection(db: DbOrTx, slug: string): Promise<CollectionRow | undefined> {
  const [row] = await db.select().from(collections).where(eq(collections.slug, slug)).limit(1);
  return row;
}

export async function findCollectionById(db: DbOrTx, id: string, opts: { forUpdate?: boolean } = {}): Promise<CollectionRow | undefined> {
  const query = db.select().from(collections).where(eq(collections.id, id)).limit(1);
  const [row] = opts.forUpdate ? await query.for('update') : await query;
  return row;
}

export async function slugTaken(db: DbOrTx, slug: string): Promise<boolean> {
  const rows = await queryRows(db, sql`select 1 from collections where slug = ${slug}`);
  return rows.length > 0;
}

/** Every collection with how many published guides it holds. */
export async function listCollections(db: DbOrTx) {
  return queryRows<{ slug: string; title: string; description: string; guides: number }>(
    db,
    sql`select c.slug, c.title, c.description,
          (select count(*)::int from collection_documents cd join documents d on d.id = cd.document_id
            where cd.collection_id = c.id and d.published_at is not null and d.deleted_at is null) as guides
        from collections c order by lower(c.title)`,
  );
}

/** The guides of a collection in its order (published ones only: a draft shows to no reader). */
export async function guidesOf(db: DbOrTx, collectionId: string): Promise<Array<DocumentCard & { position: number }>> {
  return queryRows(
    db,
    sql`select d.id, d.kind, d.slug, d.title, d.summary, d.status, d.licence, d.cover_key as "coverKey", d.levels,
               d.updated_at as "updatedAt", cd.position
        from collection_documents cd join documents d on d.id = cd.document_id
        where cd.collection_id = ${collectionId} and d.published_at is not null and d.deleted_at is null
        order by cd.position`,
  );
}

/** Collections a guide belongs to (shown on the guide's page). */
export async function collectionsOfDocument(db: DbOrTx, documentId: string) {
  return queryRows<{ id: string; slug: string; title: string }>(
    db,
    sql`select c.id, c.slug, c.title from collection_documents cd join collections c on c.id = cd.collection_id
        where cd.document_id = ${documentId} order by lower(c.title)`,
  );
}

/** Append a guide at the end (nothing happens if it is already there). */
export async function appendDocument(db: DbOrTx, collectionId: string, documentId: string): Promise<void> {
  await db.execute(
    sql`insert into collection_documents (collection_id, document_id, position)
        select ${collectionId}, ${documentId}, coalesce(max(position), 0) + 1 from collection_documents where collection_id = ${collectionId}
        on conflict do nothing`,
  );
}

export async function removeDocument(db: DbOrTx, collectionId: string, documentId: string): Promise<void> {
  await db
    .delete(collectionDocuments)
    .where(and(eq(collectionDocuments.collectionId, collectionId), eq(collectionDocuments.documentId, documentId)));
}

/** Swap a guide with its neighbour (up: the previous one; down: the next one). */
export async function moveDocument(db: DbOrTx, collectionId: string, documentId: string, direction: 'up' | 'down'): Promise<void> {
  const rows = await queryRows<{ documentId: string; position: number }>(
    db,
    sql`select document_id as "documentId", position from collection_documents where collection_id = ${collectionId} order by position`,
  );
  const i = rows.findIndex((r) => r.documentId === documentId);
  const j = direction === 'up' ? i - 1 : i + 1;
  const a = rows[i];
  const b = rows[j];
  if (!a || !b) {
    return;
  }
  const set = (id: string, position: number) =>
    db
      .update(collectionDocuments)
      .set({ position })
      .where(and(eq(collectionDocuments.collectionId, collectionId), eq(collectionDocuments.documentId, id)));
  await set(a.documentId, b.position);
  await set(b.documentId, a.position);
}

/** Collections one may add a guide to: one's own, or every one for moderators. */
export async function editableCollections(db: DbOrTx, userId: string, all: boolean) {
  return queryRows<{ id: string; title: string }>(
    db,
    sql`select id, title from collections ${all ? sql`` : sql`where created_by = ${userId}`} order by lower(title) limit 200`,
  );
}
