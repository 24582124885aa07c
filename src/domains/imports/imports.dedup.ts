import { distanceKm } from '../../lib/coordinates.ts';
import { normalizeName } from '../geo/territories.ts';
import type { PlaceDraft } from './imports.clean.ts';

/**
 * Is this row a place we already have? Vetoes first (another commune, kinds that cannot be the
 * same place), then a score on the name, the address and the distance. Merged without asking
 * only above a high score; between the two thresholds a person decides (merge or keep both).
 */

export interface Candidate {
  /** A place's id, or `line:N` for an earlier row of the same file. */
  ref: string;
  name: string;
  kinds: string[];
  address?: string | null;
  inseeCode?: string | null;
  latitude?: number | null;
  longitude?: number | null;
  website?: string | null;
  /** The point is only the commune's centre: it says nothing about where the place is. */
  approximate?: boolean;
}

export const SAME_PLACE = 0.85;
export const MAYBE_SAME = 0.6;

/** Families of kinds: two places of disjoint families are not the same place (a CDI is not a fab lab). */
const FAMILY: Record<string, string> = {
  fablab: 'making',
  makerspace: 'making',
  'living-lab': 'making',
  'learning-lab': 'making',
  associatif: 'any',
  'espace-numerique': 'digital',
  mediatheque: 'library',
  cdi: 'school',
  'tiers-lieu-scolaire': 'school',
  campus: 'campus',
  'espace-jeunes': 'social',
  'centre-social': 'social',
};

function kindsCompatible(a: string[], b: string[]): boolean {
  const fa = new Set(a.map((k) => FAMILY[k] ?? 'any'));
  const fb = new Set(b.map((k) => FAMILY[k] ?? 'any'));
  if (fa.size === 0 || fb.size === 0 || fa.has('any') || fb.has('any')) {
    return true;
  }
  // A public library often hosts the digital space: those two families may be one place.
  const near = (x: string, y: string) => x === y || (x === 'library' && y === 'digital') || (x === 'digital' && y === 'library');
  return [...fa].some((x) => [...fb].some((y) => near(x, y)));
}

/** Words that say nothing about which place it is. */
const NOISE = new Set(['le', 'la', 'les', 'l', 'de', 'du', 'des', 'd', 'et', 'a', 'au', 'aux', 'en', 'the', 'of']);

function nameWords(name: string): string[] {
  return normalizeName(name.replace(/fab\s*-?\s*lab/gi, 'fablab').replace(/tiers[-\s]lieux?/gi, 'tierslieu'))
    .split(' ')
    .filter((w) => w && !NOISE.has(w));
}

function bigrams(words: string[]): Set<string> {
  const text = words.join(' ');
  const out = new Set<string>();
  for (let i = 0; i < text.length - 1; i++) {
    out.add(text.slice(i, i + 2));
  }
  return out;
}

/**
 * Dice coefficient over letter pairs: 1 for the same words, tolerant of typos and word order.
 * A name whose every word is in the other ("La Station", "La Station Coworking") scores 0.85.
 */
export function similarity(a: string, b: string): number {
  const wa = nameWords(a);
  const wb = nameWords(b);
  if (wa.length === 0 || wb.length === 0) {
    return 0;
  }
  if (wa.join(' ') === wb.join(' ')) {
    return 1;
  }
  const [shorter, longer] = wa.length <= wb.length ? [wa, wb] : [wb, wa];
  const contained = shorter.some((w) => w.length >= 4) && shorter.every((w) => longer.includes(w)) ? 0.85 : 0;
  const ba = bigrams(wa);
  const bb = bigrams(wb);
  let common = 0;
  for (const g of ba) {
    if (bb.has(g)) {
      common++;
    }
  }
  return Math.max(contained, (2 * common) / (ba.size + bb.size));
}

/** Sites that host many places' pages: the same one says nothing. */
const SHARED_HOSTS =
  /(^|\.)(facebook|fb|instagram|linkedin|twitter|x|google|sites\.google|wordpress|wixsite|blogspot|free|orange|over-blog|jimdo|helloasso|youtube)\.[a-z]+$/i;

