import { type SQL, sql } from 'drizzle-orm';
import { date, index, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { idColumn, tsvector } from '../../db/columns.ts';
import { users } from '../accounts/accounts.schema.ts';
import { places } from '../places/places.schema.ts';

export const SCALES = ['france', 'region', 'departement', 'local'] as const;
export const JOIN_POLICIES = ['open', 'request'] as const;

/** A community (group) with exactly the fields of the network's public community page. */
export const communities = pgTable(
  'communities',
  {
    id: idColumn(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    publishedOn: date('published_on').notNull(),
    scale: text('scale', { enum: SCALES }).notNull(),
    /** Region or department code when the scale is regional or departmental; commune for local. */
    scaleCode: text('scale_code'),
    oneLiner: text('one_liner').notNull(),
    objectivesMd: text('objectives_md').notNull().default(''),
    objectivesHtml: text('objectives_html').notNull().default(''),
    activitiesMd: text('activities_md').notNull().default(''),
    activitiesHtml: text('activities_html').notNull().default(''),
    expertises: text('expertises').array().notNull().default(sql`'{}'::text[]`),
    domains: text('domains').array().notNull().default(sql`'{}'::text[]`),
    links: jsonb('links').$type<Array<{ label: string; url: string }>>().notNull().default([]),
    joinPolicy: text('join_policy', { enum: JOIN_POLICIES }).notNull().default('open'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    searchVector: tsvector('search_vector').generatedAlwaysAs(
      (): SQL => sql`setweight(to_tsvector('fr_unaccent', ${communities.name}), 'A')
        || setweight(to_tsvector('fr_unaccent', ${communities.oneLiner}), 'B')
        || setweight(to_tsvector('fr_unaccent', ${communities.objectivesMd} || ' ' || ${communities.activitiesMd}), 'C')`,
    ),
  },
  (t) => [uniqueIndex('communities_slug_key').on(t.slug), index('communities_search_idx').using('gin', t.searchVector)],
);

export const COMMUNITY_ROLES = ['member', 'referent'] as const;
export const MEMBERSHIP_STATUSES = ['active', 'pending'] as const;

export const communityMembers = pgTable(
  'community_members',
  {
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role', { enum: COMMUNITY_ROLES }).notNull().default('member'),
    status: text('status', { enum: MEMBERSHIP_STATUSES }).notNull().default('active'),
    joinedAt: timestamp('joined_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.communityId, t.userId] }), index('community_members_user_idx').on(t.userId)],
);

export const communityPlaces = pgTable(
  'community_places',
  {
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    placeId: uuid('place_id')
      .notNull()
      .references(() => places.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.communityId, t.placeId] })],
);
