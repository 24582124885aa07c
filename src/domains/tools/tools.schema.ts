import { type SQL, sql } from 'drizzle-orm';
import { index, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { idColumn, timestamps, tsvector } from '../../db/columns.ts';
import { users } from '../accounts/accounts.schema.ts';
import { places } from '../places/places.schema.ts';

export const TOOL_KINDS = ['logiciel', 'materiel', 'methode'] as const;

/** The catalogue of free tools (software, open hardware, methods) the network uses. */
export const tools = pgTable(
  'tools',
  {
    id: idColumn(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    kind: text('kind', { enum: TOOL_KINDS }).notNull(),
    /** SPDX identifier (GPL-3.0-or-later, CERN-OHL-S-2.0, CC-BY-SA-4.0…). */
    licence: text('licence').notNull(),
    website: text('website'),
    repository: text('repository'),
    descriptionMd: text('description_md').notNull().default(''),
    descriptionHtml: text('description_html').notNull().default(''),
    platforms: text('platforms').array().notNull().default(sql`'{}'::text[]`),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    ...timestamps(),
    searchVector: tsvector('search_vector').generatedAlwaysAs(
      (): SQL => sql`setweight(to_tsvector('fr_unaccent', ${tools.name}), 'A')
        || setweight(to_tsvector('fr_unaccent', ${tools.descriptionMd}), 'C')`,
    ),
  },
  (t) => [uniqueIndex('tools_slug_key').on(t.slug), index('tools_search_idx').using('gin', t.searchVector)],
);

/** Places that use a tool (both pages show it). */
export const placeTools = pgTable(
  'place_tools',
  {
    placeId: uuid('place_id')
      .notNull()
      .references(() => places.id, { onDelete: 'cascade' }),
    toolId: uuid('tool_id')
      .notNull()
      .references(() => tools.id, { onDelete: 'cascade' }),
    addedAt: timestamp('added_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.placeId, t.toolId] }), index('place_tools_tool_idx').on(t.toolId)],
);

/**
 * Members' short experience notes ("retour d'usage"). A note outlives its author's account
 * (shown as "ancien membre") unless they ask for their contributions to go too.
 */
export const toolNotes = pgTable(
  'tool_notes',
  {
    id: idColumn(),
    toolId: uuid('tool_id')
      .notNull()
      .references(() => tools.id, { onDelete: 'cascade' }),
    authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
    body: text('body').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('tool_notes_tool_idx').on(t.toolId, t.createdAt)],
);
