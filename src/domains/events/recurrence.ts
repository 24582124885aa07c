import { addDays, weekday } from '../../lib/zoned-time.ts';

/**
 * A recurrence as people say it — "every Wednesday until June, except the holidays" — turned
 * into the list of dates it gives. The dates are then stored as sessions, each of which can be
 * moved or cancelled on its own: nothing is recomputed from the rule afterwards.
 */
export const REPEATS = ['none', 'daily', 'weekdays', 'weekly', 'biweekly', 'monthly'] as const;
export type Repeat = (typeof REPEATS)[number];

/** Sessions one event may have: beyond this, a rule is refused (with the count it gave). */
export const MAX_SESSIONS = 200;
/** A rule runs at most this long. */
export const MAX_RULE_DAYS = 2 * 366;

export interface Rule {
  firstDate: string;
  repeat: Repeat;
  until?: string;
  skipPublicHolidays: boolean;
  /** Dates and periods left out, already parsed. */
  except: Array<{ from: string; to: string }>;
}

/** Easter Sunday (anonymous Gregorian algorithm). */
export function easter(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const holidayCache = new Map<number, Set<string>>();

/** France's eleven public holidays of a year (jours fériés nationaux). */
export function publicHolidays(year: number): Set<string> {
  let set = holidayCache.get(year);
  if (!set) {
    const e = easter(year);
    set = new Set([
      `${year}-01-01`,
      addDays(e, 1), // lundi de Pâques
      `${year}-05-01`,
      `${year}-05-08`,
      addDays(e, 39), // Ascension
      addDays(e, 50), // lundi de Pentecôte
      `${year}-07-14`,
      `${year}-08-15`,
      `${year}-11-01`,
      `${year}-11-11`,
      `${year}-12-25`,
    ]);
    holidayCache.set(year, set);
  }
  return set;
}

export const isPublicHoliday = (date: string) => publicHolidays(Number(date.slice(0, 4))).has(date);

function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** Which week of its month a date falls in (1 for the first Wednesday, …). */
const nthInMonth = (date: string) => Math.floor((Number(date.slice(8, 10)) - 1) / 7) + 1;

function nextCandidate(date: string, repeat: Repeat, first: string): string | null {
  switch (repeat) {
    case 'none':
      return null;
    case 'daily':
      return addDays(date, 1);
    case 'weekdays': {
      const next = addDays(date, 1);
      const wd = weekday(next);
      return wd === 6 ? addDays(next, 2) : wd === 0 ? addDays(next, 1) : next;
    }
    case 'weekly':
      return addDays(date, 7);
    case 'biweekly':
      return addDays(date, 14);
    case 'monthly': {
      // The same weekday of the same week of the month ("le 1er mercredi"): months without a 5th one are skipped.
      const n = nthInMonth(first);
      let next = addDays(date, 7);
      while (nthInMonth(next) !== n) {
        next = addDays(next, 7);
      }
      return next;
    }
  }
}

export type RuleOutcome =
  | { ok: true; dates: string[] }
  | { ok: false; reason: 'tooMany'; count: number }
  | { ok: false; reason: 'tooLong' | 'none' };

/** The dates a rule gives, or why it cannot be kept. */
export function expandRule(rule: Rule): RuleOutcome {
  const until = rule.repeat === 'none' ? rule.firstDate : (rule.until ?? rule.firstDate);
  if (daysBetween(rule.firstDate, until) > MAX_RULE_DAYS) {
    return { ok: false, reason: 'tooLong' };
  }
  const excluded = (d: string) => (rule.skipPublicHolidays && isPublicHoliday(d)) || rule.except.some((p) => p.from <= d && d <= p.to);
  const dates: string[] = [];
  let count = 0;
  for (let d: string | null = rule.firstDate; d !== null && d <= until; d = nextCandidate(d, rule.repeat, rule.firstDate)) {
    if (!excluded(d)) {
      count++;
      if (dates.length < MAX_SESSIONS) {
        dates.push(d);
      }
    }
  }
  if (count > MAX_SESSIONS) {
    return { ok: false, reason: 'tooMany', count };
  }
  if (dates.length === 0) {
    return { ok: false, reason: 'none' };
  }
  return { ok: true, dates };
}

/**
 * Dates and periods typed as people write them, separated by commas, semicolons or lines:
 * "24/12/2026", "du 21/12/2026 au 03/01/2027", "2027-02-14", "21/12/2026 - 03/01/2027".
 * Returns the periods, or the pieces that could not be read.
 */
export function parseExceptions(text: string): { periods: Array<{ from: string; to: string }>; bad: string[] } {
  const periods: Array<{ from: string; to: string }> = [];
  const bad: string[] = [];
  for (const raw of text.split(/[,;\n]+/)) {
    const piece = raw.trim();
    if (!piece) {
      continue;
    }
    const dates = [...piece.matchAll(/(\d{4})-(\d{2})-(\d{2})|(\d{1,2})\/(\d{1,2})\/(\d{4})/g)].map((m) =>
      m[1] ? `${m[1]}-${m[2]}-${m[3]}` : `${m[6]}-${String(m[5]).padStart(2, '0')}-${String(m[4]).padStart(2, '0')}`,
    );
    const rest = piece
      .replace(/(\d{4})-(\d{2})-(\d{2})|(\d{1,2})\/(\d{1,2})\/(\d{4})/g, '')
      .replace(/(^|\s)(du|au|le|et|à)(?=\s|$)/gi, ' ')
      .replace(/[-–—\s]/g, '');
    if (dates.length < 1 || dates.length > 2 || rest !== '' || !dates.every(isRealDate)) {
      bad.push(piece);
      continue;
    }
    const [from, to = from] = dates as [string, string?];
    if (to < from) {
      bad.push(piece);
      continue;
    }
    periods.push({ from, to });
  }
  return { periods, bad };
}

export function isRealDate(date: string): boolean {
  const t = Date.parse(`${date}T00:00:00Z`);
  return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === date;
}
