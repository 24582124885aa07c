import { type SQL, sql } from 'drizzle-orm';
import { index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { idColumn, timestamps, tsvector } from '../../db/columns.ts';
import { users } from '../accounts/accounts.schema.ts';

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
