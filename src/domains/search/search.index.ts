/**
 * The search index in memory: every searchable row's words (the lexemes PostgreSQL's French
 * stemmer stored in its tsvector, with their weights), and what ranking and facets need of it.
 * A query is matched and ranked here, on the server's thread, without a database round trip;
 * search.index.sync.ts keeps it equal to the tables. Compact by design: a row is a slot in
 * columns of typed arrays, a word's postings are a growing array of slots plus one byte each
 * (its weights, whether members-only, and its share of the text rank).
 *
 * A changed row takes a new slot; its old slot is marked dead (its postings stay, skipped), and
 * the index is rebuilt when dead slots pass a quarter of the whole.
 */
import { RESULT_TYPES, type ResultType } from './search.repo.ts';

export const W_A = 1;
export const W_B = 2;
export const W_C = 4;
export const W_D = 8;
/** A member's word that the public text holds too (visitors search only those). */
const PUBLIC = 16;
const RANK_SHIFT = 5;
/** The text rank is kept on 3 bits, up to this value. */
const RANK_MAX = 0.6;

/** A row's type is kept as its place in the list of result types. */
export const TYPE_CODES: readonly ResultType[] = RESULT_TYPES;
const typeCode = new Map(TYPE_CODES.map((t, i) => [t, i]));
const MEMBER = TYPE_CODES.indexOf('member');

export type FacetKind = 'level' | 'discipline' | 'region' | 'licence';

/** One row as the loader reads it. */
export interface IndexRow {
  type: ResultType;
  id: string;
  /** The title (a member's name) normalised: equal to what was typed, it is the best match. */
  titleKey: string;
  /** The tsvector as text (`'word':1A,4 …`); for members, the text members see. */
  vector: string;
  /** Members: the text visitors see. */
  publicVector?: string;
  /** Documents: ranked on title and summary only (weights A and B). */
  rankOnTitle?: boolean;
  levels?: string[];
  disciplines?: string[];
  regions?: string[];
  licence?: string | null;
  lat?: number | null;
  lng?: number | null;
  department?: string | null;
  region?: string | null;
  /** Documents: when published (ms), for searches by level or region alone. */
  publishedAt?: number;
  /** Documents: the skills they are linked to. */
  skills?: string[];
  /** Offers: the place they belong to (shown only while it is). */
  placeId?: string | null;
  /** Events: the end of their last session (ms): found while it is to come. */
  until?: number | null;
  /** Members: who may see their commune (2 everyone, 1 members, 0 nobody). */
  territory?: number;
}

/**
 * A word's postings as bytes: for each slot, its distance from the previous one (slots only
 * grow, so it is small: a varint, mostly one byte), then its info byte. ~2 bytes a posting.
 */
class Postings {
  bytes = new Uint8Array(8);
  length = 0;
  last = 0;
  push(slot: number, info: number) {
    if (this.length + 6 > this.bytes.length) {
      const b = new Uint8Array(this.bytes.length * 2);
      b.set(this.bytes);
      this.bytes = b;
    }
    let d = slot - this.last;
    this.last = slot;
    while (d >= 128) {
      this.bytes[this.length++] = (d & 127) | 128;
      d >>>= 7;
    }
    this.bytes[this.length++] = d;
    this.bytes[this.length++] = info;
  }
  /** Give back the room kept for growth. */
  trim() {
    if (this.bytes.length > this.length + 16) {
      this.bytes = this.bytes.slice(0, this.length);
    }
  }
}

/**
 * Each word of a tsvector's text, with its weight bits and its rank as ts_rank counts one word
 * (calc_rank_or: each position's weight, the best in full, the others fading as 1/(j+1)²), and
 * the same rank over the positions of `rankWeights` only (documents rank on title and summary).
 * A tsvector holds each word once.
 */
