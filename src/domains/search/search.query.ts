import { type SQL, sql } from 'drizzle-orm';
import { type DbOrTx, queryRows, textArray } from '../../db/client.ts';
import type { Deps } from '../../deps.ts';
import { TopicCache } from '../../lib/change-feed.ts';
import { type Location, locateQuery } from '../geo/locate.ts';
import { normalizeName } from '../geo/territories.ts';
import type { Alternative, TextQuery } from './search.index.ts';
import { familyOf, LEVEL_WORDS } from './search.lexicon.ts';
import { levenshtein, normaliseTitle } from './search.service.ts';

/**
 * What a query means, read before searching: where it is about ("fablab Rennes"), the skills it
 * names ("impression 3D", "laser"), the school levels it names ("robotique collège"), and the
 * full-text queries for its other words — every word required (`all`), or any of them
 * (`any`, when nothing holds them all).
 */
export interface UnderstoodQuery {
  q: string;
  location: Location | null;
  /** The words searched as text (the location's words taken out), normalised. */
  words: string[];
  /** Levels named, as document level codes. */
  levels: string[];
  /**
   * Skills the query names, by their name or a synonym, and whether that phrase is the whole
   * query (its level and type words aside): "impression 3D" is the skill; "marque-pages laser"
   * only mentions one.
   */
  skills: Array<{ id: string; slug: string; name: string; byName: boolean; whole: boolean }>;
  /** Kinds of result a word asks for ("lieux à Toulouse", "projets robotique"). */
  types: string[];
  /** Every word required (with its family and typo corrections); null when no word is left. */
  all: string | null;
  /** The same without the words that named a level (documents carry levels as data, not text). */
  allButLevels: string | null;
  /** Any word: the fallback when no result holds them all. */
  any: string | null;
  /** The same as structured queries for the index in memory (lexemes as the stemmer makes them). */
  allQuery: TextQuery | null;
  docsQuery: TextQuery | null;
  anyQuery: TextQuery | null;
  /** Every word looked for, corrections included: what snippets mark. */
  terms: string[];
  /** The query as typed, normalised: an exact title equals it. */
  exact: string;
}

const MIN_WORD = 2;
/** Words that say which kind of result is wanted: not searched as text. */
const TYPE_WORDS: Record<string, string> = {
  lieu: 'place',
  lieux: 'place',
  endroit: 'place',
  endroits: 'place',
  projet: 'project',
  projets: 'project',
  guide: 'guide',
  guides: 'guide',
  outil: 'tool',
  outils: 'tool',
  logiciel: 'tool',
  logiciels: 'tool',
  competence: 'skill',
  competences: 'skill',
  membre: 'member',
  membres: 'member',
  personne: 'member',
  personnes: 'member',
  communaute: 'community',
  evenement: 'event',
  evenements: 'event',
  service: 'service',
  services: 'service',
  communautes: 'community',
};
const MAX_WORDS = 8;
/** French words too common to search for; dropped unless nothing else is typed. */
const STOPWORDS = new Set(
  'le la les un une des de du d l a au aux et ou en par pour sur dans avec est son sa ses leur leurs qui que quoi dont mais donc car nos vos ces cet cette tout tous toute toutes pres the and for with'.split(
    ' ',
  ),
);

/** How many typos a word of this length may hold. */
const allowedTypos = (word: string) => (word.length <= 4 ? 1 : word.length <= 8 ? 2 : 3);

interface SkillEntry {
  id: string;
  slug: string;
  name: string;
  /** The name, normalised and singular. */
  namePhrase: string;
  phrases: string[];
}

/** Words compared without a final "s" or "x": "licences libres" names what "licence libre" does. */
const singular = (phrase: string) =>
  phrase
    .split(' ')
    .map((w) => (w.length > 3 ? w.replace(/[sx]$/, '') : w))
    .join(' ');

const skillCaches = new WeakMap<Deps, TopicCache<SkillEntry[]>>();

/** The accepted skills with the phrases that name them (name and synonyms, normalised), until a skill changes. */
function skillLexicon(deps: Deps): Promise<SkillEntry[]> {
  let cache = skillCaches.get(deps);
  if (!cache) {
    cache = new TopicCache(deps.changes, 'skills', 1);
    skillCaches.set(deps, cache);
  }
  return cache.getOrCompute('all', async () => {
    const rows = await queryRows<{ id: string; slug: string; name: string; synonyms: string[] }>(
      deps.db,
      sql`select id, slug, name, synonyms from skills where status = 'accepted'`,
    );
    return rows.map((r) => ({
      id: r.id,
      slug: r.slug,
      name: r.name,
      namePhrase: singular(normalizeName(r.name)),
      phrases: [...new Set([r.name, ...r.synonyms].map((p) => singular(normalizeName(p))).filter((p) => p.length >= 3))],
    }));
  });
}

