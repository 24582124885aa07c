import { type SQL, sql } from 'drizzle-orm';
import {
  check,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { idColumn, timestamps, tsvector } from '../../db/columns.ts';
import { users } from '../accounts/accounts.schema.ts';
import type { OpeningHours } from './opening-hours.ts';

export const PLACE_STATUSES = ['pending', 'published', 'rejected'] as const;
export type PlaceStatus = (typeof PLACE_STATUSES)[number];

export const places = pgTable(
  'places',
  {
    id: idColumn(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    kinds: text('kinds').array().notNull().default(sql`'{}'::text[]`),
    descriptionMd: text('description_md').notNull().default(''),
    /** Sanitised HTML rendered from descriptionMd at write time. */
    descriptionHtml: text('description_html').notNull().default(''),
    /** Plain-text opening of the description, for lists and meta tags. */
    excerpt: text('excerpt').notNull().default(''),
    address: text('address'),
    postcode: text('postcode'),
    commune: text('commune'),
    inseeCode: text('insee_code'),
    departmentCode: text('department_code'),
    regionCode: text('region_code'),
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    openingHours: jsonb('opening_hours').$type<OpeningHours>(),
    equipment: text('equipment').array().notNull().default(sql`'{}'::text[]`),
    services: text('services').array().notNull().default(sql`'{}'::text[]`),
    audiences: text('audiences').array().notNull().default(sql`'{}'::text[]`),
    accessibility: text('accessibility').array().notNull().default(sql`'{}'::text[]`),
    website: text('website'),
    /** SIRET, SIREN or RNA of the organisation running the place (the national schema's `pivot`). */
    pivot: text('pivot'),
    charterText: text('charter_text').notNull().default(''),
    charterSignedOn: date('charter_signed_on'),
    status: text('status', { enum: PLACE_STATUSES }).notNull().default('pending'),
    moderationNote: text('moderation_note'),
    /** Labels of kinds, equipment, services, territory: searchable words computed on write. */
    searchKeywords: text('search_keywords').notNull().default(''),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    /** Soft delete: kept as a tombstone for open-data consumers. */
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
    ...timestamps(),
    searchVector: tsvector('search_vector').generatedAlwaysAs(
      (): SQL => sql`setweight(to_tsvector('fr_unaccent', coalesce(${places.name}, '')), 'A')
        || setweight(to_tsvector('fr_unaccent', coalesce(${places.commune}, '') || ' ' || ${places.searchKeywords}), 'B')
        || setweight(to_tsvector('fr_unaccent', ${places.descriptionMd}), 'C')`,
    ),
  },
  (t) => [
    uniqueIndex('places_slug_key').on(t.slug),
    index('places_status_idx').on(t.status),
    index('places_region_idx').on(t.regionCode),
    index('places_department_idx').on(t.departmentCode),
    index('places_search_idx').using('gin', t.searchVector),
    index('places_kinds_idx').using('gin', t.kinds),
    // The published places' ids by region (a few pages, read without the wide rows): the set
    // that public roll-ups (impact's dashboards of the network and of a region) count over.
    index('places_published_region_idx').on(t.regionCode, t.id).where(sql`${t.status} = 'published' and ${t.deletedAt} is null`),
    // Places around a commune (search, maps): a box on the coordinates, then the distance.
    index('places_location_idx').on(t.latitude, t.longitude),
    check('places_latitude_check', sql`${t.latitude} between -90 and 90`),
    check('places_longitude_check', sql`${t.longitude} between -180 and 180`),
  ],
);

/** The team: members who manage a place. */
export const placeManagers = pgTable(
  'place_managers',
  {
    placeId: uuid('place_id')
      .notNull()
      .references(() => places.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    addedAt: timestamp('added_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.placeId, t.userId] }), index('place_managers_user_idx').on(t.userId)],
);

export const placePhotos = pgTable(
  'place_photos',
  {
    id: idColumn(),
    placeId: uuid('place_id')
      .notNull()
      .references(() => places.id, { onDelete: 'cascade' }),
    /** Random file name under DATA_DIR/uploads; never derived from what was uploaded. */
    storageKey: text('storage_key').notNull(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    altText: text('alt_text').notNull().default(''),
    position: integer('position').notNull().default(0),
    uploadedBy: uuid('uploaded_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('place_photos_place_idx').on(t.placeId)],
);

/**
 * Messages sent through a place's public contact form. The sender's address is kept only to
 * deliver the team's reply; it is never shown, not even to the team.
 */
export const placeMessages = pgTable(
  'place_messages',
  {
    id: idColumn(),
    placeId: uuid('place_id')
      .notNull()
      .references(() => places.id, { onDelete: 'cascade' }),
    senderName: text('sender_name').notNull(),
    senderEmail: text('sender_email').notNull(),
    body: text('body').notNull(),
    repliedAt: timestamp('replied_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('place_messages_place_idx').on(t.placeId, t.createdAt)],
);
