import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { plainTextOf } from '../../lib/markdown.ts';

const MIN_WORD = 3;

/** Lower-case, accents removed, split on anything that is not a letter or a digit. */
export function wordsOf(text: string): string[] {
  return wordsOfAnyLength(text).filter((w) => w.length >= MIN_WORD && w.length <= 40);
}

/** Remember the words of some searchable text (call in the transaction that writes it). */
export async function indexWords(db: DbOrTx, ...texts: string[]): Promise<void> {
  const words = [...new Set(texts.flatMap(wordsOf))];
  if (words.length === 0) {
    return;
  }
  await db.execute(
    sql`insert into search_words (word) select unnest(${sql`array[${sql.join(
      words.map((w) => sql`${w}`),
      sql`, `,
    )}]::text[]`}) on conflict do nothing`,
  );
}

/** Rebuild the word list from SQL text expressions of a table (after bulk loads). */
export async function indexWordsFromTable(db: DbOrTx, table: string, textExpression: string): Promise<void> {
  await db.execute(
    sql.raw(`insert into search_words (word)
      select distinct w from ${table}, regexp_split_to_table(tisserin_unaccent(lower(${textExpression})), '[^a-z0-9]+') as w
      where length(w) between ${MIN_WORD} and 40
      on conflict do nothing`),
  );
}

/** Edit distance (insertions, deletions, substitutions) between two short words. */
export function levenshtein(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length] ?? 0;
}

/** Lower-case, unaccented, punctuation as single spaces: how titles are compared for an exact match. */
export function normaliseTitle(text: string): string {
  return wordsOfAnyLength(text).join(' ');
}

function wordsOfAnyLength(text: string): string[] {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

const SNIPPET_WORDS = 32;
const NON_ASCII = /[^ -~]/;

/**
 * A short extract of `text` around the first words that match the search, with the matches
 * between U+E000 and U+E001 (the view escapes the text, then turns those into <mark>). A word
 * matches a term when, unaccented, it starts with the term's first letters (a rough stem:
 * "découpes" and "découper" both match "decoupe"). Computed in JavaScript: PostgreSQL's
 * ts_headline parses every text again and cost more than the search itself.
 */
export function snippetOf(text: string, terms: readonly string[], words = SNIPPET_WORDS): string {
  const stems = [...new Set(terms.map((t) => t.slice(0, Math.max(4, t.length - 2))))];
  const tokens = plainTextOf(text).split(' ');
  // Most words are plain ASCII: those are tested without Unicode normalisation, and only when
  // they contain a stem at all (a snippet reads ~250 words for each of 20 results).
  const matches = (token: string) => {
    const lower = token.toLowerCase();
    if (!NON_ASCII.test(lower)) {
      return stems.some((s) => lower.includes(s)) && lower.split(/[^a-z0-9]+/).some((p) => stems.some((s) => p.startsWith(s)));
    }
    return wordsOfAnyLength(lower).some((p) => stems.some((s) => p.startsWith(s)));
  };
  const first = tokens.findIndex(matches);
  const start = first <= 8 ? 0 : first - 8;
  const window = tokens.slice(start, start + words);
  const marked = window.map((t) => (matches(t) ? `\uE000${t}\uE001` : t)).join(' ');
  return `${start > 0 ? '… ' : ''}${marked}${start + words < tokens.length ? ' …' : ''}`;
}

const registeredTopics = new Set<string>();

/**
 * Domains the one search reads but does not import (events, services) name their change-feed
 * topic here: a change to it refreshes cached searches.
 */
export function registerSearchTopic(topic: string): void {
  registeredTopics.add(topic);
}

export const registeredSearchTopics = (): readonly string[] => [...registeredTopics];
