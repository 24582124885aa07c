import { describe, expect, it } from 'vitest';
import { locateQuery } from './locate.ts';

const where = (q: string) => {
  const { location, rest } = locateQuery(q);
  return { at: location ? `${location.kind}:${location.name}` : null, rest: rest.join(' ') };
};

describe('reading where a search is about', () => {
  it('finds a commune, with or without accents and article, and keeps the other words', () => {
    expect(where('Rennes')).toEqual({ at: 'commune:Rennes', rest: '' });
    expect(where('fablab Rennes')).toEqual({ at: 'commune:Rennes', rest: 'fablab' });
    expect(where('découpe laser près de Vitré')).toEqual({ at: 'commune:Vitré', rest: 'decoupe laser' });
    expect(where('mediatheque saint etienne')).toEqual({ at: 'commune:Saint-Étienne', rest: 'mediatheque' });
    expect(where('le mans')).toEqual({ at: 'commune:Le Mans', rest: '' });
    expect(where('robotique au Mans')).toEqual({ at: 'commune:Le Mans', rest: 'robotique' });
    expect(where('fablab La Rochelle')).toEqual({ at: 'commune:La Rochelle', rest: 'fablab' });
    expect(where('atelier 35000')).toEqual({ at: 'commune:Rennes', rest: 'atelier' });
  });

  it('finds departments and regions', () => {
    expect(where('fablabs en Bretagne')).toEqual({ at: 'region:Bretagne', rest: 'fablabs' });
    expect(where('ile de france')).toEqual({ at: 'region:Île-de-France', rest: '' });
    expect(where('médiathèque Ille-et-Vilaine')).toEqual({ at: 'department:Ille-et-Vilaine', rest: 'mediatheque' });
    expect(where('Finistère')).toEqual({ at: 'department:Finistère', rest: '' });
    expect(where('Nord')).toEqual({ at: 'department:Nord', rest: '' });
  });

  it('does not mistake everyday words for places', () => {
    for (const q of [
      'impression 3D',
      'robotique collège',
      'découpe laser',
      'avion en papier',
      'les cinq sens',
      'maison des jeunes quartiers nord',
      'club du mercredi',
      'couture',
      'podcast',
      'programmation scratch',
      'repair café',
      'jeu de société',
      'station météo',
      'réalité virtuelle',
    ]) {
      expect(where(q).at, q).toBeNull();
    }
  });
});
