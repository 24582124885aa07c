import { formatNumber, type Locale } from '../../lib/i18n.ts';
import type { ContributionRow } from './recognition.repo.ts';
import type { ContributionKind } from './recognition.schema.ts';

export interface Total {
  minutes: number;
  count: number;
}

const add = (map: Map<string, Total>, key: string, minutes: number) => {
  const t = map.get(key) ?? { minutes: 0, count: 0 };
  t.minutes += minutes;
  t.count += 1;
  map.set(key, t);
};

const byMostTime = <T extends Total>(list: T[]) => list.sort((a, b) => b.minutes - a.minutes || b.count - a.count);

/**
 * What a record shows: totals of the confirmed contributions only (by kind, place, year — the
 * year a contribution started), and the lists of what was confirmed and what was not (yet).
 */
export function summarise(rows: ContributionRow[]) {
  const confirmed = rows.filter((r) => r.status === 'confirmed');
  const kinds = new Map<string, Total>();
  const places = new Map<string, Total & { name: string; slug: string | null }>();
  const years = new Map<string, Total>();
  let minutes = 0;
  for (const r of confirmed) {
    const m = r.minutes ?? 0;
    minutes += m;
    add(kinds, r.kind, m);
    add(years, r.startedOn.slice(0, 4), m);
    if (r.placeId && r.placeName) {
      const p = places.get(r.placeId) ?? { minutes: 0, count: 0, name: r.placeName, slug: r.placeSlug };
      p.minutes += m;
      p.count += 1;
      places.set(r.placeId, p);
    }
  }
  return {
    totals: {
      minutes,
      count: confirmed.length,
      byKind: byMostTime([...kinds].map(([kind, t]) => ({ kind: kind as ContributionKind, ...t }))),
      byPlace: byMostTime([...places.values()]),
      byYear: [...years].map(([year, t]) => ({ year, ...t })).sort((a, b) => b.year.localeCompare(a.year)),
    },
    confirmed,
    waiting: rows.filter((r) => r.status === 'pending'),
    /** Sent back or declined: only their author reads them. */
    answered: rows.filter((r) => r.status === 'changes_requested' || r.status === 'declined'),
  };
}

/** Minutes as decimal hours, to the hundredth (90 → 1.5): what the API and the credentials carry. */
export const decimalHours = (minutes: number): number => Math.round((minutes / 60) * 100) / 100;

/** "3 h", "1 h 30", "45 min" (French); "3 h", "1 h 30 min", "45 min" (English). */
export function formatHours(locale: Locale, minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) {
    return `${m} min`;
  }
  const hours = `${formatNumber(locale, h)} h`;
  if (m === 0) {
    return hours;
  }
  const mm = String(m).padStart(2, '0');
  return locale === 'fr' ? `${hours} ${mm}` : `${hours} ${mm} min`;
}

/** Hours as the form shows them back ("1,5" → "1 h 30" stays readable): "1h30", "2". */
export const hoursForForm = (minutes: number | null) =>
  minutes === null
    ? ''
    : minutes % 60 === 0
      ? String(minutes / 60)
      : `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}`;
