import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { type DbOrTx, part, queryRows, readTogether, uuidList } from '../../db/client.ts';
import type { DocumentContent } from './documents.content.ts';
import {
  type DocumentKind,
  type DocumentLinkType,
  documentDrafts,
  documentFiles,
  documentLinks,
  documentMembers,
  documentRevisions,
  documents,
} from './documents.schema.ts';

/** A document as pages and services use it: not its search vectors, nor the plain text kept only for them. */
export type DocumentRow = Omit<typeof documents.$inferSelect, 'searchVector' | 'rankVector' | 'titleKey' | 'bodyText'>;

const columns = {
  id: documents.id,
  kind: documents.kind,
  slug: documents.slug,
  title: documents.title,
  summary: documents.summary,
  status: documents.status,
  licence: documents.licence,
  levels: documents.levels,
  disciplines: documents.disciplines,
  audiences: documents.audiences,
  regionCodes: documents.regionCodes,
  coverKey: documents.coverKey,
  content: documents.content,
  rendered: documents.rendered,
  revision: documents.revision,
  adaptedFromId: documents.adaptedFromId,
  createdBy: documents.createdBy,
  publishedAt: documents.publishedAt,
  deletedAt: documents.deletedAt,
  createdAt: documents.createdAt,
  updatedAt: documents.updatedAt,
};

export async function insertDocument(db: DbOrTx, values: typeof documents.$inferInsert): Promise<DocumentRow> {
  const [row] = await db.insert(documents).values(values).returning(columns);
  if (!row) {
    throw new Error('insert returned nothing');
  }
  return row;
}

export async function updateDocument(db: DbOrTx, id: string, values: Partial<typeof documents.$inferInsert>): Promise<void> {
  await db
    .update(documents)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(documents.id, id));
}

export interface TeamMember {
  userId: string;
  displayName: string;
  slug: string | null;
}

/**
 * A document with its team (names and profile addresses), in one round trip: what a page
 * view needs before it can decide who may see and edit it. (The outer table is named in full:
 * drizzle renders a column unqualified, which the sub-select would resolve to its own.)
 */
export async function findDocumentWithTeam(
  db: DbOrTx,
  kind: DocumentKind,
  slug: string,
): Promise<(DocumentRow & { team: TeamMember[] }) | undefined> {
  const [row] = await db
    .select({
      ...columns,
      team: sql<TeamMember[]>`coalesce((
        select json_agg(json_build_object('userId', m.user_id, 'displayName', u.display_name, 'slug', p.slug) order by m.added_at)
        from document_members m join users u on u.id = m.user_id left join profiles p on p.user_id = m.user_id
        where m.document_id = "documents"."id"), '[]'::json)`,
    })
    .from(documents)
    .where(and(eq(documents.kind, kind), eq(documents.slug, slug), isNull(documents.deletedAt)))
    .limit(1);
  return row;
}

/** The projects a member is in the team of (for forms that attach something to one of them). */
export async function listProjectsOfMember(db: DbOrTx, userId: string) {
  return queryRows<{ id: string; slug: string; title: string }>(
    db,
    sql`select d.id, d.slug, d.title from document_members m join documents d on d.id = m.document_id
        where m.user_id = ${userId} and d.kind = 'project' and d.deleted_at is null
        order by d.title collate "und-x-icu" limit 200`,
  );
}

/** A document by id; `forUpdate` locks its row until the transaction ends. */
export async function findDocumentById(db: DbOrTx, id: string, opts: { forUpdate?: boolean } = {}): Promise<DocumentRow | undefined> {
  const query = db.select(columns).from(documents).where(eq(documents.id, id)).limit(1);
  const [row] = await (opts.forUpdate ? query.for('update') : query);
  return row;
}

export async function slugTaken(db: DbOrTx, kind: DocumentKind, slug: string): Promise<boolean> {
  const [row] = await db
    .select({ id: documents.id })
    .from(documents)
    .where(and(eq(documents.kind, kind), eq(documents.slug, slug)))
    .limit(1);
  return !!row;
}

