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
const ODD_SPACING = /\s\s|[^\S ]|^ | $/;
const ODD_SPACES = /\s{2,}|[^\S ]/g;

/**
 * A short extract of Markdown `text` around the first words that match the search, with the
 * matches between U+E000 and U+E001 (the view escapes the text, then turns those into <mark>).
 * A word matches a term when, unaccented, it starts with the term's first letters (a rough stem:
 * "découpes" and "découper" both match "decoupe"). Computed in JavaScript: PostgreSQL's
 * ts_headline parses every text again and cost more than the search itself.
 */
export function snippetOf(text: string, terms: readonly string[], words = SNIPPET_WORDS): string {
  return snippetOfPlainText(plainTextOf(text), terms, words);
}

/** The same extract from text that is already plain words (no Markdown marks to strip). */
export function snippetOfPlainText(text: string, terms: readonly string[], words = SNIPPET_WORDS): string {
  // Words are kept apart by single spaces. Only other spacing is replaced (a replacement
  // allocates for each match: replacing every space cost more than the rest of the snippet).
  const plain = ODD_SPACING.test(text) ? text.replace(ODD_SPACES, ' ').trim() : text;
  const stems = [...new Set(terms.map((t) => t.slice(0, Math.max(4, t.length - 2))))];
  const pattern = stemPattern(stems);
  // A word is tested with the stems' expression; split into unaccented words when the expression
  // cannot read it letter for letter.
  const matches = (token: string) =>
    pattern !== null && !UNFOLDABLE.test(token)
      ? pattern.test(token)
      : wordsOfAnyLength(token).some((p) => stems.some((s) => p.startsWith(s)));
  let first = pattern === null || UNFOLDABLE.test(plain) ? null : firstMatchingToken(plain, pattern);
  if (first === null) {
    first = plain.split(' ').findIndex(matches);
  }
  // Only the window's words are cut out of the text: a snippet's text is ~250 words.
  const start = first <= 8 ? 0 : first - 8;
  let from = 0;
  for (let i = 0; i < start && from !== -1; i++) {
    from = plain.indexOf(' ', from) + 1 || -1;
  }
  if (from === -1) {
    return '';
  }
  let to = from;
  for (let i = 0; i < words && to !== -1; i++) {
    to = plain.indexOf(' ', to + (i === 0 ? 0 : 1));
  }
  const window = (to === -1 ? plain.slice(from) : plain.slice(from, to)).split(' ');
  const marked = window.map((t) => (matches(t) ? `\uE000${t}\uE001` : t)).join(' ');
  return `${start > 0 ? '… ' : ''}${marked}${to !== -1 ? ' …' : ''}`;
}

/**
 * Per ASCII letter or digit, the other letters that fold to it once lower-cased and unaccented
 * ("é", "É", "ê"… for "e"): so that a regular expression finds a stem in the text as it is,
 * without a lower-cased and unaccented copy of each text.
 */
const FOLDS_TO = (() => {
  const folds = new Map<string, string>();
  const ranges = [
    [0x80, 0x2ff],
    [0x1e00, 0x1eff],
    [0x2100, 0x214f],
  ];
  for (const cp of ranges.flatMap(([a = 0, b = 0]) => Array.from({ length: b - a + 1 }, (_, i) => a + i))) {
    const ch = String.fromCodePoint(cp);
    const lower = ch.toLowerCase();
    const base = lower.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    if (lower.length === 1 && ch !== base && /^[a-z0-9]$/.test(base)) {
      folds.set(base, (folds.get(base) ?? '') + ch);
    }
  }
  return folds;
})();
const LETTER = `a-z0-9${[...FOLDS_TO.values()].join('')}`;
/**
 * Texts whose lower case or unaccented form changes length ("œ" → "oe", "İ" → "i̇", an accent
 * typed as its own mark): tested word by word.
 */
const UNFOLDABLE = /[œæŒÆİ]|[\u0300-\u036f]/;

const stemPatterns = new Map<string, RegExp>();
/** One expression for the stems: a stem at the start of a word, any case, any accent. */
function stemPattern(stems: readonly string[]): RegExp | null {
  const key = stems.join(' ');
  let pattern = stemPatterns.get(key);
  if (!pattern) {
    const alternatives = stems
      .map((st) => st.replace(/[^a-z0-9]/g, ''))
      .filter(Boolean)
      .map((st) => [...st].map((ch) => (FOLDS_TO.has(ch) ? `[${ch}${FOLDS_TO.get(ch)}]` : ch)).join(''));
    if (alternatives.length === 0) {
      return null;
    }
    pattern = new RegExp(`(?<![${LETTER}])(?:${alternatives.join('|')})`, 'i');
    if (stemPatterns.size >= 500) {
      stemPatterns.clear();
    }
    stemPatterns.set(key, pattern);
  }
  return pattern;
}

/**
 * The index of the first token (words split on single spaces) where a word begins with one of
 * the stems, found with one regular expression over the text as it is (each letter matched with
 * its accented and upper-case forms): testing each of ~250 words cost more than the search. -1
 * when no word matches. Only for texts the expression reads letter for letter (see UNFOLDABLE).
 */
function firstMatchingToken(plain: string, pattern: RegExp): number {
  const m = pattern.exec(plain);
  if (!m) {
    return -1;
  }
  let spaces = 0;
  for (let i = plain.indexOf(' '); i !== -1 && i < m.index; i = plain.indexOf(' ', i + 1)) {
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
