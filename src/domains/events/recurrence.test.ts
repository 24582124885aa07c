import { describe, expect, it } from 'vitest';
import { easter, expandRule, MAX_SESSIONS, parseExceptions, publicHolidays } from './recurrence.ts';

describe('recurrence', () => {
  it('knows Easter and the public holidays that move with it', () => {
    expect(easter(2026)).toBe('2026-04-05');
    expect(easter(2027)).toBe('2027-03-28');
    const h = publicHolidays(2027);
    expect(h.has('2027-03-29')).toBe(true); // lundi de Pâques
    expect(h.has('2027-05-06')).toBe(true); // Ascension
    expect(h.has('2027-05-17')).toBe(true); // lundi de Pentecôte
    expect(h.size).toBe(11);
  });

  it('"every Wednesday until June, except the holidays": weekly dates without the periods left out', () => {
    const { periods, bad } = parseExceptions('du 17/02/2027 au 28/02/2027, 14/04/2027\n2027-05-05');
    expect(bad).toEqual([]);
    const out = expandRule({ firstDate: '2027-02-03', repeat: 'weekly', until: '2027-05-12', skipPublicHolidays: true, except: periods });
    expect(out.ok && out.dates).toEqual([
      '2027-02-03',
      '2027-02-10',
      '2027-03-03',
      '2027-03-10',
      '2027-03-17',
      '2027-03-24',
      '2027-03-31',
      '2027-04-07',
      '2027-04-21',
      '2027-04-28',
      '2027-05-12',
    ]);
  });

  it('monthly on the same weekday of the month, skipping months without a fifth one', () => {
    const first = expandRule({ firstDate: '2027-01-06', repeat: 'monthly', until: '2027-04-30', skipPublicHolidays: false, except: [] });
    expect(first.ok && first.dates).toEqual(['2027-01-06', '2027-02-03', '2027-03-03', '2027-04-07']);
    const fifth = expandRule({ firstDate: '2027-03-31', repeat: 'monthly', until: '2027-12-31', skipPublicHolidays: false, except: [] });
    expect(fifth.ok && fifth.dates).toEqual(['2027-03-31', '2027-06-30', '2027-09-29', '2027-12-29']);
  });

  it('weekdays skip the weekend; a public holiday can be kept', () => {
    const out = expandRule({ firstDate: '2027-07-09', repeat: 'weekdays', until: '2027-07-15', skipPublicHolidays: false, except: [] });
    expect(out.ok && out.dates).toEqual(['2027-07-09', '2027-07-12', '2027-07-13', '2027-07-14', '2027-07-15']);
  });

  it('refuses a rule of too many sessions with its count, one beyond two years, and one that leaves nothing', () => {
    const tooMany = expandRule({ firstDate: '2027-01-01', repeat: 'daily', until: '2028-06-30', skipPublicHolidays: false, except: [] });
    expect(tooMany).toEqual({ ok: false, reason: 'tooMany', count: 547 });
    expect(MAX_SESSIONS).toBe(200);
    expect(expandRule({ firstDate: '2027-01-01', repeat: 'weekly', until: '2031-01-01', skipPublicHolidays: false, except: [] })).toEqual({
      ok: false,
      reason: 'tooLong',
    });
    expect(expandRule({ firstDate: '2027-01-01', repeat: 'none', skipPublicHolidays: true, except: [] })).toEqual({
      ok: false,
      reason: 'none',
    });
  });

  it('reads dates as people type them, and says which pieces it cannot read', () => {
    expect(parseExceptions('24/12/2026 ; du 1/1/2027 au 3/1/2027').periods).toEqual([
      { from: '2026-12-24', to: '2026-12-24' },
      { from: '2027-01-01', to: '2027-01-03' },
    ]);
    expect(parseExceptions('Noël, 31/02/2027, du 10/03/2027 au 01/03/2027').bad).toEqual([
      'Noël',
      '31/02/2027',
      'du 10/03/2027 au 01/03/2027',
    ]);
  });
});
