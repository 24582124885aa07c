import { sql } from 'drizzle-orm';
import { index, pgTable, text } from 'drizzle-orm/pg-core';

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
