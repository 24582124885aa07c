import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { plainTextOf } from '../../lib/markdown.ts';
import { levenshtein, normaliseTitle, snippetOf, snippetOfPlainText, wordsOf } from './search.service.ts';

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
  const slow = (text: string, terms: string[], words = 32) => {
    const stems = [...new Set(terms.map((t) => t.slice(0, Math.max(4, t.length - 2))))];
    const tokens = plainTextOf(text).split(' ');
    const matches = (t: string) =>
      normaliseTitle(t)
        .split(' ')
        .some((p) => p && stems.some((s) => p.startsWith(s)));
    const first = tokens.findIndex(matches);
    const start = first <= 8 ? 0 : first - 8;
    const marked = tokens
      .slice(start, start + words)
      .map((t) => (matches(t) ? `\uE000${t}\uE001` : t))
      .join(' ');
    return `${start > 0 ? '… ' : ''}${marked}${start + words < tokens.length ? ' …' : ''}`;
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
      [`${filler} L’ÉLECTRONIQUE, Ñandú et Straße: électroniques ${filler}`, ['electronique', 'nandu', 'strasse']],
      [`${filler} Ångström, Kelvin, ọ́c, x²; ${filler} angstrom`, ['angstrom', 'kelvin']],
      [`${filler} e\u0301lectronique électronique`, ['electronique']],
      [`1. Imprimer ${filler}`, ['imprimer']],
      [`${filler} préimprimer xÉlectronique ${filler} électronique`, ['imprimer', 'electronique']],
    ];
    for (const [text, terms] of cases) {
      expect(snippetOf(text, terms), text.slice(-40)).toBe(slow(text, terms));
    }
    expect(snippetOf(`${filler} La découpe laser`, ['decoupe'])).toContain('\uE000découpe\uE001');
  });

  it('finds the same first word as word-by-word testing, whatever the letters, case and spacing', () => {
    const letters = [...'abcdeéÉèEÈêoôÔœŒæçÇñßıİ-’ 0123', '\u0301', 'K'];
    const words = ['robot', 'Robots', 'rôbot', 'xrobot', 'érobot', 'ÉLECTRONIQUE', 'électro', 'œuvre', 'Oeuvres', 'ab', 'a'];
    const piece = fc.oneof(
      fc.constantFrom(...words),
      fc.array(fc.constantFrom(...letters), { maxLength: 8 }).map((c) => c.join('')),
    );
    const text = fc
      .array(fc.tuple(piece, fc.constantFrom(' ', ' ', ' ', '  ', '\n', ', ', '*', '[', '](x) ', '')), { maxLength: 80 })
      .map((parts) => parts.map(([w, sep]) => w + sep).join(''));
    const term = fc.constantFrom('robot', 'robots', 'electronique', 'oeuvre', 'abcd', 'ecoi');
    fc.assert(
      fc.property(text, fc.array(term, { minLength: 1, maxLength: 3 }), fc.integer({ min: 4, max: 40 }), (t, terms, words) => {
        expect(snippetOf(t, terms, words)).toBe(slow(t, terms, words));
      }),
      { numRuns: 2000 },
    );
  });

  it('cuts plain text as it cuts Markdown, without stripping marks', () => {
    const filler = Array.from({ length: 40 }, (_, i) => `mot${i}`).join(' ');
    const text = `Résumé du projet\n${filler} la découpe   laser ${filler}`;
    expect(snippetOfPlainText(text, ['decoupe'])).toBe(snippetOf(text, ['decoupe']));
    expect(snippetOfPlainText('un *robot* ici', ['robot'])).toBe('un \uE000*robot*\uE001 ici');
  });
});
