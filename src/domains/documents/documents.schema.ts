import { type SQL, sql } from 'drizzle-orm';
import { type AnyPgColumn, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { idColumn, timestamps, tsvector } from '../../db/columns.ts';
import { users } from '../accounts/accounts.schema.ts';
import type { DocumentContent, RenderedContent } from './documents.content.ts';

/** Projects and guides share one machinery: a body in sections and steps, revisions, licence. */
export const DOCUMENT_KINDS = ['project', 'guide'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/**
 * The current state of a project or guide. Everything a person edits lives in the revisions'
 * `content`; the columns here are the latest revision's, copied on save so that lists, facets
 * and search read one row.
 */
export const documents = pgTable(
  'documents',
  {
    id: idColumn(),
    kind: text('kind', { enum: DOCUMENT_KINDS }).notNull(),
    slug: text('slug').notNull(),
    title: text('title').notNull(),
    summary: text('summary').notNull().default(''),
    status: text('status').notNull(),
    licence: text('licence').notNull(),
    levels: text('levels').array().notNull().default(sql`'{}'::text[]`),
    disciplines: text('disciplines').array().notNull().default(sql`'{}'::text[]`),
    audiences: text('audiences').array().notNull().default(sql`'{}'::text[]`),
    /** Region codes of the places involved: the search facet. */
    regionCodes: text('region_codes').array().notNull().default(sql`'{}'::text[]`),
    coverKey: text('cover_key'),
    /** The latest revision, whole, and its Markdown rendered to sanitised HTML. */
    content: jsonb('content').$type<DocumentContent>().notNull(),
    rendered: jsonb('rendered').$type<RenderedContent>().notNull(),
    /** Plain text of the body (sections and steps): the weakest weight in search. */
    bodyText: text('body_text').notNull().default(''),
    revision: integer('revision').notNull().default(1),
    /** A project adapted from another one ("je l'adapte chez moi"). */
    adaptedFromId: uuid('adapted_from_id').references((): AnyPgColumn => documents.id, { onDelete: 'set null' }),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    /** Null while a draft: only its team sees it. */
    publishedAt: timestamp('published_at', { withTimezone: true }),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
    ...timestamps(),
    searchVector: tsvector('search_vector').generatedAlwaysAs(
      (): SQL => sql`setweight(to_tsvector('fr_unaccent', ${documents.title}), 'A')
        || setweight(to_tsvector('fr_unaccent', ${documents.summary}), 'B')
        || setweight(to_tsvector('fr_unaccent', left(${documents.bodyText}, 200000)), 'C')`,
    ),
    /**
     * Title and summary only: what search results are ranked by. Ranking on the whole text read
     * every matching document's large vector (half a second for a word all 20,000 projects use).
     */
    rankVector: tsvector('rank_vector').generatedAlwaysAs(
      (): SQL => sql`setweight(to_tsvector('fr_unaccent', ${documents.title}), 'A')
        || setweight(to_tsvector('fr_unaccent', ${documents.summary}), 'B')`,
    ),
    /**
     * The title as search compares it with what was typed (normalisedText), computed at save
     * time: search ranks hundreds of candidates per query, and the expression cost each one a
     * regular expression and an unaccent.
     */
    titleKey: text('title_key').generatedAlwaysAs(
      (): SQL => sql`trim(regexp_replace(tisserin_unaccent(lower(${documents.title})), '[^a-z0-9]+', ' ', 'g'))`,
    ),
  },
  (t) => [
    uniqueIndex('documents_slug_key').on(t.kind, t.slug),
    index('documents_search_idx').using('gin', t.searchVector),
    index('documents_rank_idx').using('gin', t.rankVector),
    // An exact title is found at once.
    index('documents_title_key_idx').on(t.titleKey),
    index('documents_listing_idx').on(t.kind, t.publishedAt),
    // Counting what is published of a kind (the network's statistics) reads this small index alone.
    index('documents_published_kind_idx').on(t.kind).where(sql`${t.publishedAt} is not null and ${t.deletedAt} is null`),
    index('documents_adapted_from_idx').on(t.adaptedFromId),
    index('documents_levels_idx').using('gin', t.levels),
    index('documents_disciplines_idx').using('gin', t.disciplines),
    // Search by a region alone ("projets en Bretagne") reads the documents of that region.
    index('documents_regions_idx').using('gin', t.regionCodes),
  ],
);

/** Every save: the whole content, who, when, why. Never updated, never deleted with an author. */
export const documentRevisions = pgTable(
  'document_revisions',
  {
    id: idColumn(),
    documentId: uuid('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    number: integer('number').notNull(),
    authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
    summary: text('summary').notNull().default(''),
    content: jsonb('content').$type<DocumentContent>().notNull(),
    /** When this revision brought back an older one. */
    restoredFrom: integer('restored_from'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('document_revisions_number_key').on(t.documentId, t.number), index('document_revisions_author_idx').on(t.authorId)],
);

/** The team: members who may edit (besides moderators) and are shown as involved. */
export const documentMembers = pgTable(
  'document_members',
  {
    documentId: uuid('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    addedAt: timestamp('added_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.documentId, t.userId] }), index('document_members_user_idx').on(t.userId)],
);

export const LINK_TYPES = ['place', 'community', 'skill', 'tool'] as const;
export type DocumentLinkType = (typeof LINK_TYPES)[number];

/** What the current revision links to (places, communities, skills, tools), for the other side's pages. */
export const documentLinks = pgTable(
  'document_links',
  {
    documentId: uuid('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    targetType: text('target_type', { enum: LINK_TYPES }).notNull(),
    targetId: uuid('target_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.documentId, t.targetType, t.targetId] }),
    // With the document's id in the index, "what links to this skill" is read from the index
    // alone (3,000 projects may link to robotics: no visit of the table for each).
    index('document_links_target_doc_idx').on(t.targetType, t.targetId, t.documentId),
  ],
);

/** Images and files attached to a document (stored under random keys, checked by content). */
export const documentFiles = pgTable(
  'document_files',
  {
    id: idColumn(),
    documentId: uuid('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    storageKey: text('storage_key').notNull(),
    /** The uploaded name, cleaned, shown as the link text; never used as a path. */
    name: text('name').notNull(),
    mediaType: text('media_type').notNull(),
    bytes: integer('bytes').notNull(),
    width: integer('width'),
    height: integer('height'),
    uploadedBy: uuid('uploaded_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('document_files_document_idx').on(t.documentId), uniqueIndex('document_files_key').on(t.storageKey)],
);

/**
 * What a person typed but could not save yet (a conflicting edit, an interrupted session):
 * one per person and document, kept until they save or discard it.
 */
export const documentDrafts = pgTable(
  'document_drafts',
  {
    documentId: uuid('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    baseRevision: integer('base_revision').notNull(),
    content: jsonb('content').$type<DocumentContent>().notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.documentId, t.userId] })],
);

export const COMMENT_STATUSES = ['visible', 'hidden'] as const;

/**
 * Comments under a project or guide, in threads of one level (a reply answers a top-level
 * comment). A comment outlives its author's account ("ancien membre") unless they ask for
 * their contributions to go; moderators hide rather than delete, so a decision can be undone.
 */
export const documentComments = pgTable(
  'document_comments',
  {
    id: idColumn(),
    documentId: uuid('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    parentId: uuid('parent_id').references((): AnyPgColumn => documentComments.id, { onDelete: 'cascade' }),
    authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
    body: text('body').notNull(),
    status: text('status', { enum: COMMENT_STATUSES }).notNull().default('visible'),
    /** Why a moderator hid it (shown to its author) — or "signalements" when reports hid it. */
    hiddenReason: text('hidden_reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('document_comments_document_idx').on(t.documentId, t.createdAt), index('document_comments_author_idx').on(t.authorId)],
);

export const REPORT_REASONS = ['spam', 'offensive', 'personal-data', 'off-topic', 'other'] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];

/** "Signaler": one report per person and comment, open until a moderator decides. */
export const commentReports = pgTable(
  'comment_reports',
  {
    commentId: uuid('comment_id')
      .notNull()
      .references(() => documentComments.id, { onDelete: 'cascade' }),
    reporterId: uuid('reporter_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    reason: text('reason', { enum: REPORT_REASONS }).notNull(),
    note: text('note').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.commentId, t.reporterId] }), index('comment_reports_open_idx').on(t.resolvedAt)],
);

/** Guides grouped by theme ("Démarrer un fablab scolaire"), in an order the curator chooses. */
export const collections = pgTable(
  'collections',
  {
    id: idColumn(),
    slug: text('slug').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    ...timestamps(),
  },
  (t) => [uniqueIndex('collections_slug_key').on(t.slug)],
);

export const collectionDocuments = pgTable(
  'collection_documents',
  {
    collectionId: uuid('collection_id')
      .notNull()
      .references(() => collections.id, { onDelete: 'cascade' }),
    documentId: uuid('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
  },
  (t) => [primaryKey({ columns: [t.collectionId, t.documentId] }), index('collection_documents_document_idx').on(t.documentId)],
);