export function eachWord(
  text: string,
  onWord: (word: string, mask: number, rank: number, rankOfWeights: number) => void,
  rankWeights = W_A | W_B | W_C | W_D,
): void {
  let i = 0;
  const n = text.length;
  while (i < n) {
    while (i < n && text.charCodeAt(i) !== 39) {
      i++;
    }
    if (i >= n) {
      return;
    }
    i++;
    let word = '';
    for (;;) {
      const q = text.indexOf("'", i);
      if (q < 0) {
        return;
      }
      word += text.slice(i, q);
      if (text.charCodeAt(q + 1) === 39) {
        word += "'";
        i = q + 2;
        continue;
      }
      i = q + 1;
      break;
    }
    // Rank sums over every position (a…) and over those of rankWeights (s…): sum, best, its place, count.
    let mask = 0;
    let aSum = 0;
    let aBest = 0;
    let aAt = 0;
    let aN = 0;
    let sSum = 0;
    let sBest = 0;
    let sAt = 0;
    let sN = 0;
    if (text.charCodeAt(i) === 58) {
      i++;
      while (i < n && text.charCodeAt(i) !== 32) {
        while (i < n && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) {
          i++;
        }
        const c = text.charCodeAt(i);
        // 65 A, 66 B, 67 C; no letter: D.
        const bit = c === 65 ? W_A : c === 66 ? W_B : c === 67 ? W_C : W_D;
        if (bit !== W_D) {
          i++;
        }
        const w = bit === W_A ? 1 : bit === W_B ? 0.4 : bit === W_C ? 0.2 : 0.1;
        mask |= bit;
        aSum += w / ((aN + 1) * (aN + 1));
        if (w > aBest) {
          aBest = w;
          aAt = aN;
        }
        aN++;
        if (bit & rankWeights) {
          sSum += w / ((sN + 1) * (sN + 1));
          if (w > sBest) {
            sBest = w;
            sAt = sN;
          }
          sN++;
        }
        if (text.charCodeAt(i) === 44) {
          i++;
        }
      }
    } else {
      // A word without positions (stripped): weight D, once.
      mask = W_D;
      aSum = aBest = 0.1;
      aN = 1;
      if (W_D & rankWeights) {
        sSum = sBest = 0.1;
        sN = 1;
      }
    }
    const all = aN === 0 ? 0 : (aBest + aSum - aBest / ((aAt + 1) * (aAt + 1))) / 1.64493406685;
    const some = sN === 0 ? 0 : (sBest + sSum - sBest / ((sAt + 1) * (sAt + 1))) / 1.64493406685;
    onWord(word, mask, all, some);
  }
}

/** One alternative of a word: its lexemes (all required), each maybe a prefix. */
export interface Alternative {
  lexemes: string[];
  prefix: boolean;
}
/** A text query: groups of alternatives, every group required (`and`) or any (`or`). */
export interface TextQuery {
  groups: Alternative[][];
  op: 'and' | 'or';
}

/** What matching a text query found: slots, and for each whether its words are all (any) in a weight. */
export interface TextMatches {
  /** Slots matched. */
  slots: Int32Array;
  /** A matched slot's tier bits (1: in weight A, 2: in the type's second weights); undefined if not matched. */
  bits(slot: number): number | undefined;
  /** A slot's text rank (ts_rank-like, not capped; 0 if not matched). */
  rank(slot: number): number;
}

/** Scratch columns of one match, reused; stamps tell this match's values from older ones. */
class MatchBuffer {
  size = 0;
  gen = 0;
  gGen = 0;
  stamp = new Uint32Array(0);
  count = new Uint8Array(0);
  bits = new Uint8Array(0);
  rank = new Float32Array(0);
  gStamp = new Uint32Array(0);
  gInfo = new Uint8Array(0);
  /** The slots the group being matched found, and those the whole match touched. */
  group = new Int32Array(0);
  groupCount = 0;
  touched = new Int32Array(0);
  /** The slots of the last match (those touched that it kept). */
  matched = new Int32Array(0);
  touchedCount = 0;
  /** A slot found for the group being matched: listed once, its infos merged. */
  addToGroup(slot: number, info: number) {
    if (this.gStamp[slot] !== this.gGen) {
      this.gStamp[slot] = this.gGen;
      this.gInfo[slot] = info;
      this.group[this.groupCount++] = slot;
    } else {
      this.gInfo[slot] = eitherInfo(this.gInfo[slot] as number, info);
    }
  }
  ensure(size: number) {
    if (this.size < size) {
      this.size = size;
      this.stamp = new Uint32Array(size);
      this.count = new Uint8Array(size);
      this.bits = new Uint8Array(size);
      this.rank = new Float32Array(size);
      this.gStamp = new Uint32Array(size);
      this.gInfo = new Uint8Array(size);
      this.group = new Int32Array(size);
      this.touched = new Int32Array(size);
      this.matched = new Int32Array(size);
      this.gen = 0;
      this.gGen = 0;
    }
  }
}

