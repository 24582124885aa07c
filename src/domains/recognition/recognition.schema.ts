import { sql } from 'drizzle-orm';
import { check, date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { idColumn } from '../../db/columns.ts';
import { users } from '../accounts/accounts.schema.ts';
import { documents } from '../documents/documents.schema.ts';
import { places } from '../places/places.schema.ts';

/** What kind of work a contribution is (the animator's and the teacher's everyday work). */
export const CONTRIBUTION_KINDS = [
  'animation',
  'accueil',
  'accompagnement',
  'formation',
  'mentorat',
  'documentation',
  'evenement',
  'partenariat',
  'autre',
] as const;
export type ContributionKind = (typeof CONTRIBUTION_KINDS)[number];

/** Pending → confirmed, or declined, or sent back to its author for a change (then pending again). */
export const CONTRIBUTION_STATUSES = ['pending', 'changes_requested', 'confirmed', 'declined'] as const;
export type ContributionStatus = (typeof CONTRIBUTION_STATUSES)[number];

/** Who wrote it down: the member, or the platform from what happened on it (marked so on every page). */
export const CONTRIBUTION_SOURCES = ['member', 'documentation', 'call'] as const;
export type ContributionSource = (typeof CONTRIBUTION_SOURCES)[number];

/**
 * A contribution a member made to the network: a workshop led, a project documented… It counts
 * (totals, badges, attestations) only once someone else confirmed it.
 */
export const contributions = pgTable(
  'contributions',
  {
    id: idColumn(),
    memberId: uuid('member_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: CONTRIBUTION_KINDS }).notNull(),
    startedOn: date('started_on').notNull(),
    /** The last day of a period; null for a single day. */
    endedOn: date('ended_on'),
    /** Time given, in minutes (entered in hours: "1,5" or "1 h 30"); null when the platform recorded it without a duration. */
    minutes: integer('minutes'),
    placeId: uuid('place_id').references(() => places.id, { onDelete: 'set null' }),
    documentId: uuid('document_id').references(() => documents.id, { onDelete: 'set null' }),
    description: text('description').notNull(),
    evidenceUrl: text('evidence_url'),
    /** A photo (re-encoded, metadata dropped) or a PDF sent with it, in the upload store. */
    evidenceKey: text('evidence_key'),
    source: text('source', { enum: CONTRIBUTION_SOURCES }).notNull().default('member'),
    /** What the platform recorded it from (a project, a call), so it is recorded once. */
    sourceRef: uuid('source_ref'),
    status: text('status', { enum: CONTRIBUTION_STATUSES }).notNull().default('pending'),
    reviewerId: uuid('reviewer_id').references(() => users.id, { onDelete: 'set null' }),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    /** The reviewer's words: what to change, or why it was declined. */
    reviewMessage: text('review_message'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('contributions_member_idx').on(t.memberId, t.startedOn),
    index('contributions_place_idx').on(t.placeId, t.status),
    index('contributions_document_idx').on(t.documentId, t.status),
    index('contributions_status_idx').on(t.status, t.createdAt),
    uniqueIndex('contributions_source_key').on(t.memberId, t.source, t.sourceRef),
    // The last line of defence behind the form's checks: a period ends after it starts, time given is positive.
    check('contributions_period_check', sql`${t.endedOn} is null or ${t.endedOn} >= ${t.startedOn}`),
    check('contributions_minutes_check', sql`${t.minutes} is null or ${t.minutes} > 0`),
  ],
);

/** Who may read a member's record of contributions (like a profile field's visibility). */
export const recognitionSettings = pgTable('recognition_settings', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  visibility: text('visibility', { enum: ['public', 'members', 'private'] })
    .notNull()
    .default('members'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