export async function insertRevision(db: DbOrTx, values: typeof documentRevisions.$inferInsert): Promise<void> {
  await db.insert(documentRevisions).values(values);
}

export interface RevisionSummary {
  number: number;
  authorId: string | null;
  authorName: string | null;
  authorSlug: string | null;
  summary: string;
  restoredFrom: number | null;
  createdAt: Date;
}

/** The history, newest first, with who wrote each revision ("ancien membre" once they left). */
export async function listRevisions(db: DbOrTx, documentId: string, limit = 500): Promise<RevisionSummary[]> {
  return queryRows<RevisionSummary>(
    db,
    sql`select r.number, r.author_id as "authorId", u.display_name as "authorName", p.slug as "authorSlug",
          r.summary, r.restored_from as "restoredFrom", r.created_at as "createdAt"
        from document_revisions r
        left join users u on u.id = r.author_id
        left join profiles p on p.user_id = r.author_id
        where r.document_id = ${documentId}
        order by r.number desc
        limit ${limit}`,
  );
}

export async function findRevision(
  db: DbOrTx,
  documentId: string,
  number: number,
): Promise<{ number: number; content: DocumentContent; createdAt: Date; authorId: string | null } | undefined> {
  const [row] = await db
    .select({
      number: documentRevisions.number,
      content: documentRevisions.content,
      createdAt: documentRevisions.createdAt,
      authorId: documentRevisions.authorId,
    })
    .from(documentRevisions)
    .where(and(eq(documentRevisions.documentId, documentId), eq(documentRevisions.number, number)))
    .limit(1);
  return row;
}

export interface Contributor {
  userId: string | null;
  displayName: string | null;
  slug: string | null;
  revisions: number;
  first: Date;
  last: Date;
}

/** Everyone who wrote a revision, first contributors first; departed members grouped as one. */
/** Who wrote the document's revisions, in the order they first did (parts: see readTogether). */
export const contributorsPart = (documentId: string) =>
  part<Contributor>(
    sql`select r.author_id as "userId", min(u.display_name) as "displayName", min(p.slug) as slug,
          count(*)::int as revisions, min(r.created_at) as first, max(r.created_at) as last
        from document_revisions r
        left join users u on u.id = r.author_id
        left join profiles p on p.user_id = r.author_id
        where r.document_id = ${documentId}
        group by r.author_id
        order by min(r.number)`,
    ['first', 'last'],
  );

export async function listContributors(db: DbOrTx, documentId: string): Promise<Contributor[]> {
  return queryRows<Contributor>(db, contributorsPart(documentId).query);
}

export async function listTeamIds(db: DbOrTx, documentId: string): Promise<string[]> {
  const rows = await db.select({ userId: documentMembers.userId }).from(documentMembers).where(eq(documentMembers.documentId, documentId));
  return rows.map((r) => r.userId);
}

export async function addTeamMember(db: DbOrTx, documentId: string, userId: string): Promise<void> {
  await db.insert(documentMembers).values({ documentId, userId }).onConflictDoNothing();
}

/** Replace what the document links to with the current revision's links. */
export async function replaceLinks(db: DbOrTx, documentId: string, links: Array<{ type: DocumentLinkType; id: string }>): Promise<void> {
  await db.delete(documentLinks).where(eq(documentLinks.documentId, documentId));
  if (links.length > 0) {
    await db
      .insert(documentLinks)
      .values(links.map((l) => ({ documentId, targetType: l.type, targetId: l.id })))
      .onConflictDoNothing();
  }
}

/** The ids among `ids` that exist in a table (places not deleted, communities, skills accepted, tools). */
export async function existingIds(db: DbOrTx, type: DocumentLinkType, ids: string[]): Promise<string[]> {
  if (ids.length === 0) {
    return [];
  }
  const list = uuidList(ids);
  const query =
    type === 'place'
      ? sql`select id from places where id in (${list}) and deleted_at is null`
      : type === 'community'
        ? sql`select id from communities where id in (${list})`
        : type === 'skill'
          ? sql`select id from skills where id in (${list}) and status = 'accepted'`
          : sql`select id from tools where id in (${list})`;
  const found = new Set((await queryRows<{ id: string }>(db, query)).map((r) => r.id));
  return ids.filter((id) => found.has(id));
}

