import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { idColumn } from '../../db/columns.ts';
import { users } from '../accounts/accounts.schema.ts';
import { places } from '../places/places.schema.ts';
import { CONTRIBUTION_KINDS } from '../recognition/recognition.schema.ts';
import { skills } from '../skills/skills.schema.ts';

/** How a badge is earned: given by hand, or by a rule over confirmed contributions. */
export const AWARD_MODES = ['manual', 'rule'] as const;
export type AwardMode = (typeof AWARD_MODES)[number];
/** What a rule counts: confirmed hours, confirmed contributions, or projects documented. */
export const RULE_METRICS = ['hours', 'contributions', 'projects'] as const;
export type RuleMetric = (typeof RULE_METRICS)[number];

/**
 * A badge (an Open Badges 3.0 Achievement): the network's (moderators define it) or a place's
 * (its team defines it, and a rule counts only what was done there).
 */
export const badgeClasses = pgTable(
  'badge_classes',
  {
    id: idColumn(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull(),
    criteriaMd: text('criteria_md').notNull(),
    criteriaHtml: text('criteria_html').notNull(),
    placeId: uuid('place_id').references(() => places.id, { onDelete: 'cascade' }),
    /** An uploaded picture (a PNG in the upload store); null: drawn from the name. */
    imageKey: text('image_key'),
    awardMode: text('award_mode', { enum: AWARD_MODES }).notNull().default('manual'),
    ruleMetric: text('rule_metric', { enum: RULE_METRICS }),
    /** The kind of contribution a rule counts; null: every kind. */
    ruleKind: text('rule_kind', { enum: CONTRIBUTION_KINDS }),
    ruleThreshold: integer('rule_threshold'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('badge_classes_slug_key').on(t.slug),
    index('badge_classes_place_idx').on(t.placeId),
    check(
      'badge_classes_rule_check',
      sql`${t.awardMode} = 'manual' or (${t.ruleMetric} is not null and ${t.ruleThreshold} is not null and ${t.ruleThreshold} > 0)`,
    ),
  ],
);

export const badgeClassSkills = pgTable(
  'badge_class_skills',
  {
    classId: uuid('class_id')
      .notNull()
      .references(() => badgeClasses.id, { onDelete: 'cascade' }),
    skillId: uuid('skill_id')
      .notNull()
      .references(() => skills.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.classId, t.skillId] })],
);

/** Size of the revocation list (W3C Bitstring Status List: at least 131,072 entries, for privacy). */
export const STATUS_LIST_SIZE = 131_072;

/**
 * A badge awarded to a member, with the signed OpenBadgeCredential and its place in the
 * revocation list. Kept when revoked (the list must go on saying so).
 */
export const badgeAwards = pgTable(
  'badge_awards',
  {
    id: idColumn(),
    classId: uuid('class_id')
      .notNull()
      .references(() => badgeClasses.id, { onDelete: 'restrict' }),
    recipientId: uuid('recipient_id').references(() => users.id, { onDelete: 'set null' }),
    /** Who awarded it by hand; null when a rule did. */
    awardedBy: uuid('awarded_by').references(() => users.id, { onDelete: 'set null' }),
    awardedAt: timestamp('awarded_at', { withTimezone: true }).notNull().defaultNow(),
    statusIndex: integer('status_index').notNull(),
    credential: jsonb('credential').$type<Record<string, unknown>>().notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokedBy: uuid('revoked_by').references(() => users.id, { onDelete: 'set null' }),
    revokedReason: text('revoked_reason'),
    /** Its holder may hide it from their page (the credential stays valid). */
    hidden: boolean('hidden').notNull().default(false),
  },
  (t) => [
    uniqueIndex('badge_awards_status_index_key').on(t.statusIndex),
    // One badge of a kind per person at a time (a revoked one may be awarded again).
    uniqueIndex('badge_awards_once_key').on(t.classId, t.recipientId).where(sql`${t.revokedAt} is null`),
    index('badge_awards_recipient_idx').on(t.recipientId),
    check('badge_awards_status_index_check', sql`${t.statusIndex} >= 0 and ${t.statusIndex} < 131072`),
  ],
);

/**
 * A member vouches for a badge someone earned, in their own words: an EndorsementCredential
 * signed by the instance like the badges. Removed with its author's account.
 */
export const badgeEndorsements = pgTable(
  'badge_endorsements',
  {
    id: idColumn(),
    awardId: uuid('award_id')
      .notNull()
      .references(() => badgeAwards.id, { onDelete: 'cascade' }),
    endorserId: uuid('endorser_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    comment: text('comment').notNull(),
    credential: jsonb('credential').$type<Record<string, unknown>>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('badge_endorsements_once_key').on(t.awardId, t.endorserId),
    index('badge_endorsements_endorser_idx').on(t.endorserId),
  ],
);
