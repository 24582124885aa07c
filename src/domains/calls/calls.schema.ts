import {
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { idColumn } from '../../db/columns.ts';
import { users } from '../accounts/accounts.schema.ts';
import { places } from '../places/places.schema.ts';
import { skills } from '../skills/skills.schema.ts';

export const CALL_STATUSES = ['open', 'fulfilled', 'closed'] as const;

/** A call for skills: a member (for themselves or a place) asks the network for help. */
export const calls = pgTable(
  'calls',
  {
    id: idColumn(),
    slug: text('slug').notNull(),
    title: text('title').notNull(),
    descriptionMd: text('description_md').notNull(),
    descriptionHtml: text('description_html').notNull(),
    posterId: uuid('poster_id').references(() => users.id, { onDelete: 'set null' }),
    placeId: uuid('place_id').references(() => places.id, { onDelete: 'set null' }),
    communeInsee: text('commune_insee'),
    communeName: text('commune_name'),
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    radiusKm: integer('radius_km').notNull().default(50),
    remote: boolean('remote').notNull().default(false),
    onSite: boolean('on_site').notNull().default(true),
    deadline: date('deadline'),
    status: text('status', { enum: CALL_STATUSES }).notNull().default('open'),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('calls_slug_key').on(t.slug), index('calls_status_idx').on(t.status, t.createdAt)],
);

export const callSkills = pgTable(
  'call_skills',
  {
    callId: uuid('call_id')
      .notNull()
      .references(() => calls.id, { onDelete: 'cascade' }),
    skillId: uuid('skill_id')
      .notNull()
      .references(() => skills.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.callId, t.skillId] }), index('call_skills_skill_idx').on(t.skillId)],
);

/** Answers to a call: messages to its poster (only the poster and the author read them). */
export const callResponses = pgTable(
  'call_responses',
  {
    id: idColumn(),
    callId: uuid('call_id')
      .notNull()
      .references(() => calls.id, { onDelete: 'cascade' }),
    responderId: uuid('responder_id').references(() => users.id, { onDelete: 'set null' }),
    body: text('body').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('call_responses_call_idx').on(t.callId, t.createdAt)],
);