export async function regionCodesOfPlaces(db: DbOrTx, placeIds: string[]): Promise<string[]> {
  if (placeIds.length === 0) {
    return [];
  }
  const rows = await queryRows<{ code: string }>(
    db,
    sql`select distinct region_code as code from places where id in (${uuidList(placeIds)}) and region_code is not null`,
  );
  return rows.map((r) => r.code);
}

/** Names and slugs of what a document links to, for its page. */
type LinkedItem = { id: string; slug: string; name: string };

/** What a document's content links to, four parts (places published and not deleted). */
export function linkedItemsParts(content: DocumentContent) {
  return {
    places: part<LinkedItem & { commune: string | null }>(
      sql`select id, slug, name, commune from places where id in (${uuidList(content.placeIds)}) and deleted_at is null and status = 'published'`,
    ),
    communities: part<LinkedItem>(sql`select id, slug, name from communities where id in (${uuidList(content.communityIds)})`),
    skills: part<LinkedItem>(sql`select id, slug, name from skills where id in (${uuidList(content.skillIds)})`),
    tools: part<LinkedItem>(sql`select id, slug, name from tools where id in (${uuidList(content.toolIds)})`),
  };
}

/** The linked items in the order the content lists them. */
export function linkedItemsInOrder(
  content: DocumentContent,
  rows: { places: Array<LinkedItem & { commune: string | null }>; communities: LinkedItem[]; skills: LinkedItem[]; tools: LinkedItem[] },
) {
  const inOrder = <T extends { id: string }>(found: T[], order: string[]) =>
    order.map((id) => found.find((r) => r.id === id)).filter((r): r is T => !!r);
  return {
    places: inOrder(rows.places, content.placeIds),
    communities: inOrder(rows.communities, content.communityIds),
    skills: inOrder(rows.skills, content.skillIds),
    tools: inOrder(rows.tools, content.toolIds),
  };
}

export async function linkedItems(db: DbOrTx, content: DocumentContent) {
  // One round trip for the four kinds of links (a page view pays per query, not per row).
  return linkedItemsInOrder(content, await readTogether(db, linkedItemsParts(content)));
}

export interface DocumentCard {
  id: string;
  kind: DocumentKind;
  slug: string;
  title: string;
  summary: string;
  status: string;
  licence: string;
  coverKey: string | null;
  levels: string[];
  updatedAt: Date;
}

const cardColumns = sql`d.id, d.kind, d.slug, d.title, d.summary, d.status, d.licence, d.cover_key as "coverKey", d.levels, d.updated_at as "updatedAt"`;

/** Adaptations of a document, and what it was adapted from: its lineage. */
export const adaptationsPart = (documentId: string) =>
  part<DocumentCard>(
    sql`select ${cardColumns} from documents d where d.adapted_from_id = ${documentId} and d.published_at is not null and d.deleted_at is null
        order by d.created_at`,
    ['updatedAt'],
  );

/** The published document this one was adapted from (none when it is unpublished or deleted). */
export const adaptedFromPart = (adaptedFromId: string | null) =>
  part<DocumentCard>(
    sql`select ${cardColumns} from documents d where d.id in (${uuidList(adaptedFromId ? [adaptedFromId] : [])})
        and d.published_at is not null and d.deleted_at is null`,
    ['updatedAt'],
  );

export async function listAdaptations(db: DbOrTx, documentId: string): Promise<DocumentCard[]> {
  return queryRows<DocumentCard>(db, adaptationsPart(documentId).query);
}

/** Published documents that link to a place, community, skill or tool (its "projects" list). */
export const linkedDocumentsPart = (type: DocumentLinkType, targetId: string, limit = 24) =>
  part<DocumentCard>(
    sql`select ${cardColumns} from document_links l join documents d on d.id = l.document_id
        where l.target_type = ${type} and l.target_id = ${targetId} and d.published_at is not null and d.deleted_at is null
        order by d.updated_at desc limit ${limit}`,
    ['updatedAt'],
  );

