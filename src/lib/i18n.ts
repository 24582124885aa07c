/** Tiny i18n: flat keys, `{name}` interpolation, plural forms chosen by Intl.PluralRules. */
export const LOCALES = ['fr', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'fr';
/** Cookie holding the language a person chose with the switch. */
export const LOCALE_COOKIE = 'tisserin_lang';

export type Message = string | { one: string; other: string; zero?: string };
export type Catalogue = Record<string, Message>;
export type Params = Record<string, string | number>;
export type Translate = (key: string, params?: Params) => string;

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

const pluralRules = new Map<Locale, Intl.PluralRules>();
const numberFormats = new Map<Locale, Intl.NumberFormat>();

export function formatNumber(locale: Locale, n: number): string {
  let f = numberFormats.get(locale);
  if (!f) {
    f = new Intl.NumberFormat(locale === 'fr' ? 'fr-FR' : 'en-GB');
    numberFormats.set(locale, f);
  }
  return f.format(n);
}

/** Build a translator; a key missing in `catalogue` falls back to `fallback`, then to the key itself. */
export function createTranslator(locale: Locale, catalogue: Catalogue, fallback: Catalogue): Translate {
  let rules = pluralRules.get(locale);
  if (!rules) {
    rules = new Intl.PluralRules(locale);
    pluralRules.set(locale, rules);
  }
  const plural = rules;
  return (key, params) => {
    const message = catalogue[key] ?? fallback[key];
    if (message === undefined) {
      return key;
    }
    let text: string;
    if (typeof message === 'string') {
      text = message;
    } else {
      const count = Number(params?.count ?? 0);
      text = count === 0 && message.zero ? message.zero : plural.select(count) === 'one' ? message.one : message.other;
    }
    if (!params) {
      return text;
    }
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = params[name];
      if (value === undefined) {
        return whole;
      }
      return typeof value === 'number' ? formatNumber(locale, value) : value;
    });
  };
}

/** Dates the way each locale writes them: "15 juin 2021" / "15 June 2021". */
const dateFormats = new Map<string, Intl.DateTimeFormat>();

export function formatDate(locale: Locale, date: Date | string, withTime = false): string {
  const d = typeof date === 'string' ? new Date(date) : date;
  const key = `${locale}:${withTime}`;
  let format = dateFormats.get(key); // building a formatter costs ~0.5 ms: keep them
  if (!format) {
    format = new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      ...(withTime ? { hour: '2-digit', minute: '2-digit' } : {}),
      timeZone: 'Europe/Paris',
    });
    dateFormats.set(key, format);
  }
  const text = format.format(d);
  // French writes the first of the month as an ordinal: "1er décembre".
  return locale === 'fr' ? text.replace(/^1 /, '1er ') : text;
}

/** The calendar day (YYYY-MM-DD) a moment falls on in France: what "today" means to the network. */
export const dayInFrance = (moment: Date = new Date()): string => moment.toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });

/** "800 m", "4,5 km", "127 km": distances the way people say them. */
export function formatKm(locale: Locale, km: number): string {
  if (km < 1) {
    return `${formatNumber(locale, Math.max(100, Math.round((km * 1000) / 100) * 100))} m`;
  }
  return `${formatNumber(locale, km < 10 ? Math.round(km * 10) / 10 : Math.round(km))} km`;
}
