import { describe, expect, it } from 'vitest';
import { eachWord, SearchIndex, W_A, W_B, W_C, W_D } from './search.index.ts';

const words = (text: string, rankWeights?: number) => {
  const out: Record<string, { mask: number; rank: number; some: number }> = {};
  eachWord(text, (w, mask, rank, some) => (out[w] = { mask, rank, some }), rankWeights);
  return out;
};

describe('the search index in memory', () => {
  it('reads a tsvector as PostgreSQL writes it: weights, positions, quotes, words without positions', () => {
    const w = words(`'3d':5 'd''arc':2A 'robot':1A,6B,9 'textil':3C 'nu'`);
    expect(Object.keys(w).sort()).toEqual(["d'arc", '3d', 'nu', 'robot', 'textil'].sort());
    expect(w.robot?.mask).toBe(W_A | W_B | W_D);
    expect(w.textil?.mask).toBe(W_C);
    expect(w.nu?.mask).toBe(W_D);
    // ts_rank of one word at one position of weight A (calc_rank_or): 1 / (π²/6).
    expect(w["d'arc"]?.rank).toBeCloseTo(0.6079, 3);
    expect(w['3d']?.rank).toBeCloseTo(0.0608, 3);
    // Documents rank on title and summary only: a body word counts nothing there.
    expect(words(`'robot':4C`, W_A | W_B).robot?.some).toBe(0);
  });

  it('matches every word, tiers by weight, forgets replaced and removed rows, and hides members-only words from visitors', () => {
    const index = new SearchIndex();
    const second = () => W_A | W_B;
    index.put({ type: 'project', id: 'p1', titleKey: 'robot', vector: `'robot':1A 'college':2B` });
    index.put({ type: 'project', id: 'p2', titleKey: 'jardin', vector: `'jardin':1A 'robot':5C 'college':6C` });
    index.put({ type: 'member', id: 'm1', titleKey: 'awa', vector: `'robot':1 'secret':2`, publicVector: `'robot':1` });
    const q = (...lexemes: string[]) => ({ groups: lexemes.map((l) => [{ lexemes: [l], prefix: false }]), op: 'and' as const });

    const both = index.match(q('robot', 'college'), true, second);
    expect(Array.from(both.slots, (s) => index.ids[s]).sort()).toEqual(['p1', 'p2']);
    const p1 = index.slot('p1') as number;
    const p2 = index.slot('p2') as number;
    expect(both.bits(p1)).toBe(2); // robot in the title, college in the summary: tier 2, not 3
    expect(both.bits(p2)).toBe(0); // body only
    expect(index.match(q('robot'), true, second).bits(p1)).toBe(3);

    const m1 = index.slot('m1') as number;
    expect((index.match(q('secret'), true, second).bits(m1) ?? 0) & 4).toBe(0);
    expect((index.match(q('robot'), true, second).bits(m1) ?? 0) & 4).toBe(4);

    index.put({ type: 'project', id: 'p2', titleKey: 'jardin', vector: `'jardin':1A` });
    const ids = (m: { slots: Int32Array }) => Array.from(m.slots, (s) => index.ids[s]).sort();
    expect(ids(index.match(q('robot'), true, second))).toEqual(['m1', 'p1']);
    index.remove('p1');
    expect(ids(index.match(q('robot'), true, second))).toEqual(['m1']);
    expect(ids(index.match({ groups: [[{ lexemes: ['jar'], prefix: true }]], op: 'and' }, true, second))).toEqual(['p2']);
    expect(index.deadShare).toBeCloseTo(2 / 4);
  });
});
