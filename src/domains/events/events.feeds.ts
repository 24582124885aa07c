import type { Deps } from '../../deps.ts';
import { AppError } from '../../lib/errors.ts';
import { renderCalendar } from '../../lib/ical.ts';
import { type AgendaFilters, sessionsBetween } from './events.agenda.ts';
import { sessionForCalendar, toIcalEvent } from './events.ical.ts';
import * as repo from './events.repo.ts';
import { loadEvent, userOfFeedToken } from './events.service.ts';

/** A feed covers the month just past (changes people may still look at) and the year to come. */
const PAST_DAYS = 31;
const FEED_LIMIT = 5000;

/** The agenda as an iCalendar feed, with the same filters as the page (the network's, a place's, a community's…). */
export async function agendaFeed(deps: Deps, filters: AgendaFilters, name: string, now = new Date()): Promise<string> {
  const from = new Date(now.getTime() - PAST_DAYS * 86_400_000);
  const to = new Date(now.getTime() + 366 * 86_400_000);
  const rows = await sessionsBetween(deps.db, { ...filters, from: undefined, to: undefined }, { from, to }, FEED_LIMIT);
  return renderCalendar({
    name,
    refresh: 'PT6H',
    events: rows.map((r) => toIcalEvent(r, deps.config.publicUrl)),
  });
}

/**
 * One event's sessions, for "add to my calendar". A cancelled event has nothing to add: 410 with
 * a message (subscribed feeds carry it as STATUS:CANCELLED instead).
 */
export async function eventCalendar(deps: Deps, slug: string): Promise<string> {
  const { event } = await loadEvent(deps, { slug });
  if (event.status === 'cancelled') {
    throw new AppError('GONE', { message: 'event cancelled', userMessage: 'events.icsCancelled' });
  }
  const sessions = await repo.listSessions(deps.db, event.id);
  return renderCalendar({
    name: event.title,
    events: sessions.map((s) => toIcalEvent(sessionForCalendar(event, s), deps.config.publicUrl)),
  });
}

/** A member's own calendar, behind its secret address: confirmed places, and waiting ones as tentative. */
export async function personalFeed(deps: Deps, token: string, name: string): Promise<string | null> {
  const userId = token.length >= 20 ? await userOfFeedToken(deps, token) : undefined;
  if (!userId) {
    return null;
  }
  const rows = await repo.listMyRegistrations(deps.db, userId, { upcomingOnly: false });
  return renderCalendar({
    name,
    refresh: 'PT1H',
    events: rows.map((r) =>
      toIcalEvent(
        {
          ...r,
          slug: r.eventSlug,
          title: r.eventTitle,
          status: r.eventStatus,
          sequence: r.eventSequence + r.sessionSequence,
        },
        deps.config.publicUrl,
        { tentative: r.status === 'waiting' },
      ),
    ),
  });
}