export async function listLinkedDocuments(db: DbOrTx, type: DocumentLinkType, targetId: string, limit = 24): Promise<DocumentCard[]> {
  return queryRows<DocumentCard>(db, linkedDocumentsPart(type, targetId, limit).query);
}

export async function saveDraft(
  db: DbOrTx,
  documentId: string,
  userId: string,
  baseRevision: number,
  content: DocumentContent,
): Promise<void> {
  await db
    .insert(documentDrafts)
    .values({ documentId, userId, baseRevision, content })
    .onConflictDoUpdate({
      target: [documentDrafts.documentId, documentDrafts.userId],
      set: { baseRevision, content, updatedAt: new Date() },
    });
}

export async function findDraft(db: DbOrTx, documentId: string, userId: string) {
  const [row] = await db
    .select({ baseRevision: documentDrafts.baseRevision, content: documentDrafts.content, updatedAt: documentDrafts.updatedAt })
    .from(documentDrafts)
    .where(and(eq(documentDrafts.documentId, documentId), eq(documentDrafts.userId, userId)))
    .limit(1);
  return row;
}

export async function deleteDraft(db: DbOrTx, documentId: string, userId: string): Promise<void> {
  await db.delete(documentDrafts).where(and(eq(documentDrafts.documentId, documentId), eq(documentDrafts.userId, userId)));
}

export async function insertFile(db: DbOrTx, values: typeof documentFiles.$inferInsert) {
  const [row] = await db.insert(documentFiles).values(values).returning();
  if (!row) {
    throw new Error('insert returned nothing');
  }
  return row;
}

export type DocumentFileRow = typeof documentFiles.$inferSelect;

export const filesPart = (documentId: string) =>
  part<DocumentFileRow>(
    sql`select id, document_id as "documentId", storage_key as "storageKey", name, media_type as "mediaType", bytes, width, height,
          uploaded_by as "uploadedBy", created_at as "createdAt"
        from document_files where document_id = ${documentId} order by created_at`,
    ['createdAt'],
  );

export async function listFiles(db: DbOrTx, documentId: string): Promise<DocumentFileRow[]> {
  return queryRows<DocumentFileRow>(db, filesPart(documentId).query);
}

export async function filesByKeys(db: DbOrTx, documentId: string, keys: string[]) {
  if (keys.length === 0) {
    return [];
  }
  return db
    .select()
    .from(documentFiles)
    .where(and(eq(documentFiles.documentId, documentId), inArray(documentFiles.storageKey, keys)));
}

export interface DocumentFilters {
  kind: DocumentKind;
  /** A to_tsquery text (typo-tolerant), or null for no words. */
  tsquery: string | null;
  level?: string;
  discipline?: string;
  status?: string;
  limit: number;
  offset: number;
}

/** Published documents matching the filters: ranked by relevance with words, newest first without. */
export async function findDocuments(db: DbOrTx, f: DocumentFilters): Promise<{ total: number; items: DocumentCard[] }> {
  const conditions = [sql`d.kind = ${f.kind}`, sql`d.published_at is not null`, sql`d.deleted_at is null`];
  if (f.tsquery) {
    conditions.push(sql`d.search_vector @@ to_tsquery('fr_unaccent', ${f.tsquery})`);
  }
  if (f.level) {
    conditions.push(sql`d.levels @> array[${f.level}]::text[]`);
  }
  if (f.discipline) {
    conditions.push(sql`d.disciplines @> array[${f.discipline}]::text[]`);
  }
  if (f.status) {
    conditions.push(sql`d.status = ${f.status}`);
  }
  const where = sql.join(conditions, sql` and `);
  const order = f.tsquery
    ? sql`ts_rank_cd(d.search_vector, to_tsquery('fr_unaccent', ${f.tsquery})) desc, d.id`
    : sql`d.published_at desc, d.id`;
  const [items, count] = await Promise.all([
    queryRows<DocumentCard>(
      db,
      sql`select ${cardColumns} from documents d where ${where} order by ${order} limit ${f.limit} offset ${f.offset}`,
    ),
    queryRows<{ n: number }>(db, sql`select count(*)::int as n from documents d where ${where}`),
  ]);
  return { total: count[0]?.n ?? 0, items };
}

