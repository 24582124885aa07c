/**
 * Ranking a search over the index in memory: one rule per kind of thing, as its own pages show it
 * (published places and documents, accepted skills, events to come, members through the fields
 * the viewer may see), and a rank in tiers, so that each kind is judged on its own merits and
 * then compared fairly:
 *   4 the title is exactly what was typed · 3 the title holds every word · 2 the title and summary
 *   (a place's name, commune and kinds; a skill's synonyms) hold them · 1 only the body does;
 * plus: a skill the query names (5), documents linked to it (+0.6) or of a level it names (+0.5),
 * places in the location it names (+2, nearer first), a little of the text rank (≤ 0.3).
 * Members rank by their text only (1), or 4 for their exact name: people are found, not pushed.
 * Every match is ranked (no cap): counts and facets are exact.
 */
import { distanceKm, type LatLng, latitudesApart } from '../../lib/coordinates.ts';
import { type FacetKind, type SearchIndex, type TextMatches, type TextQuery, TYPE_CODES, W_A, W_B, W_C, W_D } from './search.index.ts';
import type { FacetCounts, ResultType, SearchFound, SearchInput } from './search.repo.ts';

/** What the SQL ranking reads (search.repo.ts), with the words as structured queries for the index. */
export interface IndexSearchInput extends Omit<SearchInput, 'all' | 'docs'> {
  all: TextQuery | null;
  docs: TextQuery | null;
}

/** Tier 2's weights for each kind: what its "title and summary" is. */
const SECOND: Record<ResultType, number> = {
  project: W_A | W_B,
  guide: W_A | W_B,
  place: W_A | W_B,
  skill: W_A | W_B | W_C,
  tool: W_A | W_C,
  community: W_A | W_B,
  publication: W_A,
  event: W_A | W_B,
  service: W_A,
  member: W_A | W_B | W_C | W_D,
};
const secondOf = (t: ResultType) => SECOND[t];

const [PROJECT, GUIDE, PLACE, SKILL, TOOL, MEMBER] = (['project', 'guide', 'place', 'skill', 'tool', 'member'] as const).map((t) =>
  TYPE_CODES.indexOf(t),
);

/** Documents searched by level or region alone: this many of the latest. */
const SCOPE_CAP = 101;

const TEXT_RANK_MAX = 0.3;

