import { describe, expect, it } from 'vitest';
import { plainTextOf } from '../../lib/markdown.ts';
import { levenshtein, normaliseTitle, snippetOf, wordsOf } from './search.service.ts';

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

describe('snippets', () => {
  /** The same extract, word by word as it was cut before (the reference the fast path must equal). */
  const slow = (text: string, terms: string[]) => {
    const stems = [...new Set(terms.map((t) => t.slice(0, Math.max(4, t.length - 2))))];
    const tokens = plainTextOf(text).split(' ');
    const matches = (t: string) =>
      normaliseTitle(t)
        .split(' ')
        .some((p) => p && stems.some((s) => p.startsWith(s)));
    const first = tokens.findIndex(matches);
    const start = first <= 8 ? 0 : first - 8;
    const marked = tokens
      .slice(start, start + 32)
      .map((t) => (matches(t) ? `\uE000${t}\uE001` : t))
      .join(' ');
    return `${start > 0 ? '… ' : ''}${marked}${start + 32 < tokens.length ? ' …' : ''}`;
  };

  it('cuts around the first matching word and marks every match, as word-by-word testing does', () => {
    const filler = Array.from({ length: 40 }, (_, i) => `mot${i}`).join(' ');
    const cases: Array<[string, string[]]> = [
      [`${filler} La **découpe** laser, l’Électronique (robotique) et l'impression 3D. ${filler}`, ['decoupe', 'electronique']],
      [`${filler} Le cœur du robot ${filler}`, ['coeur']],
      [`Début: imprimer; ${filler} réimprimer`, ['imprimer']],
      [`${filler} rien ici`, ['laser']],
      [`${filler} [Fablab](https://exemple.fr/laser) et L’ATELIER-laser`, ['laser']],
      ['', ['laser']],
    ];
    for (const [text, terms] of cases) {
      expect(snippetOf(text, terms), text.slice(-40)).toBe(slow(text, terms));
    }
    expect(snippetOf(`${filler} La découpe laser`, ['decoupe'])).toContain('\uE000découpe\uE001');
  });
});
