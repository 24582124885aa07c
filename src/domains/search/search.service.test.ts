import { describe, expect, it } from 'vitest';
import { levenshtein, wordsOf } from './search.service.ts';

describe('search words', () => {
  it('splits text into unaccented words of 3+ letters', () => {
    expect(wordsOf('Découpe laser à l’École, 3D!')).toEqual(['decoupe', 'laser', 'ecole']);
    expect(wordsOf('Œuvre')).toEqual(['oeuvre']);
  });

  it('counts typos', () => {
    expect(levenshtein('lazer', 'laser')).toBe(1);
    expect(levenshtein('lancer', 'laser')).toBe(2);
    expect(levenshtein('mediateque', 'mediatheque')).toBe(1);
    expect(levenshtein('', 'abc')).toBe(3);
  });
});