const INTERN = new Map<string, string>();
/** One copy of each small repeated string (department and region codes). */
const intern = (s: string | null | undefined): string | null => {
  if (s === null || s === undefined) {
    return null;
  }
  let v = INTERN.get(s);
  if (v === undefined) {
    v = s;
    INTERN.set(s, s);
  }
  return v;
};

export class SearchIndex {
  private cap = 1024;
  size = 0;
  dead = 0;
  types = new Uint8Array(this.cap);
  alive = new Uint8Array(this.cap);
  lat = new Float32Array(this.cap);
  lng = new Float32Array(this.cap);
  /** Events: end of the last session, in minutes since the epoch (0: none). */
  until = new Float64Array(this.cap);
  publishedAt = new Float64Array(this.cap);
  territory = new Uint8Array(this.cap);
  ids: string[] = [];
  titleKeys: string[] = [];
  departments: (string | null)[] = [];
  regionCodes: (string | null)[] = [];
  placeIds: (string | null)[] = [];
  /**
   * Each slot's facet values as small numbers (`facet` codes: level, discipline, region and
   * licence values together), `facetLength[slot]` of them from `facetOffset[slot]` in a pool:
   * facets are counted in typed arrays, without a string per hit.
   */
  facetOffset = new Uint32Array(this.cap);
  facetLength = new Uint8Array(this.cap);
  facetPool = new Uint16Array(1024);
  private facetUsed = 0;
  /** Facet codes: `${kind}:${value}` → code, and back. */
  readonly facetCode = new Map<string, number>();
  readonly facetNames: Array<{ kind: FacetKind; value: string }> = [];
  private readonly slotOf = new Map<string, number>();
  /** Each type's slots, living or not, in slot order: a loop over one kind need not visit the whole index. */
  private readonly byType: number[][] = TYPE_CODES.map(() => []);
  private readonly words = new Map<string, Postings>();
  private sortedWords: string[] | null = null;
  /** Documents by their normalised title, and by the skills they are linked to. */
  private readonly docsByTitle = new Map<string, number[]>();
  private readonly docsBySkill = new Map<string, number[]>();

  private grow() {
    this.cap *= 2;
    const g = <T extends Uint8Array | Float32Array | Float64Array>(a: T, C: new (n: number) => T): T => {
      const b = new C(this.cap);
      b.set(a);
      return b;
    };
    this.types = g(this.types, Uint8Array);
    this.alive = g(this.alive, Uint8Array);
    this.lat = g(this.lat, Float32Array);
    this.lng = g(this.lng, Float32Array);
    this.until = g(this.until, Float64Array);
    this.publishedAt = g(this.publishedAt, Float64Array);
    this.territory = g(this.territory, Uint8Array);
    const offsets = new Uint32Array(this.cap);
    offsets.set(this.facetOffset);
    this.facetOffset = offsets;
    this.facetLength = g(this.facetLength, Uint8Array);
  }

  /** The code of a facet value (made on first sight). */
  codeOf(kind: FacetKind, value: string): number {
    const key = `${kind}:${value}`;
    let code = this.facetCode.get(key);
    if (code === undefined) {
      code = this.facetNames.length;
      this.facetNames.push({ kind, value });
      this.facetCode.set(key, code);
    }
    return code;
  }

