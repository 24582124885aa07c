import { sql } from 'drizzle-orm';
import { part } from '../../db/client.ts';
import { useView } from '../../views/context.ts';
import { Icon } from '../../views/icons.tsx';
import { registerCommunitySection } from '../communities/communities.sections.ts';
import { registerDocumentSection } from '../documents/documents.sections.ts';
import { registerMemberSection } from '../people/people.sections.ts';
import { registerPlaceSection } from '../places/places.sections.ts';
import { formatSession } from './events.format.ts';
import { EVENTS_TOPIC } from './events.service.ts';

interface SessionRow {
  slug: string;
  title: string;
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  cancelled: boolean;
}

/** The next sessions of a place's, a community's or a member's events, with links to the filtered agenda and its feed. */
function NextSessions(p: { rows: SessionRow[]; id: string; title: string; filter?: string; subscribe?: boolean }) {
  const { t, locale } = useView();
  const { rows } = p;
  if (rows.length === 0) {
    return null;
  }
  return (
    <section aria-labelledby={p.id}>
      <h2 id={p.id}>{p.title}</h2>
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
      {p.filter && (
        <p class="actions">
          <a href={`/agenda?${p.filter}`}>{t('events.place.all')}</a>
          <a href={`/agenda.ics?${p.filter}`} type="text/calendar">
            <Icon name="calendar" />
            {t('events.place.subscribe')}
          </a>
        </p>
      )}
    </section>
  );
}

const nextSessions = (where: ReturnType<typeof sql>) =>
  part<SessionRow>(
    sql`select e.slug, e.title, s.starts_at as "startsAt", s.ends_at as "endsAt", e.time_zone as "timeZone",
          (s.status = 'cancelled' or e.status = 'cancelled') as cancelled
        from event_sessions s join events e on e.id = s.event_id
        where ${where} and s.ends_at > now() order by s.starts_at limit 5`,
    ['startsAt', 'endsAt'],
  );

function Titled({
  rows,
  kind,
  slug,
  name,
}: {
  rows: SessionRow[];
  kind: 'place' | 'community' | 'member' | 'project';
  slug: string;
  name: string;
}) {
  const { t } = useView();
  if (kind === 'project') {
    return <NextSessions rows={rows} id="evenements-du-projet" title={t('events.project.title')} />;
  }
  return kind === 'place' ? (
    <NextSessions rows={rows} id="agenda-du-lieu" title={t('events.place.title')} filter={`lieu=${slug}`} />
  ) : kind === 'community' ? (
    <NextSessions rows={rows} id="agenda-de-la-communaute" title={t('events.community.title')} filter={`communaute=${slug}`} />
  ) : (
    <NextSessions rows={rows} id="evenements-du-membre" title={t('events.member.title', { name })} />
  );
}

// A place's page shows the next sessions of the events it organises; a community's, those it
// organises; a member's, those they organise (as organiser, not as someone registered); a
// project's, the events linked to it.
registerPlaceSection<SessionRow>({
  key: 'events',
  topic: EVENTS_TOPIC,
  part: (placeId) => nextSessions(sql`e.place_id = ${placeId}`),
  render: (rows, place) => <Titled rows={rows} kind="place" slug={place.slug} name={place.name} />,
});
registerCommunitySection<SessionRow>({
  key: 'events',
  topic: EVENTS_TOPIC,
  part: (communityId) => nextSessions(sql`e.community_id = ${communityId}`),
  render: (rows, community) => <Titled rows={rows} kind="community" slug={community.slug} name={community.name} />,
});
registerMemberSection<SessionRow>({
  key: 'events',
  topic: EVENTS_TOPIC,
  part: (userId) => nextSessions(sql`exists (select 1 from event_organisers o where o.event_id = e.id and o.user_id = ${userId})`),
  render: (rows, member) => <Titled rows={rows} kind="member" slug={member.slug} name={member.displayName} />,
});
registerDocumentSection<SessionRow>({
  key: 'events',
  topic: EVENTS_TOPIC,
  part: (documentId) =>
    nextSessions(sql`exists (select 1 from event_projects ep where ep.event_id = e.id and ep.document_id = ${documentId})`),
  render: (rows, doc) => <Titled rows={rows} kind="project" slug={doc.slug} name={doc.title} />,
});
