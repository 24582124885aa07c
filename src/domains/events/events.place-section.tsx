import { sql } from 'drizzle-orm';
import { part } from '../../db/client.ts';
import { useView } from '../../views/context.ts';
import { Icon } from '../../views/icons.tsx';
import { registerPlaceSection } from '../places/places.sections.ts';
import { formatSession } from './events.format.ts';
import { EVENTS_TOPIC } from './events.service.ts';

interface PlaceSessionRow {
  slug: string;
  title: string;
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  cancelled: boolean;
}

function PlaceAgenda({ rows, place }: { rows: PlaceSessionRow[]; place: { slug: string } }) {
  const { t, locale } = useView();
  if (rows.length === 0) {
    return null;
  }
  return (
    <section aria-labelledby="agenda-du-lieu">
      <h2 id="agenda-du-lieu">{t('events.place.title')}</h2>
      <ul class="sessions">
        {rows.map((r) => (
          <li class={r.cancelled ? 'is-cancelled' : undefined}>
            <a href={`/agenda/${r.slug}`}>{r.title}</a>
            <p class="session-when">
              {formatSession(locale, { startsAt: new Date(r.startsAt), endsAt: new Date(r.endsAt) }, r.timeZone)}
              {r.cancelled && <span class="tag badge-danger">{t('events.status.cancelled')}</span>}
            </p>
          </li>
        ))}
      </ul>
      <p class="actions">
        <a href={`/agenda?lieu=${place.slug}`}>{t('events.place.all')}</a>
        <a href={`/agenda.ics?lieu=${place.slug}`} type="text/calendar">
          <Icon name="calendar" />
          {t('events.place.subscribe')}
        </a>
      </p>
    </section>
  );
}

// A place's page shows the next sessions of the events it organises.
registerPlaceSection<PlaceSessionRow>({
  key: 'events',
  topic: EVENTS_TOPIC,
  part: (placeId) =>
    part(
      sql`select e.slug, e.title, s.starts_at as "startsAt", s.ends_at as "endsAt", e.time_zone as "timeZone",
            (s.status = 'cancelled' or e.status = 'cancelled') as cancelled
          from event_sessions s join events e on e.id = s.event_id
          where e.place_id = ${placeId} and s.ends_at > now() order by s.starts_at limit 5`,
      ['startsAt', 'endsAt'],
    ),
  render: (rows, place) => <PlaceAgenda rows={rows} place={place} />,
});
