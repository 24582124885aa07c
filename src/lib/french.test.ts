import { describe, expect, it } from 'vitest';
import { aName, deName } from './french.ts';

describe('French contractions', () => {
  it('elides and contracts "de" the way French is written', () => {
    expect(deName('Orléans-Tours')).toBe('d’Orléans-Tours');
    expect(deName('Île-de-France')).toBe('d’Île-de-France');
    expect(deName('Le Mans')).toBe('du Mans');
    expect(deName('Les Sables-d’Olonne')).toBe('des Sables-d’Olonne');
    expect(deName('La Rochelle')).toBe('de La Rochelle');
    expect(deName('Lyon')).toBe('de Lyon');
    expect(deName('Haguenau')).toBe('de Haguenau');
  });
  it('contracts "à"', () => {
    expect(aName('Le Mans')).toBe('au Mans');
    expect(aName('Les Abymes')).toBe('aux Abymes');
    expect(aName('La Rochelle')).toBe('à La Rochelle');
    expect(aName('Orléans')).toBe('à Orléans');
  });
});

describe('dates in French', () => {
  it('writes the first of the month as an ordinal, other days as numbers', async () => {
    const { formatDate } = await import('./i18n.ts');
    expect(formatDate('fr', '2026-09-01')).toBe('1er septembre 2026');
    expect(formatDate('fr', '2026-09-11')).toBe('11 septembre 2026');
    expect(formatDate('fr', '2026-09-21')).toBe('21 septembre 2026');
    expect(formatDate('en', '2026-09-01')).toBe('1 September 2026');
  });
});
