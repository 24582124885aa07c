import { describe, expect, it } from 'vitest';
import { daysOf, monthsOf, parseFigure, parsePeriod, previousPeriod, rollUpPeriods } from './impact.indicators.ts';

/** A period the test knows to be valid. */
function period(text: string) {
  const p = parsePeriod(text);
  if (!p) {
    throw new Error(`not a period: ${text}`);
  }
  return p;
}

describe('periods as people write them', () => {
  it('read years, quarters and months in their usual French spellings', () => {
    expect(parsePeriod('2025')?.text).toBe('2025');
    for (const q of ['2025-T2', '2025 t2', 'T2 2025', '2025-Q2', 'q2/2025']) {
      expect(parsePeriod(q)?.text, q).toBe('2025-T2');
    }
    for (const m of ['2025-03', '2025-3', '03/2025', '3-2025', 'mars 2025', 'Mars 2025']) {
      expect(parsePeriod(m)?.text, m).toBe('2025-03');
    }
    expect(parsePeriod('févr. 2025')?.text).toBe('2025-02');
    expect(parsePeriod('décembre 2024')?.text).toBe('2024-12');
  });

  it('refuse what is not one', () => {
    for (const bad of ['', '2025-13', '2025-T5', 'T0 2025', '25', 'hier', '1850', 'brumaire 2025', '2025-00']) {
      expect(parsePeriod(bad), bad).toBeNull();
    }
  });

  it('know the period before, the months and days they cover, and what they roll up to', () => {
    expect(previousPeriod(period('2025-T1')).text).toBe('2024-T4');
    expect(previousPeriod(period('2025-01')).text).toBe('2024-12');
    expect(previousPeriod(period('2025')).text).toBe('2024');
    expect(monthsOf(period('2025-T3'))).toEqual(['2025-07', '2025-08', '2025-09']);
    expect(daysOf(period('2024-02'))).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(daysOf(period('2025-T4'))).toEqual({ from: '2025-10-01', to: '2025-12-31' });
    expect(rollUpPeriods(period('2025-11'))).toEqual(['2025-11', '2025-T4', '2025']);
    expect(rollUpPeriods(period('2025-T1'))).toEqual(['2025-T1', '2025']);
  });
});

describe('figures as people type them', () => {
  it('read French and English decimals, spaces between thousands, hours and minutes', () => {
    expect(parseFigure('1 250', 'count')).toEqual({ value: 1250 });
    expect(parseFigure('1\u202f250', 'count')).toEqual({ value: 1250 });
    expect(parseFigure('12,5', 'hours')).toEqual({ value: 12.5 });
    expect(parseFigure('12.25', 'hours')).toEqual({ value: 12.25 });
    expect(parseFigure('3 h 30', 'hours')).toEqual({ value: 3.5 });
    expect(parseFigure('3h', 'hours')).toEqual({ value: 3 });
  });
  it('say what is wrong', () => {
    expect(parseFigure('beaucoup', 'count')).toEqual({ error: 'number' });
    expect(parseFigure('-3', 'count')).toEqual({ error: 'negative' });
    expect(parseFigure('2,5', 'count')).toEqual({ error: 'decimal' });
    expect(parseFigure('99999999999', 'count')).toEqual({ error: 'tooLarge' });
    expect(parseFigure('3 h 75', 'hours')).toEqual({ error: 'number' });
    expect(parseFigure('=1+1', 'count')).toEqual({ error: 'number' });
  });
});
