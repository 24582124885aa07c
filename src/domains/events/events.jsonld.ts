import type { EventDetailRow, SessionWithCounts } from './events.repo.ts';

const STATUS: Record<string, string> = {
  scheduled: 'https://schema.org/EventScheduled',
  postponed: 'https://schema.org/EventPostponed',
  cancelled: 'https://schema.org/EventCancelled',
};
const MODE: Record<string, string> = {
  onsite: 'https://schema.org/OfflineEventAttendanceMode',
  online: 'https://schema.org/OnlineEventAttendanceMode',
  hybrid: 'https://schema.org/MixedEventAttendanceMode',
};

/** schema.org Event for search engines: one per session to come (subEvents), the next one as the event's dates. */
export function eventJsonLd(event: EventDetailRow, sessions: SessionWithCounts[], baseUrl: string) {
  const url = `${baseUrl}/agenda/${event.slug}`;
  const place =
    event.attendanceMode !== 'online' && (event.commune || event.address)
      ? {
          '@type': 'Place',
          name: event.venueName ?? event.commune ?? undefined,
          address: {
            '@type': 'PostalAddress',
            streetAddress: event.address ?? undefined,
            postalCode: event.postcode ?? undefined,
            addressLocality: event.commune ?? undefined,
            addressCountry: 'FR',
          },
          ...(event.latitude !== null && event.longitude !== null
            ? { geo: { '@type': 'GeoCoordinates', latitude: event.latitude, longitude: event.longitude } }
            : {}),
        }
      : null;
  // The access link itself is for registered people only: the page stands for it.
  const virtual = event.attendanceMode !== 'onsite' ? { '@type': 'VirtualLocation', url } : null;
  const location = [place, virtual].filter(Boolean);
  const upcoming = sessions.filter((s) => s.endsAt.getTime() > Date.now());
  const next = upcoming[0] ?? sessions.at(-1);
  const offers = {
    '@type': 'Offer',
    url: event.registration === 'external' && event.registrationUrl ? event.registrationUrl : url,
    price: event.free ? 0 : undefined,
    priceCurrency: 'EUR',
    description: event.free ? undefined : (event.price ?? undefined),
    availability:
      next && next.capacity !== null && next.capacity - next.reserved - next.taken <= 0
        ? 'https://schema.org/SoldOut'
        : 'https://schema.org/InStock',
  };
  const base = {
    name: event.title,
    ...(event.coverKey ? { image: `${baseUrl}/uploads/${event.coverKey}` } : {}),
    description: event.descriptionMd.slice(0, 500),
    eventStatus: STATUS[event.status],
    eventAttendanceMode: MODE[event.attendanceMode],
    location: location.length === 1 ? location[0] : location,
    offers,
    organizer: event.placeName ? { '@type': 'Organization', name: event.placeName, url: `${baseUrl}/lieux/${event.placeSlug}` } : undefined,
    inLanguage: 'fr',
    isAccessibleForFree: event.free,
    ...(event.ageMin !== null || event.ageMax !== null ? { typicalAgeRange: `${event.ageMin ?? 0}-${event.ageMax ?? ''}` } : {}),
  };
  return {
    '@context': 'https://schema.org',
    '@type': 'Event',
    '@id': url,
    url,
    ...base,
    startDate: next?.startsAt.toISOString(),
    endDate: next?.endsAt.toISOString(),
    ...(upcoming.length > 1
      ? {
          subEvent: upcoming.slice(0, 20).map((s) => ({
            '@type': 'Event',
            name: event.title,
            startDate: s.startsAt.toISOString(),
            endDate: s.endsAt.toISOString(),
            eventStatus: s.status === 'cancelled' ? STATUS.cancelled : STATUS[event.status],
            eventAttendanceMode: MODE[event.attendanceMode],
            location: base.location,
          })),
        }
      : {}),
  };
}
