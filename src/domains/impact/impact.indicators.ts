/**
 * The network's indicators and their periods: pure definitions, no database.
 *
 * A figure belongs to one place, one indicator and one period: a year ("2026"), a quarter
 * ("2026-T1") or a month ("2026-03"). For one indicator in one year a place uses one kind of
 * period only — a year's total is then the sum of its periods, never a figure counted twice.
 */

export type Unit = 'count' | 'hours';

export interface IndicatorDef {
  key: string;
  /** French label (the English one is in the i18n catalogue under impact.indicator.<key>). */
  label: string;
  unit: Unit;
  /** The fieldset it is entered in. */
  group: 'activity' | 'audience' | 'age' | 'place';
}

export const AUDIENCE_BANDS = [
  ['scolaires', 'Élèves venus avec leur classe'],
  ['enseignants', 'Enseignants et éducateurs'],
  ['jeunes', 'Jeunes hors temps scolaire'],
  ['familles', 'Familles'],
  ['adultes', 'Autres adultes'],
] as const;

export const AGE_BANDS = [
  ['moins-11', 'Moins de 11 ans'],
  ['11-17', '11 à 17 ans'],
  ['18-25', '18 à 25 ans'],
  ['26-64', '26 à 64 ans'],
  ['65-plus', '65 ans et plus'],
] as const;

/** The common core every place of the network fills in (once a year is enough). */
export const CORE_INDICATORS: readonly IndicatorDef[] = [
  { key: 'visiteurs', label: 'Visiteurs accueillis', unit: 'count', group: 'activity' },
  { key: 'seances', label: 'Séances d’animation tenues', unit: 'count', group: 'activity' },
  { key: 'participants', label: 'Participants aux séances', unit: 'count', group: 'activity' },
  ...AUDIENCE_BANDS.map(([k, label]): IndicatorDef => ({ key: `public-${k}`, label, unit: 'count', group: 'audience' })),
  ...AGE_BANDS.map(([k, label]): IndicatorDef => ({ key: `age-${k}`, label, unit: 'count', group: 'age' })),
  { key: 'heures-ouverture', label: 'Heures d’ouverture au public', unit: 'hours', group: 'place' },
  { key: 'projets-demarres', label: 'Projets démarrés', unit: 'count', group: 'place' },
  { key: 'projets-documentes', label: 'Projets documentés (où que ce soit)', unit: 'count', group: 'place' },
  { key: 'partenaires', label: 'Partenaires', unit: 'count', group: 'place' },
  { key: 'heures-benevoles', label: 'Heures de bénévolat', unit: 'hours', group: 'place' },
];

export const CORE_GROUPS = ['activity', 'audience', 'age', 'place'] as const;

const CORE = new Map(CORE_INDICATORS.map((d) => [d.key, d]));
export const coreIndicator = (key: string): IndicatorDef | undefined => CORE.get(key);

/** A community's own indicator is stored under `c-<its id>`. */
export const communityIndicatorKey = (id: string) => `c-${id}`;

export type PeriodKind = 'year' | 'quarter' | 'month';

export interface Period {
  kind: PeriodKind;
  year: number;
  /** 1–4 for a quarter, 1–12 for a month. */
  index: number;
  /** Canonical text: "2026", "2026-T2", "2026-05". */
  text: string;
}

export const FIRST_YEAR = 2000;
export const LAST_YEAR = 2100;

function make(kind: PeriodKind, year: number, index: number): Period {
  const text = kind === 'year' ? String(year) : kind === 'quarter' ? `${year}-T${index}` : `${year}-${String(index).padStart(2, '0')}`;
  return { kind, year, index, text };
}

/**
 * A period as people write it: "2026", "2026-T2" (or "T2 2026", "2026-Q2"), "2026-05" (or
 * "05/2026", "mai 2026"). Null when it is none of these.
 */
