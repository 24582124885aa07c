import { describe, expect, it } from 'vitest';
import { formatDayHours, parseDayHours, toOsmOpeningHours, toSchemaOrg } from './opening-hours.ts';

describe('opening hours', () => {
  it('reads the ways people write hours', () => {
    expect(parseDayHours('9h-12h, 14h-18h30')).toEqual([
      ['09:00', '12:00'],
      ['14:00', '18:30'],
    ]);
    expect(parseDayHours('09:00–17:30')).toEqual([['09:00', '17:30']]);
    expect(parseDayHours('14h à 18h et 9h à 12h')).toEqual([
      ['09:00', '12:00'],
      ['14:00', '18:00'],
    ]);
    expect(parseDayHours('fermé')).toEqual([]);
    expect(parseDayHours('')).toEqual([]);
  });

  it('refuses what it cannot understand or that makes no sense', () => {
    for (const bad of ['le matin', '18h-9h', '25h-26h', '9h-12h, 11h-14h', '9h', '9h-12h-14h']) {
      expect(parseDayHours(bad), bad).toBeNull();
    }
  });

  it('writes hours back the French way, and in the OSM and schema.org formats', () => {
    expect(
      formatDayHours([
        ['09:00', '12:00'],
        ['14:00', '18:30'],
      ]),
    ).toBe('9h-12h, 14h-18h30');
    const hours = {
      days: { mo: [['09:00', '12:00']], tu: [['09:00', '12:00']], we: [['09:00', '12:00']], sa: [['10:00', '13:00']] },
    } as const;
    expect(toOsmOpeningHours(hours as never)).toBe('Mo-We 09:00-12:00; Sa 10:00-13:00');
    expect(toSchemaOrg(hours as never)[0]).toEqual({
      '@type': 'OpeningHoursSpecification',
      dayOfWeek: 'https://schema.org/Monday',
      opens: '09:00',
      closes: '12:00',
    });
  });
});
