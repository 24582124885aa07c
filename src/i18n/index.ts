import { type Catalogue, createTranslator, type Locale, type Translate } from '../lib/i18n.ts';
import { en } from './en.ts';
import { fr } from './fr.ts';

const catalogues: Record<Locale, Catalogue> = { fr, en };
const cache = new Map<Locale, Translate>();

/** The translator for a locale (French is the fallback for anything missing). */
export function translator(locale: Locale): Translate {
  let t = cache.get(locale);
  if (!t) {
    t = createTranslator(locale, catalogues[locale], fr);
    cache.set(locale, t);
  }
  return t;
}

export function hasMessage(key: string): boolean {
  return key in fr;
}
