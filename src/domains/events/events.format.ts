import { formatDate, type Locale } from '../../lib/i18n.ts';
import { localParts } from '../../lib/zoned-time.ts';

/** "14 h", "14 h 30" in French; "2:30 pm" style left to English readers as "14:30". */
export function formatTime(locale: Locale, time: string): string {
  const [h, m] = time.split(':') as [string, string];
  return locale === 'fr' ? `${Number(h)} h${m === '00' ? '' : ` ${m}`}` : time;
}

const ZONE_NAMES: Record<string, { fr: string; en: string }> = {
  'America/Guadeloupe': { fr: 'heure de la Guadeloupe', en: 'Guadeloupe time' },
  'America/Martinique': { fr: 'heure de la Martinique', en: 'Martinique time' },
  'America/Cayenne': { fr: 'heure de Guyane', en: 'French Guiana time' },
  'Indian/Reunion': { fr: 'heure de La Réunion', en: 'Réunion time' },
  'Indian/Mayotte': { fr: 'heure de Mayotte', en: 'Mayotte time' },
  'America/Miquelon': { fr: 'heure de Saint-Pierre-et-Miquelon', en: 'Saint Pierre and Miquelon time' },
  'Pacific/Noumea': { fr: 'heure de Nouméa', en: 'Nouméa time' },
  'Pacific/Tahiti': { fr: 'heure de Tahiti', en: 'Tahiti time' },
  'Pacific/Wallis': { fr: 'heure de Wallis', en: 'Wallis time' },
};

/** The zone named when it is not Paris's ("heure de La Réunion"), else nothing. */
export const zoneName = (locale: Locale, tz: string): string | null => ZONE_NAMES[tz]?.[locale] ?? null;

const formats = new Map<string, Intl.DateTimeFormat>();

/** A calendar formatter per locale and shape, built once (building one costs ~0.5 ms). */
function calendarFormat(locale: Locale, shape: 'weekday' | 'day' | 'month'): Intl.DateTimeFormat {
  const key = `${locale}:${shape}`;
  let f = formats.get(key);
  if (!f) {
    const options: Record<typeof shape, Intl.DateTimeFormatOptions> = {
      weekday: { weekday: 'long' },
      day: { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' },
      month: { month: 'long', year: 'numeric' },
    };
    f = new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { ...options[shape], timeZone: 'UTC' });
    formats.set(key, f);
  }
  return f;
}

const weekdayFormat = (locale: Locale) => calendarFormat(locale, 'weekday');
const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** A day as a heading: "Mercredi 9 décembre 2026", "Vendredi 1er janvier 2027". */
export function dayTitle(locale: Locale, day: string): string {
  const text = capitalised(calendarFormat(locale, 'day').format(new Date(`${day}T12:00:00Z`)));
  return locale === 'fr' ? text.replace(/ 1 /, ' 1er ') : text;
}

/** A month as a heading ("Janvier 2027"), from "2027-01". */
export const monthTitle = (locale: Locale, month: string) =>
  capitalised(calendarFormat(locale, 'month').format(new Date(`${month}-15T12:00:00Z`)));

/** The days of the week, Monday first. */
export const weekdayNames = (locale: Locale) =>
  Array.from({ length: 7 }, (_, i) => weekdayFormat(locale).format(new Date(Date.UTC(2024, 0, 1 + i))));

/**
 * A session as people read it, in the event's own zone: "mercredi 2 décembre 2026, 14 h – 16 h";
 * over several days: "du samedi 5 au dimanche 6 décembre 2026, 9 h – 17 h".
 */
export function formatSession(locale: Locale, s: { startsAt: Date; endsAt: Date }, tz: string): string {
  const start = localParts(tz, s.startsAt);
  const end = localParts(tz, s.endsAt);
  const day = (d: string) => formatDate(locale, d);
  const weekday = (d: string) => weekdayFormat(locale).format(new Date(`${d}T12:00:00Z`));
  const zone = zoneName(locale, tz);
  const times = `${formatTime(locale, start.time)} – ${formatTime(locale, end.time)}${zone ? ` (${zone})` : ''}`;
  if (start.date === end.date) {
    return `${weekday(start.date)} ${day(start.date)}, ${times}`;
  }
  return locale === 'fr'
    ? `du ${weekday(start.date)} ${day(start.date)} au ${weekday(end.date)} ${day(end.date)}, ${times}`
    : `from ${weekday(start.date)} ${day(start.date)} to ${weekday(end.date)} ${day(end.date)}, ${times}`;
}

/** The local day of a session (for grouping by day, the month view). */
export const localDay = (tz: string, at: Date) => localParts(tz, at).date;
