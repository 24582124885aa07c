import { type SQL, sql } from 'drizzle-orm';
import { doublePrecision, index, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { tsvector } from '../../db/columns.ts';
import { users } from '../accounts/accounts.schema.ts';
import { places } from '../places/places.schema.ts';

export const VISIBILITIES = ['public', 'members', 'private'] as const;
export type Visibility = (typeof VISIBILITIES)[number];
/** Profile fields that each carry a visibility (the display name is always shown). */
export const PROFILE_FIELDS = ['bio', 'photo', 'roles', 'territory', 'places', 'skills', 'openTo', 'links'] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];
export type Visibilities = Record<ProfileField, Visibility>;

export const DIGESTS = ['none', 'daily', 'weekly'] as const;

/**
 * A member's public profile. Location is a commune at most (never an address); its centre
 * (lat/lng) is kept for distances and never shown.
 */
export const profiles = pgTable(
  'profiles',
  {
    userId: uuid('user_id')
      .primaryKey()
      .references(() => users.id, { onDelete: 'cascade' }),
    slug: text('slug').notNull(),
    bio: text('bio').notNull().default(''),
    photoKey: text('photo_key'),
    networkRoles: text('network_roles').array().notNull().default(sql`'{}'::text[]`),
    teachingDiscipline: text('teaching_discipline'),
    teachingLevel: text('teaching_level'),
    communeInsee: text('commune_insee'),
    communeName: text('commune_name'),
    departmentCode: text('department_code'),
    regionCode: text('region_code'),
    academie: text('academie'),
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    openTo: text('open_to').array().notNull().default(sql`'{}'::text[]`),
    links: jsonb('links').$type<Array<{ label: string; url: string }>>().notNull().default([]),
    visibility: jsonb('visibility').$type<Visibilities>().notNull(),
    digest: text('digest', { enum: DIGESTS }).notNull().default('weekly'),
    /** Random, for the unsubscribe link in e-mails (works without signing in). */
    unsubscribeToken: text('unsubscribe_token').notNull(),
    lastDigestAt: timestamp('last_digest_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('profiles_slug_key').on(t.slug),
    uniqueIndex('profiles_unsubscribe_key').on(t.unsubscribeToken),
    index('profiles_region_idx').on(t.regionCode),
    // Who is within reach of a point (bounding box first), read from the index alone.
    index('profiles_location_idx').on(t.latitude, t.longitude, t.userId),
  ],
);

/**
 * What the directory searches: text made only of the fields visible at each level, rebuilt
 * whenever a profile or its skills change (a visitor's search never matches a hidden field).
 */
export const profileSearch = pgTable(
  'profile_search',
  {
    userId: uuid('user_id')
      .primaryKey()
      .references(() => users.id, { onDelete: 'cascade' }),
    publicText: text('public_text').notNull(),
    membersText: text('members_text').notNull(),
    // Stored vectors: matching a row costs no parsing, and the planner has statistics on them.
    publicTsv: tsvector('public_tsv').generatedAlwaysAs((): SQL => sql`to_tsvector('fr_unaccent', ${profileSearch.publicText})`),
    membersTsv: tsvector('members_tsv').generatedAlwaysAs((): SQL => sql`to_tsvector('fr_unaccent', ${profileSearch.membersText})`),
    /** The display name, lower-case and unaccented: the directory's order, read from an index. */
    sortName: text('sort_name').notNull().default(''),
  },
  (t) => [
    index('profile_search_public_tsv_idx').using('gin', t.publicTsv),
    index('profile_search_members_tsv_idx').using('gin', t.membersTsv),
    index('profile_search_sort_idx').on(t.sortName, t.userId),
  ],
);

/** "I take part in this place", with the role one has there (the team manages the page). */
export const placeAffiliations = pgTable(
  'place_affiliations',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    placeId: uuid('place_id')
      .notNull()
      .references(() => places.id, { onDelete: 'cascade' }),
    role: text('role').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.placeId] }), index('place_affiliations_place_idx').on(t.placeId)],
);