  /** The codes of these values of one facet (a value never seen has none). */
  codesOf(kind: FacetKind, values: readonly string[]): Set<number> {
    return new Set(values.flatMap((v) => this.facetCode.get(`${kind}:${v}`) ?? []));
  }

  /** Whether a slot holds one of these facet codes. */
  hasFacet(slot: number, codes: ReadonlySet<number>): boolean {
    const off = this.facetOffset[slot] as number;
    const end = off + (this.facetLength[slot] as number);
    for (let j = off; j < end; j++) {
      if (codes.has(this.facetPool[j] as number)) {
        return true;
      }
    }
    return false;
  }

  private putFacets(slot: number, row: IndexRow) {
    const codes = [
      ...(row.levels ?? []).map((v) => this.codeOf('level', v)),
      ...(row.disciplines ?? []).map((v) => this.codeOf('discipline', v)),
      ...(row.regions ?? []).map((v) => this.codeOf('region', v)),
      ...(row.licence ? [this.codeOf('licence', row.licence)] : []),
    ].slice(0, 255);
    if (this.facetUsed + codes.length > this.facetPool.length) {
      const pool = new Uint16Array(Math.max(this.facetPool.length * 2, this.facetUsed + codes.length));
      pool.set(this.facetPool);
      this.facetPool = pool;
    }
    this.facetOffset[slot] = this.facetUsed;
    this.facetLength[slot] = codes.length;
    this.facetPool.set(codes, this.facetUsed);
    this.facetUsed += codes.length;
  }

  /** Forget a row (deleted, or no longer shown). */
  remove(id: string): void {
    const slot = this.slotOf.get(id);
    if (slot !== undefined) {
      this.alive[slot] = 0;
      this.slotOf.delete(id);
      this.dead++;
    }
  }

  /** Add a row, or replace it. */
  put(row: IndexRow): void {
    this.remove(row.id);
    if (this.size === this.cap) {
      this.grow();
    }
    const slot = this.size++;
    this.slotOf.set(row.id, slot);
    const code = typeCode.get(row.type) ?? 0;
    this.types[slot] = code;
    this.byType[code]?.push(slot);
    this.alive[slot] = 1;
    this.lat[slot] = row.lat ?? Number.NaN;
    this.lng[slot] = row.lng ?? Number.NaN;
    this.until[slot] = row.until ?? 0;
    this.publishedAt[slot] = row.publishedAt ?? 0;
    this.territory[slot] = row.territory ?? 0;
    this.ids[slot] = row.id;
    this.titleKeys[slot] = row.titleKey;
    this.putFacets(slot, row);
    this.departments[slot] = intern(row.department);
    this.regionCodes[slot] = intern(row.region);
    this.placeIds[slot] = row.placeId ?? null;
    const publicWords = new Set<string>();
    if (row.publicVector !== undefined) {
      eachWord(row.publicVector, (word) => publicWords.add(word));
    }
    const isPublic = row.publicVector !== undefined ? (word: string) => publicWords.has(word) : () => false;
    eachWord(
      row.vector,
      (word, mask, rank, titleRank) => {
        const r = row.rankOnTitle ? titleRank : rank;
        const q = Math.min(7, Math.round((Math.min(r, RANK_MAX) / RANK_MAX) * 7));
        this.postingsOf(word).push(slot, mask | (isPublic(word) ? PUBLIC : 0) | (q << RANK_SHIFT));
      },
      row.rankOnTitle ? W_A | W_B : undefined,
    );
    if (row.type === 'project' || row.type === 'guide') {
      pushTo(this.docsByTitle, row.titleKey, slot);
      for (const s of row.skills ?? []) {
        pushTo(this.docsBySkill, s, slot);
      }
    }
  }

  private postingsOf(word: string): Postings {
    let p = this.words.get(word);
    if (!p) {
      p = new Postings();
      this.words.set(word, p);
      this.sortedWords = null;
    }
    return p;
  }

  get deadShare(): number {
    return this.size === 0 ? 0 : this.dead / this.size;
  }

