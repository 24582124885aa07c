import { sql } from 'drizzle-orm';
import { bigserial, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { xid8 } from '../../db/columns.ts';

/**
 * Every word that appears in searchable text (unaccented, lower-case). Typo tolerance looks
 * words of a query up here by trigram similarity, then searches the full-text indexes with
 * the corrections: one small indexed lookup instead of a trigram scan of every document.
 * Words are only added; a stale word merely suggests a correction that finds nothing.
 */
export const searchWords = pgTable(
  'search_words',
  {
    word: text('word').primaryKey(),
  },
  (t) => [index('search_words_trgm_idx').using('gin', sql`${t.word} gin_trgm_ops`)],
);

/**
 * What changed since the search index in memory last looked (search.index.sync.ts): one row per
 * written row of a searchable table, written by triggers (migration 0028), so no write path can
 * forget it — imports, restores and seeds included. `xid` is the writing transaction: rows of
 * transactions still running when the index last read are read again (they may commit with a
 * smaller `seq` than one already seen). Old rows are pruned every night.
 */
export const searchChanges = pgTable(
  'search_changes',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    type: text('type').notNull(),
    id: uuid('id').notNull(),
    xid: xid8('xid').notNull().default(sql`pg_current_xact_id()`),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('search_changes_xid_idx').on(t.xid)],
);
