import { type SQL, sql } from 'drizzle-orm';
import { check, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { idColumn, tsvector } from '../../db/columns.ts';
import { users } from '../accounts/accounts.schema.ts';
import { communities } from '../communities/communities.schema.ts';
import { places } from '../places/places.schema.ts';

export const PUBLICATION_STATUSES = ['published', 'hidden'] as const;
export type PublicationStatus = (typeof PUBLICATION_STATUSES)[number];

/**
 * A news article, by a member in their own name or in the name of a place (its team) or a
 * community (its referents): Markdown, a cover, tags. Published at once; a moderator may hide it
 * with a note its authors read. A community's latest publications are these.
 */
export const publications = pgTable(
  'publications',
  {
    id: idColumn(),
    slug: text('slug').notNull(),
    title: text('title').notNull(),
    summary: text('summary').notNull().default(''),
    bodyMd: text('body_md').notNull(),
    bodyHtml: text('body_html').notNull(),
    coverKey: text('cover_key'),
    coverAlt: text('cover_alt'),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
    placeId: uuid('place_id').references(() => places.id, { onDelete: 'cascade' }),
    communityId: uuid('community_id').references(() => communities.id, { onDelete: 'cascade' }),
    status: text('status', { enum: PUBLICATION_STATUSES }).notNull().default('published'),
    moderationNote: text('moderation_note'),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    searchVector: tsvector('search_vector').generatedAlwaysAs(
      (): SQL => sql`setweight(to_tsvector('fr_unaccent', ${publications.title}), 'A')
        || setweight(to_tsvector('fr_unaccent', ${publications.summary}), 'B')
        || setweight(to_tsvector('fr_unaccent', ${publications.bodyMd}), 'C')`,
    ),
  },
  (t) => [
    uniqueIndex('publications_slug_key').on(t.slug),
    index('publications_published_idx').on(t.status, t.publishedAt),
    index('publications_community_idx').on(t.communityId, t.publishedAt),
    index('publications_place_idx').on(t.placeId, t.publishedAt),
    index('publications_tags_idx').using('gin', t.tags),
    index('publications_search_idx').using('gin', t.searchVector),
    check('publications_one_publisher', sql`${t.placeId} is null or ${t.communityId} is null`),
  ],
);
