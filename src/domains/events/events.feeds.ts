import type { Deps } from '../../deps.ts';
import { TopicCache } from '../../lib/change-feed.ts';
import { AppError } from '../../lib/errors.ts';
import { renderCalendar } from '../../lib/ical.ts';
import { COMMUNITIES_TOPIC } from '../communities/communities.service.ts';
import { PLACES_TOPIC } from '../places/places.service.ts';
import { type AgendaFilters, agendaQueryString, sessionsBetween } from './events.agenda.ts';
import { sessionForCalendar, toIcalEvent } from './events.ical.ts';
import * as repo from './events.repo.ts';
import { EVENTS_TOPIC, loadEvent, userOfFeedToken } from './events.service.ts';

/** A feed covers the month just past (changes people may still look at) and the year to come. */
const PAST_DAYS = 31;
const FEED_LIMIT = 5000;

const feedCaches = new WeakMap<Deps, TopicCache<string>>();

/**
 * Calendar apps fetch the same feed again and again (every few hours, for each subscriber):
 * feeds are kept until an event, a place or a community changes (16 MB at most), and for the
 * day at most, since their window moves with the date.
 */
function feedCache(deps: Deps): TopicCache<string> {
  let cache = feedCaches.get(deps);
  if (!cache) {
    cache = new TopicCache<string>(deps.changes, [EVENTS_TOPIC, PLACES_TOPIC, COMMUNITIES_TOPIC], {
      maxEntries: 200,
      maxBytes: 16 * 1024 * 1024,
      sizeOf: (v) => v.length,
    });
    feedCaches.set(deps, cache);
  }
  return cache;
}

/** The agenda as an iCalendar feed, with the same filters as the page (the network's, a place's, a community's…). */
export async function agendaFeed(deps: Deps, filters: AgendaFilters, name: string, now = new Date()): Promise<string> {
  const key = `${now.toISOString().slice(0, 10)} ${name} ${agendaQueryString(filters)}`;
  return feedCache(deps).getOrCompute(key, () => renderAgendaFeed(deps, filters, name, now));
}

/** The feed itself: at most the 5,000 first sessions of the month past and the year to come; descriptions cut (the link has it all). */
export async function renderAgendaFeed(deps: Deps, filters: AgendaFilters, name: string, now = new Date()): Promise<string> {
  const from = new Date(now.getTime() - PAST_DAYS * 86_400_000);
  const to = new Date(now.getTime() + 366 * 86_400_000);
  const rows = await sessionsBetween(deps, { ...filters, from: undefined, to: undefined }, { from, to }, FEED_LIMIT);
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