interface WordInfo {
  known: boolean;
  /** Close known words (for unknown words only), each with its lexemes. */
  candidates: Array<{ word: string; lexemes: string[] }>;
  /** The lexemes the French stemmer makes of the word (as the tsvectors hold them). */
  lexemes: string[];
}

/**
 * Words already looked up, per database: their lexemes (the stemmer's output never changes),
 * and whether the network knows them when it does (words are only ever added). A query made of
 * known words is then read without a round trip to the database.
 */
const lookedUp = new WeakMap<DbOrTx, Map<string, { known: boolean; lexemes: string[] }>>();
const LOOKED_UP_MAX = 20_000;

/**
 * Known words, close known words for the unknown ones (typos), and the lexemes of each — the
 * typed words and `more` (their families) — in one query, for what is not remembered.
 */
async function lookupWords(db: DbOrTx, words: string[], more: string[] = []): Promise<Map<string, WordInfo>> {
  let memory = lookedUp.get(db);
  if (!memory) {
    memory = new Map();
    lookedUp.set(db, memory);
  }
  const result = new Map<string, WordInfo>();
  const typed = new Set(words);
  const all = [...new Set([...words, ...more])].filter((w) => {
    const m = memory.get(w);
    // A typed word the network does not know needs its close words, read each time (they may come).
    if (m && (m.known || !typed.has(w))) {
      result.set(w, { ...m, candidates: [] });
      return false;
    }
    return true;
  });
  if (all.length === 0) {
    return result;
  }
  const lexemes = (w: SQL) => sql`array(select unnest(tsvector_to_array(to_tsvector('fr_unaccent', ${w}))))`;
  const rows = await queryRows<{
    q: string;
    known: boolean;
    candidates: string[];
    candidate_lexemes: string[][] | null;
    lexemes: string[];
  }>(
    db,
    // Close words are looked for (a trigram search) only for typed words the network never used.
    sql`select w.q, k.known, ${lexemes(sql`w.q`)} as lexemes, c.candidates,
          (select json_agg(${lexemes(sql`x`)}) from unnest(c.candidates) x) as candidate_lexemes
        from unnest(${textArray(all)}, ${textArray(all.map((w) => (typed.has(w) ? 't' : 'f')))}) as w(q, typed),
          lateral (select exists(select 1 from search_words where word = w.q) as known) k,
          lateral (select case when k.known or w.typed = 'f' then '{}'::text[] else
            array(select word from search_words where length(w.q) >= 3 and word % w.q and word <> w.q order by similarity(word, w.q) desc limit 10)
          end as candidates) c`,
  );
  if (memory.size > LOOKED_UP_MAX) {
    memory.clear();
  }
  for (const r of rows) {
    memory.set(r.q, { known: r.known, lexemes: r.lexemes });
    result.set(r.q, {
      known: r.known,
      lexemes: r.lexemes,
      candidates: r.candidates.map((word, i) => ({ word, lexemes: r.candidate_lexemes?.[i] ?? [] })),
    });
  }
  return result;
}

/** Longest phrases first: the runs of `words` that equal one of `phrases`. */
function findPhrases(words: readonly string[], match: (phrase: string) => boolean, maxLength = 4): Array<[start: number, length: number]> {
  const found: Array<[number, number]> = [];
  const used = new Set<number>();
  for (let n = Math.min(maxLength, words.length); n >= 1; n--) {
    for (let i = 0; i + n <= words.length; i++) {
      if ([...Array(n).keys()].some((k) => used.has(i + k))) {
        continue;
      }
      if (match(words.slice(i, i + n).join(' '))) {
        found.push([i, n]);
        for (let k = 0; k < n; k++) {
          used.add(i + k);
        }
      }
    }
  }
  return found;
}