function host(url: string | null | undefined): string | null {
  if (!url) {
    return null;
  }
  try {
    const h = new URL(url).hostname.replace(/^www\./, '').toLowerCase();
    return SHARED_HOSTS.test(h) ? null : h;
  } catch {
    return null;
  }
}

/** The house number matters: "12 rue X" and "14 rue X" are two addresses. */
function addressSimilarity(a: string, b: string): number {
  const na = normalizeName(a);
  const nb = normalizeName(b);
  const numA = /\b\d+\b/.exec(na)?.[0];
  const numB = /\b\d+\b/.exec(nb)?.[0];
  const s = similarity(na, nb);
  return numA && numB && numA !== numB ? s * 0.5 : s;
}

export interface Match {
  ref: string;
  score: number;
}

/** The score of a row against one candidate, or null when a veto says they cannot be one place. */
export function matchScore(row: PlaceDraft & { approximate?: boolean }, c: Candidate): number | null {
  if (row.inseeCode && c.inseeCode && row.inseeCode !== c.inseeCode) {
    return null;
  }
  if (!kindsCompatible(row.kinds, c.kinds)) {
    return null;
  }
  // "Annexe 1" and "Annexe 2", "Lab 12" and "Lab 14": the numbers in names tell places apart.
  const numbers = (name: string) => (name.match(/\d+/g) ?? []).join(' ');
  if (numbers(row.name) && numbers(c.name) && numbers(row.name) !== numbers(c.name)) {
    return null;
  }
  let weight = 0.6;
  let score = 0.6 * similarity(row.name, c.name);
  const site = host(row.website);
  if (site && site === host(c.website)) {
    // The same website (not a shared host): strong evidence, counted only when it agrees.
    weight += 0.3;
    score += 0.3;
  }
  if (row.address && c.address) {
    weight += 0.25;
    score += 0.25 * addressSimilarity(row.address, c.address);
  }
  const located = (p: { latitude?: number | null; longitude?: number | null; approximate?: boolean }) =>
    typeof p.latitude === 'number' && typeof p.longitude === 'number' && !p.approximate;
  if (located(row) && located(c)) {
    const km = distanceKm({ lat: row.latitude ?? 0, lng: row.longitude ?? 0 }, { lat: c.latitude ?? 0, lng: c.longitude ?? 0 });
    if (km > 30 && !row.inseeCode) {
      return null;
    }
    weight += 0.15;
    score += 0.15 * (km <= 0.1 ? 1 : km <= 0.5 ? 0.7 : km <= 2 ? 0.3 : 0);
  }
  return score / weight;
}

/** The best candidate above MAYBE_SAME, if any. */
export function bestMatch(row: PlaceDraft & { approximate?: boolean }, candidates: Iterable<Candidate>): Match | null {
  let best: Match | null = null;
  for (const c of candidates) {
    const score = matchScore(row, c);
    if (score !== null && score >= MAYBE_SAME && (!best || score > best.score)) {
      best = { ref: c.ref, score };
    }
  }
  return best;
}

/** Candidates by commune (or, without one, all of them): a row is compared with its neighbours only. */
export class CandidateIndex {
  private readonly byCommune = new Map<string, Candidate[]>();
  private readonly elsewhere: Candidate[] = [];

  add(c: Candidate): void {
    if (c.inseeCode) {
      const list = this.byCommune.get(c.inseeCode) ?? [];
      list.push(c);
      this.byCommune.set(c.inseeCode, list);
    } else {
      this.elsewhere.push(c);
    }
  }

  near(row: PlaceDraft): Candidate[] {
    return row.inseeCode
      ? [...(this.byCommune.get(row.inseeCode) ?? []), ...this.elsewhere]
      : [...this.elsewhere, ...[...this.byCommune.values()].flat()];
  }
}