export function parsePeriod(raw: string): Period | null {
  const s = raw.trim().toLowerCase().replace(/\s+/g, ' ');
  const year = /^(\d{4})$/.exec(s);
  if (year) {
    return inRange(make('year', Number(year[1]), 0));
  }
  const quarter = /^(\d{4})[- ]?[tq]([1-4])$/.exec(s);
  if (quarter) {
    return inRange(make('quarter', Number(quarter[1]), Number(quarter[2])));
  }
  const quarterFirst = /^[tq]([1-4])[- /]?(\d{4})$/.exec(s);
  if (quarterFirst) {
    return inRange(make('quarter', Number(quarterFirst[2]), Number(quarterFirst[1])));
  }
  const month = /^(\d{4})-(\d{1,2})$/.exec(s);
  if (month) {
    return monthOf(Number(month[1]), Number(month[2]));
  }
  const monthFirst = /^(\d{1,2})[/-](\d{4})$/.exec(s);
  if (monthFirst) {
    return monthOf(Number(monthFirst[2]), Number(monthFirst[1]));
  }
  const named = /^([a-zéû]+)\.? (\d{4})$/.exec(s);
  if (named) {
    const i = MONTH_NAMES.findIndex((names) => names.includes(named[1] as string));
    return i >= 0 ? monthOf(Number(named[2]), i + 1) : null;
  }
  return null;
}

const MONTH_NAMES = [
  ['janvier', 'janv', 'jan'],
  ['février', 'fevrier', 'févr', 'fevr', 'fév', 'fev'],
  ['mars'],
  ['avril', 'avr'],
  ['mai'],
  ['juin'],
  ['juillet', 'juil'],
  ['août', 'aout'],
  ['septembre', 'sept', 'sep'],
  ['octobre', 'oct'],
  ['novembre', 'nov'],
  ['décembre', 'decembre', 'déc', 'dec'],
];

const monthOf = (year: number, month: number) => (month >= 1 && month <= 12 ? inRange(make('month', year, month)) : null);
const inRange = (p: Period) => (p.year >= FIRST_YEAR && p.year <= LAST_YEAR ? p : null);

/** The period before: last year, last quarter, last month. */
export function previousPeriod(p: Period): Period {
  if (p.kind === 'year') {
    return make('year', p.year - 1, 0);
  }
  const count = p.kind === 'quarter' ? 4 : 12;
  return p.index > 1 ? make(p.kind, p.year, p.index - 1) : make(p.kind, p.year - 1, count);
}

/** The months a period covers ("2026-04", "2026-05", "2026-06" for "2026-T2"). */
export function monthsOf(p: Period): string[] {
  const [from, to] = p.kind === 'year' ? [1, 12] : p.kind === 'quarter' ? [p.index * 3 - 2, p.index * 3] : [p.index, p.index];
  return Array.from({ length: to - from + 1 }, (_, i) => `${p.year}-${String(from + i).padStart(2, '0')}`);
}

/** First and last day of a period, as dates. */
export function daysOf(p: Period): { from: string; to: string } {
  const months = monthsOf(p);
  const last = months[months.length - 1] as string;
  const [y, m] = last.split('-').map(Number) as [number, number];
  const end = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${months[0]}-01`, to: `${last}-${String(end).padStart(2, '0')}` };
}

/** The periods a year's figures roll up to: a month counts in its quarter and its year. */
export function rollUpPeriods(p: Period): string[] {
  if (p.kind === 'year') {
    return [p.text];
  }
  if (p.kind === 'quarter') {
    return [p.text, String(p.year)];
  }
  return [p.text, `${p.year}-T${Math.ceil(p.index / 3)}`, String(p.year)];
}

/**
 * A figure as typed: a whole or decimal number, French or English decimals, spaces between
 * thousands ("1 250", "12,5"); hours may be "3 h 30". Never negative.
 */
export function parseFigure(raw: string, unit: Unit): { value: number } | { error: 'number' | 'negative' | 'tooLarge' | 'decimal' } {
  const s = raw.trim().replace(/[\u00a0\u202f ]/g, '');
  if (unit === 'hours') {
    const hm = /^(\d+)h(\d{1,2})?$/i.exec(s);
    if (hm) {
      const minutes = Number(hm[2] ?? 0);
      return minutes < 60 ? checked(Number(hm[1]) + minutes / 60, unit) : { error: 'number' };
    }
  }
  if (/^-\d/.test(s)) {
    return { error: 'negative' };
  }
  if (!/^\d+([.,]\d+)?$/.test(s)) {
    return { error: 'number' };
  }
  return checked(Number(s.replace(',', '.')), unit);
}

function checked(n: number, unit: Unit): { value: number } | { error: 'tooLarge' | 'decimal' } {
  if (n > 1e9) {
    return { error: 'tooLarge' };
  }
  if (unit === 'count' && !Number.isInteger(n)) {
    return { error: 'decimal' };
  }
  return { value: Math.round(n * 100) / 100 };
}