/** Read what a query means (one small query to the word list; skills come from memory). */
export async function understandQuery(
  deps: Deps,
  q: string,
  /** `typing`: the query is being typed (suggestions), so its last word may be unfinished. */
  opts: { locate?: boolean; typing?: boolean } = {},
): Promise<UnderstoodQuery> {
  const typed = normalizeName(q.replace(/[’']/g, ' ')).split(' ').filter(Boolean);
  const lookupList = [...new Set(typed)].slice(0, 12);
  const lookups = await lookupWords(
    deps.db,
    lookupList,
    lookupList.flatMap((w) => familyOf(w)),
  );
  const isWord = (w: string) => lookups.get(w)?.known ?? false;
  const { location, rest } = opts.locate === false ? { location: null, rest: typed } : locateQuery(q, isWord);
  const types = [...new Set(rest.flatMap((w) => (TYPE_WORDS[w] ? [TYPE_WORDS[w]] : [])))];
  const meaningful = rest.filter((w) => w.length >= MIN_WORD && !STOPWORDS.has(w) && !TYPE_WORDS[w]);
  const words = [...new Set(meaningful.length > 0 ? meaningful : rest.filter((w) => w.length >= MIN_WORD && !TYPE_WORDS[w]))].slice(
    0,
    MAX_WORDS,
  );

  const levelPhrases = new Map(LEVEL_WORDS.map(([p, l]) => [p, l]));
  const levelRuns = findPhrases(words, (p) => levelPhrases.has(p), 2);
  const levels = [...new Set(levelRuns.map(([i, n]) => levelPhrases.get(words.slice(i, i + n).join(' ')) ?? ''))].filter(Boolean);
  const levelWords = new Set(levelRuns.flatMap(([i, n]) => words.slice(i, i + n)));

  // Skills are named with the typos corrected ("decoupe lazer" names "Découpe laser").
  const corrected = words.map((w) => {
    const info = lookups.get(w);
    return info && !info.known ? (info.candidates.find((c) => levenshtein(c.word, w) <= allowedTypos(w))?.word ?? w) : w;
  });
  const lexicon = await skillLexicon(deps);
  const byPhrase = new Map<string, SkillEntry>();
  for (const s of lexicon) {
    for (const p of s.phrases) {
      byPhrase.set(p, s);
    }
  }
  const contentWords = corrected.filter((w) => !levelWords.has(w)).length;
  const skills = [
    ...new Map(
      findPhrases(corrected, (p) => byPhrase.has(singular(p))).flatMap(([i, n]) => {
        const phrase = singular(corrected.slice(i, i + n).join(' '));
        const s = byPhrase.get(phrase);
        return s
          ? [[s.id, { id: s.id, slug: s.slug, name: s.name, byName: s.namePhrase === phrase, whole: n >= contentWords }] as const]
          : [];
      }),
    ).values(),
  ];

  const terms: string[] = [];
  const alternativesOf = (w: string, i: number) => {
    const info = lookups.get(w);
    const typos = info && !info.known ? info.candidates.filter((c) => levenshtein(c.word, w) <= allowedTypos(w)).slice(0, 3) : [];
    const family = familyOf(w);
    terms.push(w, ...typos.map((t) => t.word), ...family);
    // A word the network never used may be unfinished, and so may the last one while it is being
    // typed (suggestions). A submitted word the network knows is taken whole: matching every word
    // that begins like it ("laser" → 'las:*') read thousands of index entries for nothing.
    const prefix = ((opts.typing && i === words.length - 1) || !info?.known) && w.length >= 3;
    const alternatives: Alternative[] = [
      { lexemes: info?.lexemes ?? [], prefix },
      ...typos.map((t) => ({ lexemes: t.lexemes, prefix: false })),
      ...family.map((f) => ({ lexemes: lookups.get(f)?.lexemes ?? [], prefix: false })),
    ].filter((a) => a.lexemes.length > 0);
    return { text: `(${[prefix ? `${w}:*` : w, ...typos.map((t) => t.word), ...family].join(' | ')})`, alternatives };
  };
  const parts = words.map((w, i) => ({ w, ...alternativesOf(w, i) }));
  const join = (list: typeof parts, op: string) => (list.length > 0 ? list.map((p) => p.text).join(op) : null);
  const query = (list: typeof parts, op: 'and' | 'or'): TextQuery | null => {
    const groups = list.map((p) => p.alternatives).filter((g) => g.length > 0);
    return groups.length > 0 ? { groups, op } : null;
  };
  const docParts = parts.filter((p) => !levelWords.has(p.w));
  const allQuery = query(parts, 'and');
  return {
    q,
    location,
    words,
    levels,
    skills,
    types,
    all: join(parts, ' & '),
    allButLevels: join(docParts, ' & '),
    any: parts.length > 1 ? join(parts, ' | ') : null,
    allQuery,
    // The same object when no level was named: the index matches it once.
    docsQuery: docParts.length === parts.length ? allQuery : query(docParts, 'and'),
    anyQuery: parts.length > 1 ? query(parts, 'or') : null,
    terms: [...new Set(terms)],
    // As the database normalises titles (normalisedText): "St-Malo" stays "st malo".
    exact: normaliseTitle(q),
  };
}