export function rankSearch(index: SearchIndex, input: IndexSearchInput, now = Date.now()): SearchFound {
  const { exact, location: loc, levels } = input;
  const ranks = rankedFor(index.size);
  const add = (slot: number, rank: number) => ranks.add(slot, rank);
  const memo = new Map<TextQuery, TextMatches>();
  const matchOf = (q: TextQuery) => {
    let m = memo.get(q);
    if (!m) {
      m = index.match(q, true, secondOf);
      memo.set(q, m);
    }
    return m;
  };
  const tier = (m: TextMatches | null, slot: number): number => {
    if (index.titleKeys[slot] === exact) {
      return 4;
    }
    const bits = m?.bits(slot);
    return bits === undefined ? 1 : bits & 1 ? 3 : bits & 2 ? 2 : 1;
  };
  const textRank = (m: TextMatches | null, slot: number) => Math.min(m?.rank(slot) ?? 0, TEXT_RANK_MAX);
  const typeOf = (slot: number) => index.types[slot];
  const centre = loc?.kind === 'commune' && loc.lat !== null && loc.lng !== null ? { lat: loc.lat, lng: loc.lng, km: loc.km } : null;
  const point = (slot: number): LatLng | null => {
    const lat = index.lat[slot] ?? Number.NaN;
    return Number.isNaN(lat) ? null : { lat, lng: index.lng[slot] ?? 0 };
  };
  const within = (slot: number): boolean => {
    if (!loc) {
      return false;
    }
    if (centre) {
      const lat = index.lat[slot] ?? Number.NaN;
      if (Number.isNaN(lat) || latitudesApart(lat, centre.lat, centre.km)) {
        return false;
      }
      return distanceKm({ lat, lng: index.lng[slot] ?? 0 }, centre) <= centre.km;
    }
    return loc.kind === 'department' ? index.departments[slot] === loc.code : index.regionCodes[slot] === loc.code;
  };
  const nearness = (slot: number) => {
    const p = point(slot);
    if (!p || !centre) {
      return 0;
    }
    const d = distanceKm(p, centre);
    return Math.max(0, 2.5 - 0.5 * Math.min(1, d / centre.km) - Math.max(0, d - centre.km) / 400);
  };

  // Projects and guides: exact title, text, linked to a named skill, of the level or region named.
  const docsMatch = input.docs ? matchOf(input.docs) : null;
  const skillIds = input.skills.map((k) => k.id);
  const linked = marksFor(index.size, 0);
  index.forDocsLinkedTo(skillIds, (slot) => linked.mark(slot));
  const docSeen = marksFor(index.size, 1);
  const levelCodes = index.codesOf('level', levels);
  const regionCode = loc?.regionCode ?? null;
  const regionCodes = index.codesOf('region', regionCode ? [regionCode] : []);
  const rankDoc = (slot: number) => {
    if (docSeen.has(slot)) {
      return;
    }
    docSeen.mark(slot);
    const isLinked = linked.has(slot);
    add(
      slot,
      Math.max(tier(docsMatch, slot), isLinked ? 2 : 0) +
        (isLinked ? 0.6 : 0) +
        (levelCodes.size > 0 && index.hasFacet(slot, levelCodes) ? 0.5 : 0) +
        (regionCodes.size > 0 && index.hasFacet(slot, regionCodes) ? 0.3 : 0) +
        textRank(docsMatch, slot) +
        (typeOf(slot) === PROJECT ? 0.05 : 0.04),
    );
  };
  for (const slot of index.docsTitled(exact)) {
    rankDoc(slot);
  }
  // Indexed loops: iterating a typed array allocates under load, and a search loops over thousands.
  const docSlots = docsMatch?.slots;
  for (let i = 0; docSlots && i < docSlots.length; i++) {
    const slot = docSlots[i] as number;
    if (typeOf(slot) === PROJECT || typeOf(slot) === GUIDE) {
      rankDoc(slot);
    }
  }
  for (let i = 0; i < linked.count; i++) {
    rankDoc(linked.list[i] as number);
  }
  if (skillIds.length === 0 && !input.docs && (levels.length > 0 || regionCode)) {
    const inScope = (slot: number) => index.hasFacet(slot, levels.length > 0 ? levelCodes : regionCodes);
    const scope: number[] = [];
    for (const type of ['project', 'guide'] as const) {
      index.forEachOf(type, (slot) => {
        if (inScope(slot)) {
          scope.push(slot);
        }
      });
    }
    // Latest first; the same date in slot order.
    scope.sort((a, b) => (index.publishedAt[b] ?? 0) - (index.publishedAt[a] ?? 0) || a - b);
    for (const slot of scope.slice(0, SCOPE_CAP)) {
      rankDoc(slot);
    }
  }

  // Places: every place there when only a location was typed; with words, the matching places,
  // nearer the commune named (beyond its radius too: the nearest fablab may be 80 km away), or
  // those in the department or region named.
  if (input.all || loc) {
    const m = input.all ? matchOf(input.all) : null;
    const areaOnly = loc && (!input.all || !centre);
    const rankPlace = (slot: number) => {
      if (typeOf(slot) === PLACE && !(areaOnly && !within(slot))) {
        const bonus = centre ? nearness(slot) : loc ? 2 : 0;
        add(slot, tier(m, slot) + textRank(m, slot) + bonus + 0.02);
      }
    };
    if (m) {
      for (let i = 0; i < m.slots.length; i++) {
        rankPlace(m.slots[i] as number);
      }
    } else {
      index.forEachOf('place', rankPlace);
    }
  }

  // Skills: those the query names first, then by their words.
  if (input.docs || skillIds.length > 0) {
    const named = new Map(input.skills.map((k) => [k.id, k.rank]));
    const slots = new Set<number>(docsMatch?.slots.filter((s) => typeOf(s) === SKILL) ?? []);
    for (const id of named.keys()) {
      const slot = index.slot(id);
      if (slot !== undefined && typeOf(slot) === SKILL) {
        slots.add(slot);
      }
    }
    for (const slot of slots) {
      const base = input.docs ? tier(docsMatch, slot) : index.titleKeys[slot] === exact ? 4 : 1;
      add(slot, Math.max(named.get(index.ids[slot] ?? '') ?? 0, base) + textRank(docsMatch, slot) + 0.03);
    }
  }

  if (docsMatch) {
    for (let i = 0; i < docsMatch.slots.length; i++) {
      const slot = docsMatch.slots[i] as number;
      if (typeOf(slot) === TOOL) {
        const inName = ((docsMatch.bits(slot) ?? 0) & 1) !== 0;
        add(slot, tier(docsMatch, slot) + (inName ? 0 : 0.3) + textRank(docsMatch, slot) + 0.02);
      }
    }
  }

  const text = input.all ?? (loc ? null : input.docs);
  if (text) {
    const m = matchOf(text);
    const inRegion = (slot: number) => !loc?.regionCode || index.regionCodes[slot] === loc.regionCode;
    for (let i = 0; i < m.slots.length; i++) {
      const slot = m.slots[i] as number;
      switch (index.type(slot)) {
        case 'community':
          add(slot, tier(m, slot) + textRank(m, slot) + 0.01);
          break;
        case 'publication':
          add(slot, tier(m, slot) + textRank(m, slot));
          break;
        // Events still to come, of the region named; offers while open and their place shown.
        case 'event':
          if ((index.until[slot] ?? 0) > now && inRegion(slot)) {
            add(slot, tier(m, slot) + textRank(m, slot) + 0.015);
          }
          break;
        case 'service': {
          const place = index.placeIds[slot];
          if ((place === null || place === undefined || index.slot(place) !== undefined) && inRegion(slot)) {
            add(slot, tier(m, slot) + textRank(m, slot) + 0.015);
          }
          break;
        }
        default:
      }
    }
  }

  // Members: by the text of the fields the viewer may see; near the location when it is visible.
  const seen = input.membersCanSee ? 1 : 2;
  const territoryVisible = (slot: number) => (index.territory[slot] ?? 0) >= seen && point(slot) !== null;
  if (input.all) {
    const m = matchOf(input.all);
    for (let i = 0; i < m.slots.length; i++) {
      const slot = m.slots[i] as number;
      // A visitor finds members only by what they show everyone.
      if (typeOf(slot) !== MEMBER || (!input.membersCanSee && !((m.bits(slot) ?? 0) & 4))) {
        continue;
      }
      const near = centre
        ? territoryVisible(slot)
          ? nearness(slot)
          : 0
        : loc && (index.territory[slot] ?? 0) >= seen && within(slot)
          ? 2
          : 0;
      add(slot, (index.titleKeys[slot] === exact ? 4 : 1) + textRank(m, slot) + near);
    }
  } else if (loc) {
    index.forEachOf('member', (slot) => {
      if ((index.territory[slot] ?? 0) >= seen && within(slot)) {
        const p = point(slot);
        const bonus = centre && p ? 2.5 - 0.5 * Math.min(1, distanceKm(p, centre) / centre.km) : 2;
        add(slot, 1 + bonus * 0.2);
      }
    });
  }

  return pageOf(index, ranks, input);
}

