/** Weekly opening hours: per day a list of [open, close] "HH:MM" ranges, plus a free note. */
export const DAYS = ['mo', 'tu', 'we', 'th', 'fr', 'sa', 'su'] as const;
export type Day = (typeof DAYS)[number];
export type TimeRange = [string, string];
export interface OpeningHours {
  days: Partial<Record<Day, TimeRange[]>>;
  note?: string;
}

const SCHEMA_ORG_DAYS: Record<Day, string> = {
  mo: 'Monday',
  tu: 'Tuesday',
  we: 'Wednesday',
  th: 'Thursday',
  fr: 'Friday',
  sa: 'Saturday',
  su: 'Sunday',
};

const TIME = /^(\d{1,2})\s*(?:h|:)\s*(\d{2})?$/i;
const CLOSED = /^(ferm[ée]e?|closed|-|—)$/i;

function parseTime(raw: string): string | null {
  const m = TIME.exec(raw.trim()) ?? /^(\d{1,2})()$/.exec(raw.trim());
  if (!m) {
    return null;
  }
  const h = Number(m[1]);
  const min = m[2] ? Number(m[2]) : 0;
  if (h > 24 || min > 59 || (h === 24 && min > 0)) {
    return null;
  }
  return `${String(h).padStart(2, '0')}:${String(min).padStart(2, '0')}`;
}

/**
 * Parse what a person types for one day: "9h-12h, 14h-18h30", "09:00–17:00", "fermé" or "".
 * Returns the ranges, or null when the text cannot be understood.
 */
export function parseDayHours(input: string): TimeRange[] | null {
  const text = input.trim();
  if (text === '' || CLOSED.test(text)) {
    return [];
  }
  const ranges: TimeRange[] = [];
  for (const part of text.split(/[,;/]|\bet\b|\band\b/)) {
    if (part.trim() === '') {
      continue;
    }
    const bounds = part.split(/\s*(?:-|–|—|à|to)\s*/);
    if (bounds.length !== 2) {
      return null;
    }
    const open = parseTime(bounds[0] ?? '');
    const close = parseTime(bounds[1] ?? '');
    if (!open || !close || close <= open) {
      return null;
    }
    ranges.push([open, close]);
  }
  ranges.sort((a, b) => a[0].localeCompare(b[0]));
  for (let i = 1; i < ranges.length; i++) {
    if ((ranges[i]?.[0] ?? '') < (ranges[i - 1]?.[1] ?? '')) {
      return null;
    }
  }
  return ranges;
}

/** "09:00" → "9h", "14:30" → "14h30": how French speakers write times. */
export function formatTimeFr(time: string): string {
  const [h, m] = time.split(':');
  return `${Number(h)}h${m === '00' ? '' : m}`;
}

/** The text a form field shows for one day's ranges. */
export function formatDayHours(ranges: TimeRange[] | undefined): string {
  return (ranges ?? []).map(([o, c]) => `${formatTimeFr(o)}-${formatTimeFr(c)}`).join(', ');
}

export function hasAnyHours(hours: OpeningHours | null | undefined): boolean {
  return !!hours && (DAYS.some((d) => (hours.days[d]?.length ?? 0) > 0) || !!hours.note);
}

/** schema.org OpeningHoursSpecification entries. */
export function toSchemaOrg(hours: OpeningHours): Array<Record<string, string>> {
  const specs: Array<Record<string, string>> = [];
  for (const day of DAYS) {
    for (const [opens, closes] of hours.days[day] ?? []) {
      specs.push({ '@type': 'OpeningHoursSpecification', dayOfWeek: `https://schema.org/${SCHEMA_ORG_DAYS[day]}`, opens, closes });
    }
  }
  return specs;
}

const OSM_DAYS: Record<Day, string> = { mo: 'Mo', tu: 'Tu', we: 'We', th: 'Th', fr: 'Fr', sa: 'Sa', su: 'Su' };

/** OpenStreetMap opening_hours syntax ("Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00"), used by the national schema. */
export function toOsmOpeningHours(hours: OpeningHours | null | undefined): string {
  if (!hours) {
    return '';
  }
  const groups: Array<{ from: Day; to: Day; spec: string }> = [];
  for (const day of DAYS) {
    const spec = (hours.days[day] ?? []).map(([o, c]) => `${o}-${c}`).join(',');
    if (!spec) {
      continue;
    }
    const last = groups[groups.length - 1];
    if (last && last.spec === spec && DAYS.indexOf(last.to) === DAYS.indexOf(day) - 1) {
      last.to = day;
    } else {
      groups.push({ from: day, to: day, spec });
    }
  }
  return groups.map((g) => `${OSM_DAYS[g.from]}${g.from === g.to ? '' : `-${OSM_DAYS[g.to]}`} ${g.spec}`).join('; ');
}