  slot(id: string): number | undefined {
    return this.slotOf.get(id);
  }

  type(slot: number): ResultType {
    return TYPE_CODES[this.types[slot] ?? 0] ?? 'project';
  }

  /** Living documents whose normalised title is `key`. */
  docsTitled(key: string): number[] {
    return (this.docsByTitle.get(key) ?? []).filter((s) => this.alive[s] && this.titleKeys[s] === key);
  }

  /** Each living document linked to one of these skills (a document may come once per skill). */
  forDocsLinkedTo(skillIds: readonly string[], fn: (slot: number) => void): void {
    for (const id of skillIds) {
      const slots = this.docsBySkill.get(id);
      for (let i = 0; slots && i < slots.length; i++) {
        const s = slots[i] as number;
        if (this.alive[s]) {
          fn(s);
        }
      }
    }
  }

  /** Each living slot of one type, in slot order (no list made: members are tens of thousands). */
  forEachOf(type: ResultType, fn: (slot: number) => void): void {
    const slots = this.byType[typeCode.get(type) ?? -1] ?? [];
    const { alive } = this;
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i] as number;
      if (alive[slot]) {
        fn(slot);
      }
    }
  }

  /** The postings of a lexeme, or of every lexeme it begins. */
  private postingsFor(lexeme: string, prefix: boolean): Postings[] {
    if (!prefix) {
      const p = this.words.get(lexeme);
      return p ? [p] : [];
    }
    if (!this.sortedWords) {
      this.sortedWords = [...this.words.keys()].sort();
    }
    const sorted = this.sortedWords;
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((sorted[mid] ?? '') < lexeme) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    const out: Postings[] = [];
    for (let i = lo; i < sorted.length && (sorted[i] ?? '').startsWith(lexeme); i++) {
      const p = this.words.get(sorted[i] ?? '');
      if (p) {
        out.push(p);
      }
    }
    return out;
  }

  /** Gather one posting list into the group being matched (a slot once, its infos merged). */
  private gather(p: Postings, membersText: boolean, buf: MatchBuffer): void {
    const memberCode = MEMBER;
    const { bytes, length } = p;
    const { alive, types } = this;
    let slot = 0;
    let k = 0;
    while (k < length) {
      let d = 0;
      let shift = 0;
      let byte = bytes[k++] as number;
      while (byte & 128) {
        d |= (byte & 127) << shift;
        shift += 7;
        byte = bytes[k++] as number;
      }
      slot += d | (byte << shift);
      const inf = bytes[k++] as number;
      if (!alive[slot] || (!membersText && !(inf & PUBLIC) && types[slot] === memberCode)) {
        continue;
      }
      buf.addToGroup(slot, inf);
    }
  }

  /** An alternative of several lexemes ("e-textile"): the slots holding them all. */
  private gatherAll(alt: Alternative, membersText: boolean, buf: MatchBuffer): void {
    let acc: Map<number, number> | null = null;
    for (const lexeme of alt.lexemes) {
      const found = new Map<number, number>();
      const scratch = this.scratch;
      scratch.ensure(this.cap);
      scratch.gGen++;
      scratch.groupCount = 0;
      for (const p of this.postingsFor(lexeme, alt.prefix)) {
        this.gather(p, membersText, scratch);
      }
      for (const slot of scratch.group.subarray(0, scratch.groupCount)) {
        const inf = scratch.gInfo[slot] as number;
        const prev: number | undefined = acc?.get(slot);
        if (acc === null) {
          found.set(slot, inf);
        } else if (prev !== undefined) {
          found.set(slot, (eitherInfo(prev, inf) & ~15) | (prev & inf & 15));
        }
      }
      acc = found;
    }
    for (const [slot, inf] of acc ?? []) {
      buf.addToGroup(slot, inf);
    }
  }

  private readonly pool: MatchBuffer[] = [];
  private readonly scratch = new MatchBuffer();
  private poolNext = 0;
  /** Scratch columns, handed out in turn: a search uses at most two at once (documents' words, everyone's), synchronously. */
  private buffer(): MatchBuffer {
    if (this.pool.length < 3) {
      this.pool.push(new MatchBuffer());
    }
    const buf = this.pool[this.poolNext++ % this.pool.length] as MatchBuffer;
    buf.ensure(this.cap);
    return buf;
  }

  /**
   * Rows whose text matches the query: for `and`, every group; for `or`, one at least. Each
   * match carries its tier bits — 1: every group (for `or`: some group) was found in weight A;
   * 2: in the type's second weights (`secondOf`: title and summary…); 4: (members) in the text
   * visitors see — and the mean of the
   * groups' ranks. Valid until the next few matches (its columns are reused).
   */
  match(query: TextQuery, membersText: boolean, secondOf: (type: ResultType) => number): TextMatches {
    const groups = query.groups.filter((g) => g.length > 0);
    const second = TYPE_CODES.map((t) => secondOf(t));
    const buf = this.buffer();
    const gen = ++buf.gen;
    buf.touchedCount = 0;
    const { types } = this;
    const { stamp, count, bits: bitsOf, rank, gInfo, group, touched } = buf;
    const or = query.op === 'or';
    for (let g = 0; g < groups.length; g++) {
      buf.gGen++;
      buf.groupCount = 0;
      for (const alt of groups[g] ?? []) {
        if (alt.lexemes.length === 1) {
          for (const p of this.postingsFor(alt.lexemes[0] ?? '', alt.prefix)) {
            this.gather(p, membersText, buf);
          }
        } else {
          this.gatherAll(alt, membersText, buf);
        }
      }
      for (let i = 0; i < buf.groupCount; i++) {
        const slot = group[i] as number;
        const inf = gInfo[slot] as number;
        const b = (inf & W_A ? 1 : 0) | (inf & (second[types[slot] ?? 0] ?? 0) ? 2 : 0) | (inf & PUBLIC ? 4 : 0);
        const r = rankOf(inf);
        if (stamp[slot] !== gen) {
          if (or || g === 0) {
            stamp[slot] = gen;
            count[slot] = 1;
            bitsOf[slot] = b;
            rank[slot] = r;
            touched[buf.touchedCount++] = slot;
          }
        } else if (or) {
          count[slot] = (count[slot] as number) + 1;
          bitsOf[slot] = (bitsOf[slot] as number) | b;
          rank[slot] = (rank[slot] as number) + r;
        } else if (count[slot] === g) {
          count[slot] = g + 1;
          bitsOf[slot] = (bitsOf[slot] as number) & b;
          rank[slot] = (rank[slot] as number) + r;
        }
      }
    }
    const need = query.op === 'and' ? groups.length : 1;
    const matched = (slot: number) => buf.stamp[slot] === gen && (buf.count[slot] as number) >= need;
    const n = Math.max(1, groups.length);
    let kept = 0;
    for (let i = 0; i < buf.touchedCount; i++) {
      const slot = touched[i] as number;
      if (matched(slot)) {
        buf.matched[kept++] = slot;
      }
    }
    return {
      slots: buf.matched.subarray(0, kept),
      bits: (slot) => (matched(slot) ? buf.bits[slot] : undefined),
      rank: (slot) => (matched(slot) ? (buf.rank[slot] as number) / n : 0),
    };
  }

  /** Give back the room kept for growth (after a build). */
  trim(): void {
    for (const p of this.words.values()) {
      p.trim();
    }
  }
}

function pushTo(map: Map<string, number[]>, key: string, slot: number) {
  const list = map.get(key);
  if (list) {
    list.push(slot);
  } else {
    map.set(key, [slot]);
  }
}

const rankOf = (info: number) => ((info >> RANK_SHIFT) / 7) * RANK_MAX;
/** Two postings of one slot: weights together, the better rank, public if either is. */
const eitherInfo = (a: number, b: number) => ((a | b) & (15 | PUBLIC)) | (Math.max(a >> RANK_SHIFT, b >> RANK_SHIFT) << RANK_SHIFT);
