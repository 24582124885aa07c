import { index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { bytea } from '../db/columns.ts';

/**
 * Uploaded files kept in the database (UPLOAD_STORE=database): every app process, on every
 * machine, reads what another one stored, and a database backup holds the files too.
 */
export const storedFiles = pgTable('stored_files', {
  key: text('key').primaryKey(),
  bytes: bytea('bytes').notNull(),
  size: integer('size').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Scheduled work, claimed through the database so that it runs once per interval whatever the
 * number of app processes: a process runs a job only if its claim moved `lastRunAt`.
 */
export const scheduledJobs = pgTable('scheduled_jobs', {
  name: text('name').primaryKey(),
  lastRunAt: timestamp('last_run_at', { withTimezone: true }).notNull(),
  runs: integer('runs').notNull().default(0),
});

/** Each run of a scheduled job: which process, when, how it ended (the last weeks are kept). */
export const jobRuns = pgTable(
  'job_runs',
  {
    name: text('name').notNull(),
    runner: text('runner').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    error: text('error'),
  },
  (t) => [index('job_runs_name_started_idx').on(t.name, t.startedAt)],
);
