/**
 * Wall-clock times in a named time zone (Europe/Paris, America/Cayenne…), from the platform's
 * own time-zone data (Intl): an event "every Wednesday at 14:00" stays at 14:00 local across the
 * clock changes, whatever zone the server runs in.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** True when the platform knows this IANA zone name. */
export function isTimeZone(tz: string): boolean {
  try {
    formatter(tz);
    return true;
  } catch {
    return false;
  }
}

interface Wall {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallOf(tz: string, at: Date): Wall {
  const out: Record<string, number> = {};
  for (const p of formatter(tz).formatToParts(at)) {
    if (p.type !== 'literal') {
      out[p.type] = Number(p.value);
    }
  }
  return out as unknown as Wall;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The zone's offset from UTC at an instant, in minutes (east positive: +60 for Paris in winter). */
export function offsetMinutes(tz: string, at: Date): number {
  const w = wallOf(tz, at);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

const yearOffsets = new Map<string, { start: number; changes: Array<{ at: number; to: number }> }>();

/**
 * The zone's offset at an instant from its clock changes of that year (found once per zone and
 * year, then cached): a feed of 5,000 sessions asks 10,000 times, and each Intl call costs.
 */
function cachedOffset(tz: string, at: Date): number {
  const year = at.getUTCFullYear();
  const key = `${tz}:${year}`;
  let y = yearOffsets.get(key);
  if (!y) {
    y = {
      start: offsetMinutes(tz, new Date(Date.UTC(year, 0, 1))),
      changes: transitionsIn(tz, year).map((t) => ({ at: t.at.getTime(), to: t.to })),
    };
    yearOffsets.set(key, y);
  }
  let offset = y.start;
  for (const c of y.changes) {
    if (c.at > at.getTime()) {
      break;
    }
    offset = c.to;
  }
  return offset;
}

/** The local date ("2026-12-02") and time ("14:00") of an instant in a zone. */
export function localParts(tz: string, at: Date): { date: string; time: string; seconds: number } {
  const w = new Date(at.getTime() + cachedOffset(tz, at) * 60_000);
  return {
    date: `${pad(w.getUTCFullYear(), 4)}-${pad(w.getUTCMonth() + 1)}-${pad(w.getUTCDate())}`,
    time: `${pad(w.getUTCHours())}:${pad(w.getUTCMinutes())}`,
    seconds: w.getUTCSeconds(),
  };
}

/**
 * The instant of a local date and time in a zone. A time that does not exist (the hour skipped
 * in March) is read with the offset before the gap, as RFC 5545 says (02:30 → 03:30); a time
 * that happens twice (October) is the first one.
 */
export function zonedToUtc(date: string, time: string, tz: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  const wall = Date.UTC(y, m - 1, d, hh, mm);
  const before = offsetMinutes(tz, new Date(wall - 14 * 3_600_000));
  const after = offsetMinutes(tz, new Date(wall + 14 * 3_600_000));
  const target = `${date} ${time}`;
  const candidates = [...new Set([before, after])]
    .map((o) => new Date(wall - o * 60_000))
    .filter((at) => {
      const p = localParts(tz, at);
      return `${p.date} ${p.time}` === target;
    })
    .sort((a, b) => a.getTime() - b.getTime());
  return candidates[0] ?? new Date(wall - before * 60_000);
}

/** A local date shifted by whole days ("2026-12-31" + 1 → "2027-01-01"). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Day of the week of a local date: 0 = Sunday … 6 = Saturday. */
export function weekday(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

export interface Transition {
  at: Date;
  from: number;
  to: number;
}

const transitionCache = new Map<string, Transition[]>();

/** The zone's clock changes during a calendar year (none for Réunion or Martinique; two for Paris). */
export function transitionsIn(tz: string, year: number): Transition[] {
  const key = `${tz}:${year}`;
  const cached = transitionCache.get(key);
  if (cached) {
    return cached;
  }
  const out: Transition[] = [];
  const end = Date.UTC(year + 1, 0, 1);
  let t = Date.UTC(year, 0, 1);
  let prev = offsetMinutes(tz, new Date(t));
  const step = 7 * 86_400_000;
  while (t < end) {
    const next = Math.min(t + step, end);
    const o = offsetMinutes(tz, new Date(next));
    if (o !== prev) {
      // Narrow the change down to the minute.
      let lo = t;
      let hi = next;
      while (hi - lo > 60_000) {
        const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
        if (offsetMinutes(tz, new Date(mid)) === prev) {
          lo = mid;
        } else {
          hi = mid;
        }
      }
      out.push({ at: new Date(hi), from: prev, to: o });
      prev = o;
    }
    t = next;
  }
  transitionCache.set(key, out);
  return out;
}
