import { localParts, offsetMinutes, transitionsIn } from './zoned-time.ts';

/**
 * iCalendar (RFC 5545) written by hand: times as local times with their TZID and the zone's
 * VTIMEZONE (computed from the platform's time-zone data for the years the events cover), never
 * a JavaScript Date formatted in the server's own zone. Lines end in CRLF and fold at 75 octets.
 */
export interface IcalEvent {
  uid: string;
  /** When this version of the event was written (DTSTAMP, LAST-MODIFIED). */
  stamp: Date;
  sequence: number;
  start: Date;
  end: Date;
  timeZone: string;
  summary: string;
  description?: string;
  location?: string;
  geo?: { lat: number; lng: number } | null;
  url?: string;
  status: 'CONFIRMED' | 'TENTATIVE' | 'CANCELLED';
  categories?: string[];
}

export interface IcalCalendar {
  name: string;
  description?: string;
  events: IcalEvent[];
  /** Calendar apps refresh a subscribed feed at this interval (ISO 8601 duration). */
  refresh?: string;
}

export const ICAL_CONTENT_TYPE = 'text/calendar; charset=utf-8';

/** TEXT values: backslash, semicolon, comma and line breaks escaped (RFC 5545 §3.3.11). */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/** Octets of one code point in UTF-8. */
const utf8Size = (cp: number) => (cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4);

/**
 * Fold a content line at 75 octets without cutting a UTF-8 character (§3.1). Sizes are counted
 * from code points, not by encoding each character: a year of the network's agenda is millions
 * of characters.
 */
export function foldLine(line: string): string {
  if (line.length <= 75 && Buffer.byteLength(line) <= 75) {
    return line;
  }
  const parts: string[] = [];
  let start = 0;
  let octets = 0;
  let limit = 75;
  for (let i = 0; i < line.length; ) {
    const cp = line.codePointAt(i) ?? 0;
    const units = cp > 0xffff ? 2 : 1;
    const size = utf8Size(cp);
    if (octets + size > limit) {
      parts.push(line.slice(start, i));
      start = i;
      octets = 0;
      limit = 74; // continuation lines start with a space
    }
    octets += size;
    i += units;
  }
  parts.push(line.slice(start));
  return parts.join('\r\n ');
}

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0');

const utcStamp = (d: Date) => `${d.toISOString().slice(0, 19).replace(/[-:]/g, '')}Z`;

function localStamp(tz: string, d: Date): string {
  const p = localParts(tz, d);
  return `${p.date.replace(/-/g, '')}T${p.time.replace(':', '')}${pad(p.seconds)}`;
}

const offset = (minutes: number) => `${minutes < 0 ? '-' : '+'}${pad(Math.trunc(Math.abs(minutes) / 60))}${pad(Math.abs(minutes) % 60)}`;

/** Local wall time of an instant with a given offset, as a DATE-TIME without zone. */
function wallStamp(at: Date, offsetMin: number): string {
  return utcStamp(new Date(at.getTime() + offsetMin * 60_000)).slice(0, -1);
}

/**
 * The VTIMEZONE of a zone over the years given: the offset in force before the first year,
 * then each clock change as its own observance (DTSTART without RRULE, valid and exact for
 * the period the events cover).
 */
export function vtimezone(tz: string, years: number[]): string[] {
  const sorted = [...new Set(years)].sort((a, b) => a - b);
  const first = sorted[0] ?? new Date().getUTCFullYear();
  const startOffset = offsetMinutes(tz, new Date(Date.UTC(first, 0, 1)));
  const lines = ['BEGIN:VTIMEZONE', `TZID:${tz}`, `X-LIC-LOCATION:${tz}`];
  const observance = (kind: 'STANDARD' | 'DAYLIGHT', dtstart: string, from: number, to: number) => [
    `BEGIN:${kind}`,
    `DTSTART:${dtstart}`,
    `TZOFFSETFROM:${offset(from)}`,
    `TZOFFSETTO:${offset(to)}`,
    `END:${kind}`,
  ];
  const transitions = [];
  for (let y = first; y <= (sorted.at(-1) ?? first); y++) {
    transitions.push(...transitionsIn(tz, y));
  }
  // Is the first offset summer time? Only if a later change goes back to a smaller one.
  const firstIsDaylight = transitions[0] ? transitions[0].to < transitions[0].from : false;
  lines.push(...observance(firstIsDaylight ? 'DAYLIGHT' : 'STANDARD', '19700101T000000', startOffset, startOffset));
  for (const t of transitions) {
    lines.push(...observance(t.to > t.from ? 'DAYLIGHT' : 'STANDARD', wallStamp(t.at, t.from), t.from, t.to));
  }
  lines.push('END:VTIMEZONE');
  return lines;
}

function eventLines(e: IcalEvent): string[] {
  const lines = [
    'BEGIN:VEVENT',
    `UID:${e.uid}`,
    `DTSTAMP:${utcStamp(e.stamp)}`,
    `LAST-MODIFIED:${utcStamp(e.stamp)}`,
    `SEQUENCE:${e.sequence}`,
    `DTSTART;TZID=${e.timeZone}:${localStamp(e.timeZone, e.start)}`,
    `DTEND;TZID=${e.timeZone}:${localStamp(e.timeZone, e.end)}`,
    `SUMMARY:${escapeText(e.summary)}`,
    `STATUS:${e.status}`,
  ];
  if (e.description) {
    lines.push(`DESCRIPTION:${escapeText(e.description)}`);
  }
  if (e.location) {
    lines.push(`LOCATION:${escapeText(e.location)}`);
  }
  if (e.geo) {
    lines.push(`GEO:${e.geo.lat.toFixed(6)};${e.geo.lng.toFixed(6)}`);
  }
  if (e.url) {
    lines.push(`URL:${e.url}`);
  }
  if (e.categories && e.categories.length > 0) {
    lines.push(`CATEGORIES:${e.categories.map(escapeText).join(',')}`);
  }
  lines.push('END:VEVENT');
  return lines;
}

/** A whole VCALENDAR (METHOD:PUBLISH): one VTIMEZONE per zone used, then the events. */
export function renderCalendar(cal: IcalCalendar): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Tisserin//Agenda//FR',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(cal.name)}`,
    `NAME:${escapeText(cal.name)}`,
  ];
  if (cal.description) {
    lines.push(`X-WR-CALDESC:${escapeText(cal.description)}`, `DESCRIPTION:${escapeText(cal.description)}`);
  }
  if (cal.refresh) {
    lines.push(`REFRESH-INTERVAL;VALUE=DURATION:${cal.refresh}`, `X-PUBLISHED-TTL:${cal.refresh}`);
  }
  const zones = new Map<string, number[]>();
  for (const e of cal.events) {
    const years = zones.get(e.timeZone) ?? [];
    years.push(e.start.getUTCFullYear(), e.end.getUTCFullYear());
    zones.set(e.timeZone, years);
  }
  for (const [tz, years] of zones) {
    lines.push(...vtimezone(tz, years));
  }
  for (const e of cal.events) {
    lines.push(...eventLines(e));
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}