/** A set of slots as stamps in a column (reused from search to search), with the list marked. */
class Marks {
  stamp: Uint32Array;
  gen = 0;
  list: Int32Array;
  count = 0;
  constructor(readonly size: number) {
    this.stamp = new Uint32Array(size);
    this.list = new Int32Array(size);
  }
  mark(slot: number) {
    if (this.stamp[slot] !== this.gen) {
      this.stamp[slot] = this.gen;
      this.list[this.count++] = slot;
    }
  }
  has(slot: number) {
    return this.stamp[slot] === this.gen;
  }
}
const marks: Marks[] = [];
function marksFor(size: number, which: number): Marks {
  let m = marks[which];
  if (!m || m.size < size) {
    m = new Marks(Math.max(size, 1024) * 2);
    marks[which] = m;
  }
  m.gen++;
  m.count = 0;
  return m;
}

/** Ranked slots of one search: the best rank of each (columns reused from search to search). */
class Ranked {
  stamp: Uint32Array;
  rank: Float64Array;
  slots: Int32Array;
  count = 0;
  gen = 0;
  /** Facet counts by code, and the codes counted (to zero them again). */
  facetCounts = new Int32Array(256);
  constructor(readonly size: number) {
    this.stamp = new Uint32Array(size);
    this.rank = new Float64Array(size);
    this.slots = new Int32Array(size);
  }
  add(slot: number, rank: number) {
    if (this.stamp[slot] !== this.gen) {
      this.stamp[slot] = this.gen;
      this.rank[slot] = rank;
      this.slots[this.count++] = slot;
    } else if (rank > (this.rank[slot] as number)) {
      this.rank[slot] = rank;
    }
  }
  has(slot: number) {
    return this.stamp[slot] === this.gen;
  }
}
let ranked: Ranked | null = null;
function rankedFor(size: number): Ranked {
  if (!ranked || ranked.size < size) {
    ranked = new Ranked(Math.max(size, 1024) * 2);
  }
  ranked.gen++;
  ranked.count = 0;
  return ranked;
}

