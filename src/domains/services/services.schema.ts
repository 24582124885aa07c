import { type SQL, sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { idColumn, timestamps, tsvector } from '../../db/columns.ts';
import { users } from '../accounts/accounts.schema.ts';
import { communities } from '../communities/communities.schema.ts';
import { places } from '../places/places.schema.ts';

export const SERVICE_KINDS = [
  'formation',
  'accompagnement',
  'visite',
  'pret-materiel',
  'residence',
  'conseil',
  'usage-machines',
  'autre',
] as const;
export type ServiceKind = (typeof SERVICE_KINDS)[number];

/** Moderation, as for places: published, or hidden by a moderator (with a reason its team reads). */
export const OFFER_STATUSES = ['published', 'hidden'] as const;
export type OfferStatus = (typeof OFFER_STATUSES)[number];

/** What a request goes through; "réalisée" and "refusée" are final. */
export const REQUEST_STATUSES = ['received', 'in_progress', 'done', 'refused'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/**
 * What a place, a community or the network offers: a training, machine use, a loan… Offered by
 * a place (its team answers), a community (its referents) or the network (its moderators).
 */
export const serviceOffers = pgTable(
  'service_offers',
  {
    id: idColumn(),
    slug: text('slug').notNull(),
    title: text('title').notNull(),
    kind: text('kind', { enum: SERVICE_KINDS }).notNull(),
    descriptionMd: text('description_md').notNull(),
    descriptionHtml: text('description_html').notNull(),
    placeId: uuid('place_id').references(() => places.id, { onDelete: 'cascade' }),
    communityId: uuid('community_id').references(() => communities.id, { onDelete: 'cascade' }),
    audiences: text('audiences').array().notNull().default(sql`'{}'::text[]`),
    conditions: text('conditions'),
    free: boolean('free').notNull().default(true),
    price: text('price'),
    /** How long it takes, as people say it ("2 heures", "une demi-journée"). */
    duration: text('duration'),
    /** Who answers, as the team wants it shown ("Léa, fabmanageuse"): never an address. */
    contactName: text('contact_name'),
    /** Copied from the place for the facets. */
    departmentCode: text('department_code'),
    regionCode: text('region_code'),
    status: text('status', { enum: OFFER_STATUSES }).notNull().default('published'),
    moderationNote: text('moderation_note'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    /** Withdrawn by its team: kept for the requests that name it. */
    closedAt: timestamp('closed_at', { withTimezone: true }),
    ...timestamps(),
    searchVector: tsvector('search_vector').generatedAlwaysAs(
      (): SQL => sql`setweight(to_tsvector('fr_unaccent', coalesce(${serviceOffers.title}, '')), 'A')
        || setweight(to_tsvector('fr_unaccent', ${serviceOffers.descriptionMd}), 'C')`,
    ),
  },
  (t) => [
    uniqueIndex('service_offers_slug_key').on(t.slug),
    index('service_offers_place_idx').on(t.placeId),
    index('service_offers_community_idx').on(t.communityId),
    index('service_offers_search_idx').using('gin', t.searchVector),
    check('service_offers_one_provider', sql`${t.placeId} is null or ${t.communityId} is null`),
  ],
);

/** A person asks for a service; the provider's team answers it. */
export const serviceRequests = pgTable(
  'service_requests',
  {
    id: idColumn(),
    offerId: uuid('offer_id')
      .notNull()
      .references(() => serviceOffers.id, { onDelete: 'cascade' }),
    requesterId: uuid('requester_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    status: text('status', { enum: REQUEST_STATUSES }).notNull().default('received'),
    refusalReason: text('refusal_reason'),
    /** The one satisfaction question, asked once it is done. */
    rating: integer('rating'),
    ratingComment: text('rating_comment'),
    ratedAt: timestamp('rated_at', { withTimezone: true }),
    answeredBy: uuid('answered_by').references(() => users.id, { onDelete: 'set null' }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    ...timestamps(),
  },
  (t) => [
    index('service_requests_offer_idx').on(t.offerId, t.createdAt),
    index('service_requests_requester_idx').on(t.requesterId, t.createdAt),
    check('service_requests_rating', sql`${t.rating} is null or ${t.rating} between 1 and 5`),
  ],
);

/** The thread of a request: its first message and the answers of both sides. */
export const serviceRequestMessages = pgTable(
  'service_request_messages',
  {
    id: idColumn(),
    requestId: uuid('request_id')
      .notNull()
      .references(() => serviceRequests.id, { onDelete: 'cascade' }),
    authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
    body: text('body').notNull(),
    /** A change of status written into the thread ("Refusée : …"), not typed as a message. */
    statusChange: text('status_change', { enum: REQUEST_STATUSES }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('service_request_messages_request_idx').on(t.requestId, t.createdAt)],
);
