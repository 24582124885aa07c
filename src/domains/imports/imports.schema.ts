import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, primaryKey, real, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { bytea, idColumn, timestamps } from '../../db/columns.ts';
import { users } from '../accounts/accounts.schema.ts';
import { places } from '../places/places.schema.ts';
import type { Note, PlaceDraft, RowStatus } from './imports.clean.ts';
import type { Mapping } from './imports.mapping.ts';
import type { Action, Decision, PlanCounts } from './imports.plan.ts';
import type { ReadOptions } from './imports.read.ts';

/** Where files come from ("Recensement des fablabs 2020"): its mapping is kept for the next file. */
export const importSources = pgTable(
  'import_sources',
  {
    id: idColumn(),
    name: text('name').notNull(),
    /** The columns the mapping was made for: a file with other columns gets fresh suggestions. */
    columns: text('columns').array().notNull().default(sql`'{}'::text[]`),
    mapping: jsonb('mapping').$type<Mapping>().notNull().default({}),
    defaultKind: text('default_kind').notNull().default('associatif'),
    ...timestamps(),
  },
  (t) => [uniqueIndex('import_sources_name_key').on(sql`lower(${t.name})`)],
);

export const IMPORT_STATUSES = ['uploaded', 'checked', 'running', 'done', 'failed'] as const;

/** One file brought in: kept until imported, so the mapping can be changed and checked again. */
export const importJobs = pgTable(
  'import_jobs',
  {
    id: idColumn(),
    sourceId: uuid('source_id')
      .notNull()
      .references(() => importSources.id, { onDelete: 'cascade' }),
    fileName: text('file_name').notNull(),
    file: bytea('file'),
    readOptions: jsonb('read_options').$type<ReadOptions>().notNull().default({}),
    status: text('status', { enum: IMPORT_STATUSES }).notNull().default('uploaded'),
    counts: jsonb('counts').$type<PlanCounts>(),
    notices: jsonb('notices').$type<Note[]>().notNull().default([]),
    total: integer('total').notNull().default(0),
    done: integer('done').notNull().default(0),
    error: text('error'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    ...timestamps(),
  },
  (t) => [
    index('import_jobs_created_idx').on(t.createdAt),
    index('import_jobs_running_idx').on(t.status).where(sql`${t.status} = 'running'`),
  ],
);

/** The dry run's verdict on each row, then what the import did with it. */
export const importRows = pgTable(
  'import_rows',
  {
    jobId: uuid('job_id')
      .notNull()
      .references(() => importJobs.id, { onDelete: 'cascade' }),
    line: integer('line').notNull(),
    status: text('status').$type<RowStatus>().notNull(),
    action: text('action').$type<Action>().notNull(),
    decision: text('decision').$type<Decision>(),
    target: text('target'),
    targetName: text('target_name'),
    score: real('score'),
    sourceKey: text('source_key'),
    draft: jsonb('draft').$type<PlaceDraft>(),
    notes: jsonb('notes').$type<{ fixes: Note[]; warnings: Note[]; rejection?: Note }>().notNull(),
    /** Set once the row's batch is committed: a resumed import starts after it. */
    appliedAt: timestamp('applied_at', { withTimezone: true }),
    /** What happened: created, updated, merged, unchanged, kept (edited since), skipped. */
    outcome: text('outcome'),
    placeId: uuid('place_id').references(() => places.id, { onDelete: 'set null' }),
  },
  (t) => [
    primaryKey({ columns: [t.jobId, t.line] }),
    index('import_rows_pending_idx').on(t.jobId, t.line).where(sql`${t.appliedAt} is null`),
  ],
);

/** A source's row and the place it became: re-importing the same file updates instead of duplicating. */
export const importLinks = pgTable(
  'import_links',
  {
    sourceId: uuid('source_id')
      .notNull()
      .references(() => importSources.id, { onDelete: 'cascade' }),
    sourceKey: text('source_key').notNull(),
    placeId: uuid('place_id')
      .notNull()
      .references(() => places.id, { onDelete: 'cascade' }),
    /** created: the import made the place; merged: it completed a place someone made. */
    mode: text('mode').$type<'created' | 'merged'>().notNull(),
    /** The draft as last imported: unchanged rows are left alone. */
    draftHash: text('draft_hash').notNull(),
    importedAt: timestamp('imported_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.sourceId, t.sourceKey] }),
    index('import_links_place_idx').on(t.placeId),
    check('import_links_mode_check', sql`${t.mode} in ('created', 'merged')`),
  ],
);
