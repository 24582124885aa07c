import { type SQL, sql } from 'drizzle-orm';
import {
  boolean,
  check,
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
import { idColumn, tsvector } from '../../db/columns.ts';
import { users } from '../accounts/accounts.schema.ts';
import { communities } from '../communities/communities.schema.ts';
import { documents } from '../documents/documents.schema.ts';
import { places } from '../places/places.schema.ts';
import { skills } from '../skills/skills.schema.ts';

export const EVENT_KINDS = ['atelier', 'formation', 'portes-ouvertes', 'rencontre-reseau', 'conference', 'visite', 'autre'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** As OpenAgenda lists them: what the event is accessible to. */
export const EVENT_ACCESSIBILITY = ['auditif', 'visuel', 'moteur', 'intellectuel', 'psychique'] as const;

export const ATTENDANCE_MODES = ['onsite', 'online', 'hybrid'] as const;
export type AttendanceMode = (typeof ATTENDANCE_MODES)[number];

export const REGISTRATION_MODES = ['none', 'here', 'external'] as const;
export type RegistrationMode = (typeof REGISTRATION_MODES)[number];

/** Apart from moderation: what the organisers say of it. "Complet" is read from the sessions. */
export const EVENT_STATUSES = ['scheduled', 'postponed', 'cancelled'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

/**
 * An event of the agenda: a workshop, a training, an open day… It happens in one or more dated
 * sessions (event_sessions); a recurrence typed in the form is stored as those sessions.
 */
export const events = pgTable(
  'events',
  {
    id: idColumn(),
    slug: text('slug').notNull(),
    title: text('title').notNull(),
    descriptionMd: text('description_md').notNull(),
    descriptionHtml: text('description_html').notNull(),
    kind: text('kind', { enum: EVENT_KINDS }).notNull(),
    /** The place that organises it (its team organises it too). */
    placeId: uuid('place_id').references(() => places.id, { onDelete: 'set null' }),
    communityId: uuid('community_id').references(() => communities.id, { onDelete: 'set null' }),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    attendanceMode: text('attendance_mode', { enum: ATTENDANCE_MODES }).notNull().default('onsite'),
    /** Where, on site: copied from the place, or typed. */
    venueName: text('venue_name'),
    address: text('address'),
    postcode: text('postcode'),
    commune: text('commune'),
    inseeCode: text('insee_code'),
    departmentCode: text('department_code'),
    regionCode: text('region_code'),
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    /** Shown only to registered people (and organisers). */
    onlineUrl: text('online_url'),
    timeZone: text('time_zone').notNull().default('Europe/Paris'),
    audiences: text('audiences').array().notNull().default(sql`'{}'::text[]`),
    ageMin: integer('age_min'),
    ageMax: integer('age_max'),
    accessibility: text('accessibility').array().notNull().default(sql`'{}'::text[]`),
    free: boolean('free').notNull().default(true),
    price: text('price'),
    conditions: text('conditions'),
    coverKey: text('cover_key'),
    coverAlt: text('cover_alt'),
    registration: text('registration', { enum: REGISTRATION_MODES }).notNull().default('none'),
    registrationUrl: text('registration_url'),
    /** What the organisers ask at registration ("Âge des enfants ?"): up to three questions. */
    questions: text('questions').array().notNull().default(sql`'{}'::text[]`),
    status: text('status', { enum: EVENT_STATUSES }).notNull().default('scheduled'),
    /** Incremented on every change calendars should pick up (iCalendar SEQUENCE). */
    sequence: integer('sequence').notNull().default(0),
    reportMd: text('report_md'),
    reportHtml: text('report_html'),
    reportAttendance: integer('report_attendance'),
    reportedAt: timestamp('reported_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    /** For the one search (/recherche): the title, where, then the description. */
    searchVector: tsvector('search_vector').generatedAlwaysAs(
      (): SQL => sql`setweight(to_tsvector('fr_unaccent', coalesce(${events.title}, '')), 'A')
        || setweight(to_tsvector('fr_unaccent', coalesce(${events.venueName}, '') || ' ' || coalesce(${events.commune}, '')), 'B')
        || setweight(to_tsvector('fr_unaccent', ${events.descriptionMd}), 'C')`,
    ),
  },
  (t) => [
    uniqueIndex('events_slug_key').on(t.slug),
    index('events_search_idx').using('gin', t.searchVector),
    index('events_place_idx').on(t.placeId),
    index('events_community_idx').on(t.communityId),
    check('events_ages', sql`${t.ageMin} is null or ${t.ageMax} is null or ${t.ageMin} <= ${t.ageMax}`),
  ],
);

/** Members who organise the event besides its place's team (its author is one). */
export const eventOrganisers = pgTable(
  'event_organisers',
  {
    eventId: uuid('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.userId] }), index('event_organisers_user_idx').on(t.userId)],
);

export const eventSkills = pgTable(
  'event_skills',
  {
    eventId: uuid('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    skillId: uuid('skill_id')
      .notNull()
      .references(() => skills.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.skillId] }), index('event_skills_skill_idx').on(t.skillId)],
);

export const eventProjects = pgTable(
  'event_projects',
  {
    eventId: uuid('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    documentId: uuid('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.documentId] }), index('event_projects_document_idx').on(t.documentId)],
);

export const SESSION_STATUSES = ['scheduled', 'cancelled'] as const;

/**
 * One dated occurrence of an event. Capacity, registrations and the waiting list belong to it;
 * `reserved` places are kept for the organisers and never offered.
 */
export const eventSessions = pgTable(
  'event_sessions',
  {
    id: idColumn(),
    eventId: uuid('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    /** Null: no limit. */
    capacity: integer('capacity'),
    reserved: integer('reserved').notNull().default(0),
    waitlist: boolean('waitlist').notNull().default(true),
    status: text('status', { enum: SESSION_STATUSES }).notNull().default('scheduled'),
    sequence: integer('sequence').notNull().default(0),
    remindedAt: timestamp('reminded_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('event_sessions_starts_idx').on(t.startsAt),
    index('event_sessions_event_idx').on(t.eventId, t.startsAt),
    // "Has a session still to come" (search, lists), read from the index alone.
    index('event_sessions_event_ends_idx').on(t.eventId, t.endsAt),
    check('event_sessions_order', sql`${t.endsAt} > ${t.startsAt}`),
    check(
      'event_sessions_capacity',
      sql`${t.capacity} is null or (${t.capacity} > 0 and ${t.reserved} >= 0 and ${t.reserved} < ${t.capacity})`,
    ),
  ],
);

export const REGISTRATION_STATUSES = ['confirmed', 'waiting', 'cancelled'] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

/**
 * A member's registration to a session, for themselves and `seats - 1` guests. Waiting ones are
 * promoted in the order they came (created_at, then id) when places free up.
 */
export const eventRegistrations = pgTable(
  'event_registrations',
  {
    id: idColumn(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => eventSessions.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    seats: integer('seats').notNull().default(1),
    answers: jsonb('answers').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    status: text('status', { enum: REGISTRATION_STATUSES }).notNull(),
    /** The key of the cancel link in every e-mail (it works without signing in), as unsubscribe links are kept. */
    cancelToken: text('cancel_token').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    promotedAt: timestamp('promoted_at', { withTimezone: true }),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('event_registrations_active_key').on(t.sessionId, t.userId).where(sql`${t.status} <> 'cancelled'`),
    uniqueIndex('event_registrations_cancel_key').on(t.cancelToken),
    index('event_registrations_session_idx').on(t.sessionId, t.status, t.createdAt),
    index('event_registrations_user_idx').on(t.userId),
    check('event_registrations_seats', sql`${t.seats} between 1 and 10`),
  ],
);

/** The secret address of a member's own calendar (their registrations); reset by making a new one. */
export const eventFeedTokens = pgTable('event_feed_tokens', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  token: text('token').notNull().unique(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