/** What the form offers to link: the viewer's places and communities (plus those already linked). */
export async function linkChoices(db: DbOrTx, userId: string, linked: { placeIds: string[]; communityIds: string[] }) {
  const [places, communities, skills, tools] = await Promise.all([
    queryRows<{ id: string; name: string }>(
      db,
      sql`select id, name from places where deleted_at is null and status = 'published' and (
            id in (select place_id from place_managers where user_id = ${userId})
            or id in (select place_id from place_affiliations where user_id = ${userId})
            or id in (${uuidList(linked.placeIds)}))
          order by name limit 50`,
    ),
    queryRows<{ id: string; name: string }>(
      db,
      sql`select id, name from communities where id in (select community_id from community_members where user_id = ${userId} and status = 'active')
            or id in (${uuidList(linked.communityIds)}) order by name limit 50`,
    ),
    queryRows<{ id: string; name: string }>(db, sql`select id, name from skills where status = 'accepted' order by name`),
    queryRows<{ id: string; name: string }>(db, sql`select id, name from tools order by name`),
  ]);
  return { places, communities, skills, tools };
}

/** RGPD export: the documents one is in the team of, and every revision one wrote. */
export async function exportDocuments(db: DbOrTx, userId: string) {
  const [teams, revisions] = await Promise.all([
    queryRows<{ kind: string; slug: string; title: string }>(
      db,
      sql`select d.kind, d.slug, d.title from document_members m join documents d on d.id = m.document_id where m.user_id = ${userId}`,
    ),
    queryRows<{ document: string; number: number; summary: string; createdAt: Date }>(
      db,
      sql`select d.title as document, r.number, r.summary, r.created_at as "createdAt"
          from document_revisions r join documents d on d.id = r.document_id where r.author_id = ${userId} order by r.created_at`,
    ),
  ]);
  return { teams, revisions };
}

/**
 * On request at account deletion: the documents only this person ever wrote are deleted.
 * Documents others contributed to stay (a commons), their revisions credited to "ancien membre".
 */
export async function deleteSoleAuthoredDocuments(db: DbOrTx, userId: string): Promise<void> {
  await db.execute(sql`update documents d set deleted_at = now()
    where d.deleted_at is null and exists (select 1 from document_revisions r where r.document_id = d.id and r.author_id = ${userId})
      and not exists (select 1 from document_revisions r where r.document_id = d.id and r.author_id is distinct from ${userId})`);
}

