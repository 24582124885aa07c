import { type SQL, sql } from 'drizzle-orm';
import { check, index, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { idColumn, tsvector } from '../../db/columns.ts';
import { users } from '../accounts/accounts.schema.ts';

export const SKILL_STATUSES = ['accepted', 'proposed', 'rejected', 'merged'] as const;

/** The skills reference: curated, with synonyms; members propose, moderators accept or merge. */
export const skills = pgTable(
  'skills',
  {
    id: idColumn(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    family: text('family').notNull(),
    description: text('description').notNull().default(''),
    synonyms: text('synonyms').array().notNull().default(sql`'{}'::text[]`),
    status: text('status', { enum: SKILL_STATUSES }).notNull().default('accepted'),
    /** When merged: the skill it now lives in. */
    mergedInto: uuid('merged_into'),
    proposedBy: uuid('proposed_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    searchVector: tsvector('search_vector').generatedAlwaysAs(
      (): SQL => sql`setweight(to_tsvector('fr_unaccent', ${skills.name}), 'A')
        || setweight(to_tsvector('fr_unaccent', tisserin_array_text(${skills.synonyms})), 'B')
        || setweight(to_tsvector('fr_unaccent', ${skills.description}), 'C')`,
    ),
  },
  (t) => [
    uniqueIndex('skills_slug_key').on(t.slug),
    index('skills_search_idx').using('gin', t.searchVector),
    index('skills_status_idx').on(t.status),
  ],
);

/** Levels a member declares: 1 je découvre, 2 je pratique, 3 je peux transmettre. */
export const SKILL_LEVELS = [1, 2, 3] as const;

export const memberSkills = pgTable(
  'member_skills',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    skillId: uuid('skill_id')
      .notNull()
      .references(() => skills.id, { onDelete: 'cascade' }),
    level: smallint('level').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.skillId] }),
    // Holders of a skill, with their level, read from the index alone (matching calls).
    index('member_skills_skill_idx').on(t.skillId, t.userId, t.level),
    check('member_skills_level_check', sql`${t.level} between 1 and 3`),
  ],
);

/** A peer vouches that a member has a skill; one vouch per peer, never for oneself. */
export const skillVouches = pgTable(
  'skill_vouches',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    skillId: uuid('skill_id')
      .notNull()
      .references(() => skills.id, { onDelete: 'cascade' }),
    voucherId: uuid('voucher_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.skillId, t.voucherId] }),
    index('skill_vouches_voucher_idx').on(t.voucherId),
    index('skill_vouches_skill_idx').on(t.skillId, t.userId),
    check('skill_vouches_not_self', sql`${t.userId} <> ${t.voucherId}`),
  ],
);
