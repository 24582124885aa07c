import { describe, expect, it } from 'vitest';
import { findCommunesByPostcode, normalizeName, normalizePostcode, resolveCommune } from './territories.ts';

describe('French territories, offline', () => {
  it('finds the commune, department and region from a postcode and a name', () => {
    expect(resolveCommune({ postcode: '69100', commune: 'Villeurbanne' })).toMatchObject({
      code: '69266',
      departmentCode: '69',
      regionCode: '84',
    });
    expect(resolveCommune({ postcode: '29200', commune: 'brest' })?.code).toBe('29019');
    expect(resolveCommune({ postcode: '97400', commune: 'Saint-Denis' })).toMatchObject({ departmentCode: '974', regionCode: '04' });
    expect(resolveCommune({ postcode: '20000', commune: 'Ajaccio' })?.departmentCode).toBe('2A');
  });

  it('understands arrondissements, abbreviations and a single commune for a postcode', () => {
    expect(resolveCommune({ postcode: '75011', commune: 'Paris 11e Arrondissement' })?.code).toBe('75056');
    expect(resolveCommune({ postcode: '69003', commune: 'Lyon 3e' })?.code).toBe('69123');
    expect(normalizeName('St-Étienne')).toBe('saint etienne');
    expect(resolveCommune({ postcode: '42000', commune: 'St Étienne' })?.code).toBe('42218');
    expect(resolveCommune({ postcode: '69100' })?.name).toBe('Villeurbanne');
  });

  it('reads the œ ligature as "oe", as people type it and as texts are indexed', () => {
    expect(normalizeName('Cœuvres-et-Valsery')).toBe('coeuvres et valsery');
    expect(resolveCommune({ postcode: '02600', commune: 'Coeuvres et Valsery' })?.code).toBe('02201');
  });

  it('does not guess when the name contradicts the postcode', () => {
    expect(resolveCommune({ postcode: '69100', commune: 'Marseille' })).toBeUndefined();
    expect(findCommunesByPostcode('00000')).toEqual([]);
  });

  it('restores the leading zero spreadsheets drop', () => {
    expect(normalizePostcode('9500')).toBe('09500');
    expect(normalizePostcode(' 69 100 ')).toBe('69100');
    expect(normalizePostcode('ABCDE')).toBeNull();
  });
});