/** How many documents of a kind are published. */
export const countPublished = async (db: DbOrTx, kind: 'project' | 'guide') =>
  (
    await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from documents where kind = ${kind} and published_at is not null and deleted_at is null`,
    )
  )[0]?.n ?? 0;

const PUBLISHED = sql`published_at is not null and deleted_at is null`;

/** The published documents' listing columns, a page at a time (the open dump). */
export async function* publishedDocumentPages(db: DbOrTx, size = 1000) {
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rows = await queryRows<
      Pick<
        DocumentRow,
        'id' | 'kind' | 'slug' | 'title' | 'summary' | 'licence' | 'levels' | 'disciplines' | 'audiences' | 'revision' | 'adaptedFromId'
      > & {
        publishedAt: Date;
        updatedAt: Date;
        /** The team as the page shows it: ids and shown names, in the order they joined (JSON). */
        team: string;
      }
    >(
      db,
      sql`select id, kind, slug, title, summary, licence, levels, disciplines, audiences, revision, adapted_from_id as "adaptedFromId",
            published_at as "publishedAt", updated_at as "updatedAt",
            (select coalesce(json_agg(json_build_object('id', u.id, 'nom', u.display_name) order by m.added_at), '[]')::text
               from document_members m join users u on u.id = m.user_id where m.document_id = documents.id) as team
          from documents where ${PUBLISHED} and id > ${after}::uuid order by id limit ${size}`,
    );
    yield* rows;
    if (rows.length < size) {
      return;
    }
    after = rows[rows.length - 1]?.id ?? after;
  }
}

/** Every revision of the published documents with its author's shown name, a page at a time. */
export async function* publishedRevisionPages(db: DbOrTx, size = 1000) {
  let after = { id: '00000000-0000-0000-0000-000000000000', number: 0 };
  for (;;) {
    const rows = await queryRows<{
      documentId: string;
      number: number;
      authorId: string | null;
      authorName: string | null;
      summary: string;
      restoredFrom: number | null;
      createdAt: Date;
      /** The JSON as the database writes it: parsed and written again, 100 MB would cost seconds. */
      content: string;
    }>(
      db,
      sql`select r.document_id as "documentId", r.number, r.author_id as "authorId", u.display_name as "authorName", r.summary,
            r.restored_from as "restoredFrom", r.created_at as "createdAt", r.content::text as content
          from document_revisions r
          join documents d on d.id = r.document_id and d.published_at is not null and d.deleted_at is null
          left join users u on u.id = r.author_id
          where (r.document_id, r.number) > (${after.id}::uuid, ${after.number}::int)
          order by r.document_id, r.number limit ${size}`,
    );
    yield* rows;
    const last = rows[rows.length - 1];
    if (!last || rows.length < size) {
      return;
    }
    after = { id: last.documentId, number: last.number };
  }
}

/** Whole published documents, a page at a time (Markdown of each, in the open dump). */
export async function* publishedDocumentRowPages(db: DbOrTx, size = 500): AsyncGenerator<DocumentRow[]> {
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rows = await db
      .select(columns)
      .from(documents)
      .where(and(sql`${documents.publishedAt} is not null`, isNull(documents.deletedAt), sql`${documents.id} > ${after}::uuid`))
      .orderBy(documents.id)
      .limit(size);
    if (rows.length > 0) {
      yield rows;
    }
    if (rows.length < size) {
      return;
    }
    after = rows[rows.length - 1]?.id ?? after;
  }
}

/** Contributors of several documents at once. */
export async function listContributorsOf(db: DbOrTx, ids: string[]): Promise<Map<string, Contributor[]>> {
  const rows = await queryRows<Contributor & { documentId: string }>(
    db,
    sql`select r.document_id as "documentId", r.author_id as "userId", min(u.display_name) as "displayName", min(p.slug) as slug,
          count(*)::int as revisions, min(r.created_at) as first, max(r.created_at) as last
        from document_revisions r
        left join users u on u.id = r.author_id
        left join profiles p on p.user_id = r.author_id
        where r.document_id in (${uuidList(ids)})
        group by r.document_id, r.author_id
        order by r.document_id, min(r.number)`,
  );
  const out = new Map<string, Contributor[]>();
  for (const { documentId, ...c } of rows) {
    out.set(documentId, [...(out.get(documentId) ?? []), c]);
  }
  return out;
}

export async function listDocumentTombstones(db: DbOrTx) {
  return queryRows<{ id: string; kind: string; slug: string; deletedAt: Date }>(
    db,
    sql`select id, kind, slug, deleted_at as "deletedAt" from documents where deleted_at is not null order by deleted_at`,
  );
}

/** Published documents of a kind for sitemap.xml: how many, then a slice in a stable order. */
export async function sitemapCount(db: DbOrTx, kind: 'project' | 'guide'): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from documents where kind = ${kind} and published_at is not null and deleted_at is null`,
  );
  return Number(row?.n ?? 0);
}

export async function sitemapSlugs(db: DbOrTx, kind: 'project' | 'guide', offset: number, limit: number) {
  return queryRows<{ slug: string; lastmod: Date }>(
    db,
    sql`select slug, updated_at as lastmod from documents where kind = ${kind} and published_at is not null and deleted_at is null
        order by id offset ${offset} limit ${limit}`,
  );
}

/** Set when a document last changed (a restored one keeps its original date). */
export async function setUpdatedAt(db: DbOrTx, id: string, at: Date): Promise<void> {
  await db.update(documents).set({ updatedAt: at }).where(eq(documents.id, id));
}
