import type { IcalEvent } from '../../lib/ical.ts';

/** What a calendar entry is made of: a session and its event. */
export interface SessionForCalendar {
  sessionId: string;
  startsAt: Date;
  endsAt: Date;
  sessionStatus: string;
  /** The event's and the session's sequences added: either changing moves it up. */
  sequence: number;
  updatedAt: Date;
  slug: string;
  title: string;
  status: string;
  timeZone: string;
  kind: string;
  venueName: string | null;
  address: string | null;
  commune: string | null;
  latitude: number | null;
  longitude: number | null;
  attendanceMode: string;
  descriptionMd?: string;
}

type EventPart = Omit<SessionForCalendar, 'sessionId' | 'startsAt' | 'endsAt' | 'sessionStatus' | 'sequence' | 'updatedAt'> & {
  sequence: number;
  updatedAt: Date;
};
type SessionPart = { id: string; startsAt: Date; endsAt: Date; status: string; sequence: number; updatedAt: Date };

/** One session of an event as a calendar entry's parts: either's change raises SEQUENCE and LAST-MODIFIED. */
export const sessionForCalendar = (event: EventPart, s: SessionPart): SessionForCalendar => ({
  ...event,
  sessionId: s.id,
  startsAt: s.startsAt,
  endsAt: s.endsAt,
  sessionStatus: s.status,
  sequence: event.sequence + s.sequence,
  updatedAt: new Date(Math.max(event.updatedAt.getTime(), s.updatedAt.getTime())),
});

/** Stable across every feed and e-mail: a calendar recognises the same session wherever it comes from. */
export const sessionUid = (sessionId: string, host: string) => `${sessionId}@${host}`;

const hosts = new Map<string, string>();
/** The host of the public address, parsed once (a feed asks 5,000 times). */
const hostOf = (publicUrl: string) => {
  let host = hosts.get(publicUrl);
  if (host === undefined) {
    host = new URL(publicUrl).host;
    hosts.set(publicUrl, host);
  }
  return host;
};

export function toIcalEvent(s: SessionForCalendar, publicUrl: string, opts: { tentative?: boolean } = {}): IcalEvent {
  const host = hostOf(publicUrl);
  const url = `${publicUrl}/agenda/${s.slug}`;
  const cancelled = s.status === 'cancelled' || s.sessionStatus === 'cancelled';
  const where = [s.venueName, s.address, s.commune].filter(Boolean).join(', ');
  return {
    uid: sessionUid(s.sessionId, host),
    stamp: s.updatedAt,
    sequence: s.sequence,
    start: s.startsAt,
    end: s.endsAt,
    timeZone: s.timeZone,
    summary: s.title,
    description: [s.descriptionMd?.slice(0, 1500), url].filter(Boolean).join('\n\n'),
    location: s.attendanceMode === 'online' ? url : where || undefined,
    geo: s.attendanceMode !== 'online' && s.latitude !== null && s.longitude !== null ? { lat: s.latitude, lng: s.longitude } : null,
    url,
    status: cancelled ? 'CANCELLED' : s.status === 'postponed' || opts.tentative ? 'TENTATIVE' : 'CONFIRMED',
    categories: [s.kind],
  };
}
