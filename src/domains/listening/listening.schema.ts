import { sql } from 'drizzle-orm';
import { date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { idColumn, timestamps } from '../../db/columns.ts';
import { users } from '../accounts/accounts.schema.ts';
import { places } from '../places/places.schema.ts';
import type { Question } from './listening.questions.ts';

export const QUESTIONNAIRE_STATUSES = ['open', 'closed'] as const;
export type QuestionnaireStatus = (typeof QUESTIONNAIRE_STATUSES)[number];

/**
 * A place's short questionnaire ("Votre visite"), answered at its public link `/avis/<code>`
 * without an account. The code is printed on the poster: short, no letters that look alike.
 */
export const questionnaires = pgTable(
  'questionnaires',
  {
    id: idColumn(),
    code: text('code').notNull(),
    placeId: uuid('place_id')
      .notNull()
      .references(() => places.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    intro: text('intro'),
    questions: jsonb('questions').$type<Question[]>().notNull(),
    /** Why personal data is asked for; null when none is. When set, answering asks for consent. */
    personalDataPurpose: text('personal_data_purpose'),
    status: text('status', { enum: QUESTIONNAIRE_STATUSES }).notNull().default('open'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    ...timestamps(),
  },
  (t) => [uniqueIndex('questionnaires_code_key').on(t.code), index('questionnaires_place_idx').on(t.placeId)],
);

/**
 * One answer. Anonymous by construction: no account, address, cookie or token — the day it was
 * given (not the time: a day's answers cannot be matched with who came in at 14:03) and the values.
 */
export const questionnaireAnswers = pgTable(
  'questionnaire_answers',
  {
    id: idColumn(),
    questionnaireId: uuid('questionnaire_id')
      .notNull()
      .references(() => questionnaires.id, { onDelete: 'cascade' }),
    answeredOn: date('answered_on', { mode: 'string' }).notNull().default(sql`current_date`),
    /** Question id → a number (rating), a string (one choice, text) or strings (several choices). */
    answers: jsonb('answers').$type<Record<string, number | string | string[]>>().notNull(),
    /** Its written answers hidden by the team (abusive): left out of the page and of the export. */
    textsHiddenAt: timestamp('texts_hidden_at', { withTimezone: true }),
    /** The sum and number of its ratings (1–5), kept at writing: the place's average over a year reads two numbers per answer. */
    ratingSum: integer('rating_sum').notNull().default(0),
    ratingCount: integer('rating_count').notNull().default(0),
  },
  (t) => [
    index('questionnaire_answers_questionnaire_idx').on(t.questionnaireId, t.answeredOn),
    // Ratings over a period for many places (impact's average): read from this index alone.
    index('questionnaire_answers_ratings_idx')
      .on(t.answeredOn, t.questionnaireId, t.ratingSum, t.ratingCount)
      .where(sql`${t.ratingCount} > 0`),
  ],
);

/**
 * The answers counted as they come: per question, value (a choice, a rating; '' for "answered
 * it at all") and month, how many. A results page reads these few rows, not every answer.
 */
export const questionnaireTallies = pgTable(
  'questionnaire_tallies',
  {
    questionnaireId: uuid('questionnaire_id')
      .notNull()
      .references(() => questionnaires.id, { onDelete: 'cascade' }),
    question: text('question').notNull(),
    value: text('value').notNull(),
    month: text('month').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [primaryKey({ columns: [t.questionnaireId, t.question, t.value, t.month] })],
);

/** "Vous nous avez dit / nous avons fait": what users said and what the place changed, on its page. */
export const listeningNotes = pgTable(
  'listening_notes',
  {
    id: idColumn(),
    placeId: uuid('place_id')
      .notNull()
      .references(() => places.id, { onDelete: 'cascade' }),
    questionnaireId: uuid('questionnaire_id').references(() => questionnaires.id, { onDelete: 'set null' }),
    youSaid: text('you_said').notNull(),
    weDid: text('we_did').notNull(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    ...timestamps(),
  },
  (t) => [index('listening_notes_place_idx').on(t.placeId, t.createdAt)],
);

/** What members tell the network about the platform itself (the footer's link); moderators read it. */
export const platformFeedback = pgTable(
  'platform_feedback',
  {
    id: idColumn(),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    /** The page it was sent from (a path on this site), to understand what it is about. */
    page: text('page'),
    body: text('body').notNull(),
    readAt: timestamp('read_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('platform_feedback_created_idx').on(t.createdAt)],
);
