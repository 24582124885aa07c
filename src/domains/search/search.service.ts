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
  const plain = plainTextOf(text);
  const tokens = plain.split(' ');
  // Most words are plain ASCII: those are tested without Unicode normalisation, and only when
  // they contain a stem at all.
  const matches = (token: string) => {
    const lower = token.toLowerCase();
    if (!NON_ASCII.test(lower)) {
      return stems.some((s) => lower.includes(s)) && lower.split(/[^a-z0-9]+/).some((p) => stems.some((s) => p.startsWith(s)));
    }
    return wordsOfAnyLength(lower).some((p) => stems.some((s) => p.startsWith(s)));
  };
  const first = firstMatchingToken(plain, stems) ?? tokens.findIndex(matches);
  const start = first <= 8 ? 0 : first - 8;
  const window = tokens.slice(start, start + words);
  const marked = window.map((t) => (matches(t) ? `\uE000${t}\uE001` : t)).join(' ');
  return `${start > 0 ? '… ' : ''}${marked}${start + words < tokens.length ? ' …' : ''}`;
}

const folded = new Map<string, string>();
/** A letter without its accent when that leaves one letter ("é" → "e"); otherwise itself. */
function foldLetter(ch: string): string {
  let f = folded.get(ch);
  if (f === undefined) {
    const base = ch.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    f = base.length === 1 ? base : ch;
    folded.set(ch, f);
  }
  return f;
}

/**
 * The index of the first token (words split on single spaces) where a word begins with one of
 * the stems, found with one regular expression over the text lower-cased and unaccented letter
 * for letter (so positions stay those of the text): a snippet's text is ~250 words, and testing
 * each word cost more than the search. Null for texts with "œ" or "æ" (they unfold to two letters):
 * the caller tests word by word.
 */
function firstMatchingToken(plain: string, stems: readonly string[]): number | null {
  const lower = plain.toLowerCase();
  if (/[œæ]/.test(lower) || stems.length === 0) {
    return null;
  }
  const ascii = lower.replace(/[^ -~]/g, foldLetter);
  if (ascii.length !== lower.length) {
    return null;
  }
  const pattern = new RegExp(
    `(?:^|[^a-z0-9])(?:${stems
      .map((st) => st.replace(/[^a-z0-9]/g, ''))
      .filter(Boolean)
      .join('|')})`,
  );
  const m = pattern.exec(ascii);
  if (!m) {
    return -1;
  }
  // The stem starts after the separator the match may begin with.
  const at = m.index + (/[a-z0-9]/.test(ascii[m.index] ?? '') ? 0 : 1);
  let spaces = 0;
  for (let i = ascii.indexOf(' '); i !== -1 && i < at; i = ascii.indexOf(' ', i + 1)) {
    spaces++;
  }
  return spaces;
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