/**
 * Filters, facets and the page: type counts ignore the type filter (so one can switch type); the
 * other facets count what the filters leave. Every hit is counted, only the page's are kept (in
 * order as they come: a page is short, and most hits rank below it).
 */
function pageOf(index: SearchIndex, ranks: Ranked, input: IndexSearchInput): SearchFound {
  const f = input.filters;
  const { facetOffset, facetLength, facetPool, facetNames, types } = index;
  if (ranks.facetCounts.length < facetNames.length) {
    ranks.facetCounts = new Int32Array(facetNames.length * 2);
  }
  const counts = ranks.facetCounts;
  const counted: number[] = [];
  const typeCounts = new Uint32Array(TYPE_CODES.length);
  // Filters as codes: a hit passes a facet's filter when one of its codes is among those wanted.
  const wanted = (kind: FacetKind, values: readonly string[]) => (values.length > 0 ? index.codesOf(kind, values) : null);
  const filters = [
    wanted('level', f.levels),
    wanted('discipline', f.disciplines),
    wanted('region', f.regions),
    wanted('licence', f.licences),
  ];
  const active = filters.filter((set): set is Set<number> => set !== null);
  const typeAllowed = TYPE_CODES.map((t) => f.types.length === 0 || f.types.includes(t));
  const boost = TYPE_CODES.map((t) => (input.types.includes(t) ? 1.5 : 0));
  const want = input.offset + input.limit;
  const topSlots: number[] = [];
  const topRanks: number[] = [];
  /** Whether hit a (slot, rank) comes before hit b: higher rank, then the smaller id. */
  const before = (sa: number, ra: number, sb: number, rb: number) => (ra !== rb ? ra > rb : (index.ids[sa] ?? '') < (index.ids[sb] ?? ''));
  let total = 0;
  for (let i = 0; i < ranks.count; i++) {
    const slot = ranks.slots[i] as number;
    const off = facetOffset[slot] as number;
    const len = facetLength[slot] as number;
    if (active.length > 0 && !active.every((codes) => index.hasFacet(slot, codes))) {
      continue;
    }
    const code = types[slot] as number;
    typeCounts[code] = (typeCounts[code] as number) + 1;
    if (!typeAllowed[code]) {
      continue;
    }
    total++;
    for (let j = 0; j < len; j++) {
      const c = facetPool[off + j] as number;
      if (counts[c] === 0) {
        counted.push(c);
      }
      counts[c] = (counts[c] as number) + 1;
    }
    const rank = (ranks.rank[slot] as number) + (boost[code] as number);
    const n = topSlots.length;
    if (n >= want && !before(slot, rank, topSlots[n - 1] as number, topRanks[n - 1] as number)) {
      continue;
    }
    let k = n;
    while (k > 0 && before(slot, rank, topSlots[k - 1] as number, topRanks[k - 1] as number)) {
      k--;
    }
    topSlots.splice(k, 0, slot);
    topRanks.splice(k, 0, rank);
    if (topSlots.length > want) {
      topSlots.pop();
      topRanks.pop();
    }
  }
  const facets: FacetCounts = {
    type: Object.fromEntries(TYPE_CODES.flatMap((t, i) => (typeCounts[i] ? [[t, typeCounts[i]]] : []))),
    level: {},
    discipline: {},
    region: {},
    licence: {},
  };
  for (const c of counted) {
    const name = facetNames[c];
    if (name) {
      facets[name.kind][name.value] = counts[c] as number;
    }
    counts[c] = 0;
  }
  const hits = topSlots.slice(input.offset).map((slot, i) => ({
    type: index.type(slot),
    id: index.ids[slot] ?? '',
    rank: topRanks[input.offset + i] as number,
  }));
  return { hits, total, capped: false, facets };
}
