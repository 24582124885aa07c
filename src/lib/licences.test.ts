import { describe, expect, it } from 'vitest';
import { licenceName } from './licences.ts';

describe('licences in words', () => {
  it('names SPDX identifiers the way people read them', () => {
    expect(licenceName('GPL-3.0-or-later', 'fr')).toBe('GNU GPL 3 ou ultérieure');
    expect(licenceName('AGPL-3.0-only', 'fr')).toBe('GNU AGPL 3 seulement');
    expect(licenceName('LGPL-2.0-or-later', 'en')).toBe('GNU LGPL 2 or later');
    expect(licenceName('CC-BY-SA-4.0', 'fr')).toBe('Creative Commons BY-SA 4.0');
    expect(licenceName('MIT', 'fr')).toBe('licence MIT');
    expect(licenceName('LicenseRef-proprietaire', 'fr')).toBe('propriétaire');
    expect(licenceName('Unlicense-Foo', 'fr')).toBe('Unlicense-Foo');
  });
});
