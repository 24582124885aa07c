import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import { formatDate, formatNumber, type Locale, type Translate } from '../../lib/i18n.ts';
import { thumbKeyOf } from '../../lib/images.ts';
import { localParts } from '../../lib/zoned-time.ts';
import { useView } from '../../views/context.ts';
import {
  Checkbox,
  CheckboxGroup,
  ErrorSummary,
  Form,
  type FormState,
  ImageField,
  Select,
  SubmitButton,
  TextArea,
  TextField,
} from '../../views/forms.tsx';
import { Icon } from '../../views/icons.tsx';
import { illustrationUrl } from '../../views/illustration.ts';
import { Layout } from '../../views/layout.tsx';
import { Pagination } from '../../views/pagination.tsx';
import { ActiveFilters, type Chip, EmptyState, FilterPanel } from '../../views/search-ui.tsx';
import { getRegion, listRegions } from '../geo/territories.ts';
import { AUDIENCES, label as vocabularyLabel } from '../places/places.vocabulary.ts';
import {
  AGENDA_PER_PAGE,
  type AgendaFilters,
  type AgendaRow,
  agendaQueryString,
  type CalendarRow,
  type MapPoint,
} from './events.agenda.ts';
import { dayTitle, formatSession, formatTime, localDay, monthTitle, weekdayNames, zoneName } from './events.format.ts';
import { eventJsonLd } from './events.jsonld.ts';
import type { MyRegistrationRow, RegistrantRow, SessionWithCounts } from './events.repo.ts';
import { ATTENDANCE_MODES, EVENT_ACCESSIBILITY, EVENT_KINDS, REGISTRATION_MODES } from './events.schema.ts';
import type { getEventPage, getOrganiserView } from './events.service.ts';
import { TIME_ZONES } from './events.validation.ts';
import { REPEATS } from './recurrence.ts';

const KIND_ICONS: Record<string, 'tools' | 'school' | 'home' | 'users-group' | 'microphone' | 'map-pin' | 'calendar'> = {
  atelier: 'tools',
  formation: 'school',
  'portes-ouvertes': 'home',
  'rencontre-reseau': 'users-group',
  conference: 'microphone',
  visite: 'map-pin',
  autre: 'calendar',
};

/** An event's picture: the icon of its kind. */
export const eventIllustration = (slug: string, kind: string) => illustrationUrl(slug, [KIND_ICONS[kind] ?? 'calendar']);

/** Places left for the public ("3 places", "Complet", "Illimité"), or null when nobody registers here. */
function placesLeft(t: Translate, s: { capacity: number | null; reserved: number; taken: number }): { text: string; full: boolean } {
  if (s.capacity === null) {
    return { text: t('events.places.unlimited'), full: false };
  }
  const left = Math.max(0, s.capacity - s.reserved - s.taken);
  return left === 0 ? { text: t('events.places.full'), full: true } : { text: t('events.places.left', { count: left }), full: false };
}

function StatusBadges({ row }: { row: Pick<AgendaRow, 'status' | 'sessionStatus' | 'attendanceMode' | 'free'> & { full?: boolean } }) {
  const { t } = useView();
  const badges: Array<[string, string]> = [];
  if (row.status === 'cancelled' || row.sessionStatus === 'cancelled') {
    badges.push(['badge-danger', t('events.status.cancelled')]);
  } else if (row.status === 'postponed') {
    badges.push(['badge-warning', t('events.status.postponed')]);
  } else if (row.full) {
    badges.push(['badge-warning', t('events.places.full')]);
  }
  if (row.attendanceMode !== 'onsite') {
    badges.push(['', t(`events.mode.${row.attendanceMode}`)]);
  }
  if (row.free) {
    badges.push(['', t('events.free')]);
  }
  return (
    <>
      {badges.map(([cls, text]) => (
        <span class={`tag ${cls}`}>{text}</span>
      ))}
    </>
  );
}

function SessionCard({ row }: { row: AgendaRow }) {
  const { t, locale } = useView();
  const start = localParts(row.timeZone, row.startsAt);
  const end = localParts(row.timeZone, row.endsAt);
  const zone = zoneName(locale, row.timeZone);
  const left = row.registration === 'here' ? placesLeft(t, row) : null;
  const cancelled = row.status === 'cancelled' || row.sessionStatus === 'cancelled';
  return (
    <li class={`place-card session-card${cancelled ? ' is-cancelled' : ''}`}>
      <img
        src={row.coverKey ? `/uploads/${thumbKeyOf(row.coverKey)}` : eventIllustration(row.slug, row.kind)}
        alt=""
        width={160}
        height={120}
        loading="lazy"
        decoding="async"
      />
      <div class="place-card-body">
        <p class="session-time">
          {`${formatTime(locale, start.time)} – ${formatTime(locale, end.time)}`}
          {start.date !== end.date && ` (${t('events.untilDay', { date: formatDate(locale, end.date) })})`}
          {zone && <span class="muted">{` · ${zone}`}</span>}
        </p>
        <h3>
          <a href={`/agenda/${row.slug}`}>{row.title}</a>
        </h3>
        <p class="subtitle">
          {[
            t(`events.kind.${row.kind}`),
            row.placeName ?? row.venueName,
            row.commune && !(row.placeName ?? row.venueName ?? '').includes(row.commune) ? row.commune : null,
          ]
            .filter(Boolean)
            .join(' · ')}
        </p>
        <p class="tags-line">
          <StatusBadges row={{ ...row, full: left?.full }} />
          {left && !cancelled && !left.full && <span class="tag">{left.text}</span>}
        </p>
      </div>
    </li>
  );
}

/** Sessions grouped under their day ("mercredi 2 décembre 2026"), in time order. */
function DayGroups({ rows }: { rows: AgendaRow[] }) {
  const { locale } = useView();
  const days: Array<{ day: string; rows: AgendaRow[] }> = [];
  for (const row of rows) {
    const day = localDay(row.timeZone, row.startsAt);
    const last = days.at(-1);
    if (last?.day === day) {
      last.rows.push(row);
    } else {
      days.push({ day, rows: [row] });
    }
  }
  return (
    <>
      {days.map((d) => (
        <section class="agenda-day" aria-labelledby={`jour-${d.day}`}>
          <h2 id={`jour-${d.day}`}>{dayTitle(locale, d.day)}</h2>
          <ul class="place-list">
            {d.rows.map((row) => (
              <SessionCard row={row} />
            ))}
          </ul>
        </section>
      ))}
    </>
  );
}

export interface AgendaResult {
  rows: AgendaRow[];
  total: number;
  facets: Record<'kind' | 'region' | 'audience', Record<string, number>>;
}

function agendaChips(f: AgendaFilters, t: Translate, locale: Locale, base: string): Chip[] {
  const chips: Chip[] = [];
  const without = (change: Partial<AgendaFilters>) => `${base}${agendaQueryString({ ...f, ...change })}`;
  for (const v of f.kind) {
    chips.push({ label: t(`events.kind.${v}`), href: without({ kind: f.kind.filter((x) => x !== v) }) });
  }
  for (const v of f.region) {
    chips.push({ label: getRegion(v)?.name ?? v, href: without({ region: f.region.filter((x) => x !== v) }) });
  }
  for (const v of f.department) {
    chips.push({ label: v, href: without({ department: f.department.filter((x) => x !== v) }) });
  }
  for (const v of f.audience) {
    chips.push({ label: vocabularyLabel(AUDIENCES, v, locale), href: without({ audience: f.audience.filter((x) => x !== v) }) });
  }
  if (f.place) {
    chips.push({ label: t('events.filter.placeChip', { place: f.place }), href: without({ place: undefined }) });
  }
  if (f.community) {
    chips.push({ label: t('events.filter.communityChip', { community: f.community }), href: without({ community: undefined }) });
  }
  if (f.age !== undefined) {
    chips.push({ label: t('events.filter.ageChip', { age: f.age }), href: without({ age: undefined }) });
  }
  if (f.online) {
    chips.push({ label: t('events.filter.online'), href: without({ online: false }) });
  }
  if (f.free) {
    chips.push({ label: t('events.filter.free'), href: without({ free: false }) });
  }
  if (f.from) {
    chips.push({ label: t('events.filter.fromChip', { date: formatDate(locale, f.from) }), href: without({ from: undefined }) });
  }
  if (f.to) {
    chips.push({ label: t('events.filter.toChip', { date: formatDate(locale, f.to) }), href: without({ to: undefined }) });
  }
  return chips;
}

function FacetGroup(p: {
  name: string;
  legend: string;
  values: readonly string[];
  selected: string[];
  counts: Record<string, number>;
  label: (v: string) => string;
  open?: boolean;
}) {
  const { locale } = useView();
  const shown = p.values.filter((v) => (p.counts[v] ?? 0) > 0 || p.selected.includes(v));
  if (shown.length === 0) {
    return null;
  }
  return (
    <details class="facet" open={p.open || p.selected.length > 0}>
      <summary>
        {p.legend}
        {p.selected.length > 0 && <span class="badge">{p.selected.length}</span>}
      </summary>
      <fieldset>
        <legend class="visually-hidden">{p.legend}</legend>
        <ul>
          {shown.map((v) => (
            <li>
              <label class="check">
                <input type="checkbox" name={p.name} value={v} checked={p.selected.includes(v)} /> {p.label(v)}{' '}
                <span class="count">{formatNumber(locale, p.counts[v] ?? 0)}</span>
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
    </details>
  );
}

function AgendaFiltersPanel({ filters, facets, active }: { filters: AgendaFilters; facets: AgendaResult['facets']; active: number }) {
  const { t, locale } = useView();
  return (
    <FilterPanel active={active}>
      <div class="facets">
        <FacetGroup
          name="type"
          legend={t('events.field.kind')}
          values={EVENT_KINDS}
          selected={filters.kind}
          counts={facets.kind}
          label={(v) => t(`events.kind.${v}`)}
          open
        />
        <FacetGroup
          name="region"
          legend={t('places.facet.region')}
          values={listRegions().map((r) => r.code)}
          selected={filters.region}
          counts={facets.region}
          label={(v) => getRegion(v)?.name ?? v}
        />
        <FacetGroup
          name="public"
          legend={t('events.field.audiences')}
          values={Object.keys(AUDIENCES)}
          selected={filters.audience}
          counts={facets.audience}
          label={(v) => vocabularyLabel(AUDIENCES, v, locale)}
        />
      </div>
      <div class="field">
        <label for="filtre-age">{t('events.filter.age')}</label>
        <input
          id="filtre-age"
          name="age"
          type="number"
          inputmode="numeric"
          min={0}
          max={120}
          value={filters.age === undefined ? '' : String(filters.age)}
        />
      </div>
      <div class="field field-checkbox">
        <input type="checkbox" id="filtre-enligne" name="enligne" value="1" checked={filters.online} />
        <label for="filtre-enligne">{t('events.filter.online')}</label>
      </div>
      <div class="field field-checkbox">
        <input type="checkbox" id="filtre-gratuit" name="gratuit" value="1" checked={filters.free} />
        <label for="filtre-gratuit">{t('events.filter.free')}</label>
      </div>
      <div class="field">
        <label for="filtre-du">{t('events.filter.from')}</label>
        <input id="filtre-du" name="du" type="date" value={filters.from ?? ''} />
      </div>
      <div class="field">
        <label for="filtre-au">{t('events.filter.to')}</label>
        <input id="filtre-au" name="au" type="date" value={filters.to ?? ''} />
      </div>
      {filters.place && <input type="hidden" name="lieu" value={filters.place} />}
      {filters.community && <input type="hidden" name="communaute" value={filters.community} />}
    </FilterPanel>
  );
}

function AgendaHead({ filters, view, month }: { filters: AgendaFilters; view: 'list' | 'month' | 'map'; month?: string }) {
  const { t, viewer } = useView();
  const qs = agendaQueryString(filters);
  return (
    <div class="page-head">
      <h1>{t('events.agenda.title')}</h1>
      <p class="lead">{t('events.agenda.lead')}</p>
      <p class="actions">
        {viewer && (
          <a href="/agenda/nouveau" class="button">
            <Icon name="plus" />
            {t('events.new.title')}
          </a>
        )}
        <a href={`/agenda.ics${qs}`} class="button button-secondary" type="text/calendar">
          <Icon name="calendar" />
          {t('events.agenda.subscribe')}
        </a>
        {viewer && (
          <a href="/agenda/mes-inscriptions" class="button button-secondary">
            {t('events.mine.title')}
          </a>
        )}
      </p>
      <nav aria-label={t('events.agenda.views')}>
        <ul class="inline-list view-switch">
          <li>
            <a href={`/agenda${qs}`} aria-current={view === 'list' ? 'page' : undefined}>
              <Icon name="list" />
              {t('events.agenda.list')}
            </a>
          </li>
          <li>
            <a
              href={`/agenda/mois${agendaQueryString({ ...filters, from: undefined, to: undefined }, { mois: month })}`}
              aria-current={view === 'month' ? 'page' : undefined}
            >
              <Icon name="layout-grid" />
              {t('events.agenda.month')}
            </a>
          </li>
          <li>
            <a href={`/agenda/carte${qs}`} aria-current={view === 'map' ? 'page' : undefined}>
              <Icon name="map" />
              {t('events.agenda.map')}
            </a>
          </li>
        </ul>
      </nav>
    </div>
  );
}

export function AgendaPage({ filters, result, page }: { filters: AgendaFilters; result: AgendaResult; page: number }) {
  const { t, locale, viewer } = useView();
  const chips = agendaChips(filters, t, locale, '/agenda');
  const pages = Math.max(1, Math.ceil(result.total / AGENDA_PER_PAGE));
  return (
    <Layout
      title={t('events.agenda.title')}
      description={t('events.agenda.lead')}
      head={
        <link rel="alternate" type="text/calendar" title={t('events.agenda.subscribe')} href={`/agenda.ics${agendaQueryString(filters)}`} />
      }
    >
      <AgendaHead filters={filters} view="list" />
      <form method="get" action="/agenda" class="search-layout">
        <div class="search-top">
          <ActiveFilters chips={chips} clearHref="/agenda" />
        </div>
        <aside class="search-filters" aria-label={t('places.list.filters')}>
          <AgendaFiltersPanel filters={filters} facets={result.facets} active={chips.length} />
        </aside>
        <div class="search-main">
          {result.rows.length > 0 ? (
            <>
              <p class="result-count" role="status">
                {t('events.agenda.count', { count: result.total })}
              </p>
              <DayGroups rows={result.rows} />
            </>
          ) : (
            <EmptyState
              title={t('events.agenda.count', { count: 0 })}
              reason={chips.length > 0 ? t('events.agenda.noneFilters') : t('events.agenda.noneAtAll')}
              steps={[
                ...(chips.length > 0 ? [{ href: '/agenda', label: t('search.dropFilters'), primary: true }] : []),
                { href: viewer ? '/agenda/nouveau' : '/inscription', label: t('events.new.title') },
              ]}
            />
          )}
          <Pagination
            page={page}
            pages={pages}
            href={(p) => `/agenda${agendaQueryString(filters, { page: p > 1 ? String(p) : undefined })}`}
          />
        </div>
      </form>
    </Layout>
  );
}

/** The month view: a calendar grid on a wide screen, the days with something on as a list on a phone. No JavaScript. */
export function MonthPage({ filters, month, rows }: { filters: AgendaFilters; month: string; rows: CalendarRow[] }) {
  const { t, locale } = useView();
  const [y, m] = month.split('-').map(Number) as [number, number];
  const first = new Date(Date.UTC(y, m - 1, 1));
  const daysInMonth = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const lead = (first.getUTCDay() + 6) % 7; // Monday first
  const byDay = new Map<string, CalendarRow[]>();
  for (const r of rows) {
    const d = localDay(r.timeZone, r.startsAt);
    byDay.set(d, [...(byDay.get(d) ?? []), r]);
  }
  const title = monthTitle(locale, month);
  const shift = (n: number) => {
    const d = new Date(Date.UTC(y, m - 1 + n, 1));
    return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
  };
  const href = (mo: string) => `/agenda/mois${agendaQueryString({ ...filters, from: undefined, to: undefined }, { mois: mo })}`;
  const cells: Array<string | null> = [
    ...Array(lead).fill(null),
    ...Array.from({ length: daysInMonth }, (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`),
  ];
  while (cells.length % 7 !== 0) {
    cells.push(null);
  }
  const weeks = Array.from({ length: cells.length / 7 }, (_, i) => cells.slice(i * 7, i * 7 + 7));
  const weekdays = weekdayNames(locale);
  const chips = agendaChips({ ...filters, from: undefined, to: undefined }, t, locale, '/agenda/mois');
  return (
    <Layout title={`${t('events.agenda.title')} · ${title}`} description={t('events.agenda.lead')}>
      <AgendaHead filters={filters} view="month" month={month} />
      <ActiveFilters chips={chips} clearHref={`/agenda/mois?mois=${month}`} />
      <nav class="month-nav" aria-label={t('events.agenda.monthNav')}>
        <a href={href(shift(-1))} rel="prev">
          <Icon name="arrow-left" />
          {t('events.agenda.previousMonth')}
        </a>
        <h2>{title}</h2>
        <a href={href(shift(1))} rel="next">
          {t('events.agenda.nextMonth')}
          <Icon name="arrow-right" />
        </a>
      </nav>
      {rows.length === 0 && <p class="notice">{t('events.agenda.monthEmpty', { month: title })}</p>}
      <table class="month-grid">
        <caption class="visually-hidden">{title}</caption>
        <thead>
          <tr>
            {weekdays.map((w) => (
              <th scope="col" abbr={w}>
                {w.slice(0, 3)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {weeks.map((week) => (
            <tr>
              {week.map((day) => {
                const list = day ? (byDay.get(day) ?? []) : [];
                return (
                  <td class={`${day ? '' : 'outside'}${list.length === 0 ? ' empty' : ''}`}>
                    {day && (
                      <>
                        <span class="day-number">
                          <span aria-hidden="true">{Number(day.slice(8))}</span>
                          <span class="visually-hidden">{dayTitle(locale, day)}</span>
                          <span class="day-long" aria-hidden="true">
                            {dayTitle(locale, day)}
                          </span>
                        </span>
                        {list.length > 0 && (
                          <ul>
                            {list.map((r) => (
                              <li class={r.status === 'cancelled' || r.sessionStatus === 'cancelled' ? 'is-cancelled' : undefined}>
                                <a href={`/agenda/${r.slug}`}>
                                  <span class="time">{formatTime(locale, localParts(r.timeZone, r.startsAt).time)}</span> {r.title}
                                </a>
                                {(r.status === 'cancelled' || r.sessionStatus === 'cancelled') && (
                                  <span class="tag badge-danger">{t('events.status.cancelled')}</span>
                                )}
                              </li>
                            ))}
                          </ul>
                        )}
                      </>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>
  );
}

type EventPageData = Awaited<ReturnType<typeof getEventPage>>;

function Fact({ label, children }: { label: string; children: Child }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

function RegisterForm({
  session,
  event,
  prefix,
  state,
}: {
  session: SessionWithCounts;
  event: EventPageData['event'];
  prefix: string;
  state: FormState;
}) {
  const { t } = useView();
  const left = placesLeft(t, session);
  return (
    <Form action={`/agenda/${event.slug}/seances/${session.id}/inscription`} class="register-form">
      {event.questions.map((q, i) => (
        <TextField name={`answer${i}`} label={q} state={state} prefix={prefix} maxlength={300} />
      ))}
      <TextField
        name="guests"
        label={t('events.field.guests')}
        hint={t('events.field.guestsHint')}
        state={state}
        prefix={prefix}
        inputmode="numeric"
        type="number"
      />
      <SubmitButton>{left.full ? t('events.register.waitlist') : t('events.register.submit')}</SubmitButton>
    </Form>
  );
}

function SessionItem({ page, session, index, form }: { page: EventPageData; session: SessionWithCounts; index: number; form?: FormState }) {
  const { t, locale, viewer, currentUrl, csrfToken } = useView();
  const { event } = page;
  const mine = page.mine.find((r) => r.sessionId === session.id);
  const left = placesLeft(t, session);
  const now = Date.now();
  const past = session.startsAt.getTime() <= now;
  const cancelled = session.status === 'cancelled' || event.status === 'cancelled';
  return (
    <li class={`session${cancelled ? ' is-cancelled' : ''}${past ? ' is-past' : ''}`}>
      <p class="session-when">
        <strong>{formatSession(locale, session, event.timeZone)}</strong>
        {cancelled && <span class="tag badge-danger">{t('events.status.cancelled')}</span>}
      </p>
      {event.registration === 'here' && !cancelled && (
        <p class="session-places">
          {left.text}
          {session.waiting > 0 && ` · ${t('events.places.waiting', { count: session.waiting })}`}
        </p>
      )}
      {form && <ErrorSummary state={form} labels={fieldLabels(t)} prefix={`s${index}-`} />}
      {mine && (
        <div class="notice notice-success">
          <p>
            {mine.status === 'confirmed'
              ? t('events.register.youAre', { count: mine.seats })
              : t('events.register.youWait', { position: mine.position ?? 0 })}
          </p>
          <form method="post" action={`/agenda/inscriptions/${mine.id}/annuler`}>
            <input type="hidden" name="_csrf" value={csrfToken} />
            <button type="submit" class="button button-secondary">
              {t('events.register.cancel')}
            </button>
          </form>
        </div>
      )}
      {!mine &&
        !cancelled &&
        !past &&
        event.status === 'scheduled' &&
        event.registration === 'here' &&
        (viewer ? (
          left.full && !session.waitlist ? (
            <p class="muted">{t('events.register.fullNoWaitlist')}</p>
          ) : (
            <details class="register" open={!!form}>
              <summary class="button">{left.full ? t('events.register.waitlist') : t('events.register.open')}</summary>
              <RegisterForm session={session} event={event} prefix={`s${index}-`} state={form ?? { values: {}, errors: {} }} />
            </details>
          )
        ) : (
          <p>
            <a href={`/connexion?next=${encodeURIComponent(currentUrl)}`}>{t('events.signInToRegister')}</a>
          </p>
        ))}
    </li>
  );
}

export function EventPage({
  page,
  baseUrl,
  registerForm,
}: {
  page: EventPageData;
  baseUrl: string;
  registerForm?: { sessionId: string; state: FormState };
}) {
  const { t, locale } = useView();
  const { event, sessions } = page;
  const upcoming = sessions.filter((s) => s.endsAt.getTime() > Date.now());
  const past = sessions.filter((s) => s.endsAt.getTime() <= Date.now());
  const confirmed = page.mine.some((r) => r.status === 'confirmed');
  const jsonLd = JSON.stringify(eventJsonLd(event, sessions, baseUrl)).replace(/</g, '\\u003c');
  const where = [event.venueName, event.address, [event.postcode, event.commune].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  const ages =
    event.ageMin !== null && event.ageMax !== null
      ? t('events.ages.range', { min: event.ageMin, max: event.ageMax })
      : event.ageMin !== null
        ? t('events.ages.from', { min: event.ageMin })
        : event.ageMax !== null
          ? t('events.ages.upTo', { max: event.ageMax })
          : null;
  return (
    <Layout
      title={event.title}
      description={event.descriptionMd.slice(0, 160)}
      head={
        <>
          <link rel="canonical" href={`${baseUrl}/agenda/${event.slug}`} />
          <script type="application/ld+json">{raw(jsonLd)}</script>
        </>
      }
    >
      <article class="event">
        <header class="page-head">
          <p class="kicker">{t(`events.kind.${event.kind}`)}</p>
          <h1>{event.title}</h1>
          {event.status !== 'scheduled' && (
            <p class={`notice ${event.status === 'cancelled' ? 'notice-error' : 'notice-warning'}`}>
              {t(`events.statusNotice.${event.status}`)}
            </p>
          )}
          <p class="actions">
            {event.status !== 'cancelled' && (
              <a href={`/agenda/${event.slug}/calendrier.ics`} class="button button-secondary" type="text/calendar">
                <Icon name="calendar" />
                {t('events.addToCalendar')}
              </a>
            )}
            {page.canOrganise && (
              <a href={`/agenda/${event.slug}/gerer`} class="button">
                <Icon name="settings" />
                {t('events.manage.title')}
              </a>
            )}
          </p>
        </header>
        <div class="event-summary">
          {event.coverKey ? (
            <img class="event-cover" src={`/uploads/${event.coverKey}`} alt={event.coverAlt ?? ''} width={480} height={360} />
          ) : (
            <img class="event-cover" src={eventIllustration(event.slug, event.kind)} alt="" width={480} height={360} />
          )}
          <dl class="facts">
            {upcoming[0] && (
              <Fact label={upcoming.length > 1 ? t('events.nextSession') : t('events.when')}>
                <a href="#seances">{formatSession(locale, upcoming[0], event.timeZone)}</a>
                {upcoming.length > 1 && ` ${t('events.andMore', { count: upcoming.length - 1 })}`}
              </Fact>
            )}
            {(event.placeSlug || page.organisers.length > 0) && (
              <Fact label={t('events.organisedBy')}>
                {[
                  ...(event.placeSlug ? [{ href: `/lieux/${event.placeSlug}`, name: event.placeName ?? '' }] : []),
                  ...page.organisers.map((o) => ({ href: o.profileSlug ? `/membres/${o.profileSlug}` : null, name: o.displayName })),
                ].map((o, i) => (
                  <>
                    {i > 0 && ', '}
                    {o.href ? <a href={o.href}>{o.name}</a> : o.name}
                  </>
                ))}
              </Fact>
            )}
            {event.communitySlug && (
              <Fact label={t('events.withCommunity')}>
                <a href={`/communautes/${event.communitySlug}`}>{event.communityName}</a>
              </Fact>
            )}
            {event.attendanceMode !== 'online' && where && <Fact label={t('events.where')}>{where}</Fact>}
            <Fact label={t('events.field.attendanceMode')}>{t(`events.mode.${event.attendanceMode}`)}</Fact>
            {event.attendanceMode !== 'onsite' && (
              <Fact label={t('events.onlineLink')}>
                {event.onlineUrl && (confirmed || page.canOrganise) ? (
                  <a href={event.onlineUrl}>{event.onlineUrl}</a>
                ) : (
                  t('events.onlineLinkHidden')
                )}
              </Fact>
            )}
            {event.audiences.length > 0 && (
              <Fact label={t('events.field.audiences')}>
                {event.audiences.map((a) => vocabularyLabel(AUDIENCES, a, locale)).join(', ')}
              </Fact>
            )}
            {ages && <Fact label={t('events.field.ages')}>{ages}</Fact>}
            {event.accessibility.length > 0 && (
              <Fact label={t('events.field.accessibility')}>{event.accessibility.map((a) => t(`events.access.${a}`)).join(', ')}</Fact>
            )}
            <Fact label={t('events.field.price')}>{event.free ? t('events.free') : event.price}</Fact>
            {event.conditions && <Fact label={t('events.field.conditions')}>{event.conditions}</Fact>}
            {event.projects.length > 0 && (
              <Fact label={t('events.linkedProjects')}>
                {event.projects.map((pr, i) => (
                  <>
                    {i > 0 && ', '}
                    <a href={`/projets/${pr.slug}`}>{pr.title}</a>
                  </>
                ))}
              </Fact>
            )}
            {event.skills.length > 0 && (
              <Fact label={t('events.field.skills')}>
                {event.skills.map((s, i) => (
                  <>
                    {i > 0 && ', '}
                    <a href={`/competences/${s.slug}`}>{s.name}</a>
                  </>
                ))}
              </Fact>
            )}
          </dl>
        </div>
        <div class="prose">{raw(event.descriptionHtml)}</div>
        <section aria-labelledby="seances">
          <h2 id="seances">{t('events.sessions.title', { count: upcoming.length })}</h2>
          {event.registration === 'external' && event.registrationUrl && (
            <p>
              <a href={event.registrationUrl} class="button">
                <Icon name="external-link" />
                {t('events.register.external')}
              </a>
            </p>
          )}
          {event.registration === 'none' && <p class="muted">{t('events.register.none')}</p>}
          {upcoming.length === 0 ? (
            <p class="notice">{t('events.sessions.noneUpcoming')}</p>
          ) : (
            <ul class="sessions">
              {upcoming.map((s, i) => (
                <SessionItem page={page} session={s} index={i} form={registerForm?.sessionId === s.id ? registerForm.state : undefined} />
              ))}
            </ul>
          )}
          {past.length > 0 && (
            <details>
              <summary>{t('events.sessions.past', { count: past.length })}</summary>
              <ul class="sessions">
                {past.map((s) => (
                  <li class="session is-past">{formatSession(locale, s, event.timeZone)}</li>
                ))}
              </ul>
            </details>
          )}
        </section>
        {event.reportHtml && (
          <section aria-labelledby="bilan">
            <h2 id="bilan">{t('events.report.title')}</h2>
            <p>{t('events.report.attendance', { count: event.reportAttendance ?? 0 })}</p>
            <div class="prose">{raw(event.reportHtml)}</div>
          </section>
        )}
      </article>
    </Layout>
  );
}

const LABEL_KEYS: Record<string, string> = {
  title: 'events.field.title',
  description: 'events.field.description',
  kind: 'events.field.kind',
  placeSlug: 'events.field.place',
  communitySlug: 'events.field.community',
  projects: 'events.field.projects',
  cover: 'events.field.cover',
  coverAlt: 'events.field.coverAlt',
  removeCover: 'events.field.removeCover',
  attendanceMode: 'events.field.attendanceMode',
  atPlace: 'events.field.atPlace',
  venueName: 'events.field.venueName',
  address: 'events.field.address',
  postcode: 'places.field.postcode',
  commune: 'people.field.commune',
  onlineUrl: 'events.field.onlineUrl',
  timeZone: 'events.field.timeZone',
  audiences: 'events.field.audiences',
  ageMin: 'events.field.ageMin',
  ageMax: 'events.field.ageMax',
  accessibility: 'events.field.accessibility',
  free: 'events.field.free',
  price: 'events.field.price',
  conditions: 'events.field.conditions',
  registration: 'events.field.registration',
  registrationUrl: 'events.field.registrationUrl',
  questions: 'events.field.questions',
  skills: 'events.field.skills',
  firstDate: 'events.field.firstDate',
  startTime: 'events.field.startTime',
  endTime: 'events.field.endTime',
  lastDay: 'events.field.lastDay',
  repeat: 'events.field.repeat',
  until: 'events.field.until',
  skipPublicHolidays: 'events.field.skipPublicHolidays',
  except: 'events.field.except',
  capacity: 'events.field.capacity',
  reserved: 'events.field.reserved',
  waitlist: 'events.field.waitlist',
  date: 'events.field.date',
  guests: 'events.field.guests',
  subject: 'events.field.subject',
  body: 'events.field.body',
  attendance: 'events.field.attendance',
  report: 'events.field.report',
};

export const fieldLabels = (t: Translate) => Object.fromEntries(Object.entries(LABEL_KEYS).map(([k, v]) => [k, t(v)]));

/** The dates of a new event, or more sessions: a first date, times, and how it repeats. */
export function PlanFields({ state }: { state: FormState }) {
  const { t } = useView();
  const labels = fieldLabels(t);
  return (
    <>
      <fieldset class="field-group">
        <legend>{t('events.form.when')}</legend>
        <TextField name="firstDate" type="date" label={labels.firstDate ?? ''} state={state} required />
        <div class="field-row">
          <TextField name="startTime" type="time" label={labels.startTime ?? ''} state={state} required />
          <TextField name="endTime" type="time" label={labels.endTime ?? ''} state={state} required />
        </div>
        <TextField name="lastDay" type="date" label={labels.lastDay ?? ''} hint={t('events.field.lastDayHint')} state={state} />
        <Select
          name="repeat"
          label={labels.repeat ?? ''}
          options={REPEATS.map((r) => ({ value: r, label: t(`events.repeat.${r}`) }))}
          state={state}
          required
        />
        <TextField name="until" type="date" label={labels.until ?? ''} hint={t('events.field.untilHint')} state={state} />
        <Checkbox name="skipPublicHolidays" label={labels.skipPublicHolidays ?? ''} state={state} />
        <TextArea name="except" label={labels.except ?? ''} hint={t('events.field.exceptHint')} state={state} rows={2} maxlength={2000} />
      </fieldset>
      <fieldset class="field-group">
        <legend>{t('events.form.places')}</legend>
        <p class="hint">{t('events.form.placesHint')}</p>
        <div class="field-row">
          <TextField
            name="capacity"
            type="number"
            inputmode="numeric"
            label={labels.capacity ?? ''}
            hint={t('events.field.capacityHint')}
            state={state}
          />
          <TextField
            name="reserved"
            type="number"
            inputmode="numeric"
            label={labels.reserved ?? ''}
            hint={t('events.field.reservedHint')}
            state={state}
          />
        </div>
        <Checkbox name="waitlist" label={labels.waitlist ?? ''} state={state} />
      </fieldset>
    </>
  );
}

export function EventFormPage(p: {
  state: FormState;
  places: Array<{ slug: string; name: string }>;
  communities: Array<{ slug: string; name: string }>;
  projects: Array<{ slug: string; title: string }>;
  action: string;
  editing?: { title: string; slug: string; hasCover: boolean };
  maxMb: number;
}) {
  const { t, locale } = useView();
  const labels = fieldLabels(t);
  const { state } = p;
  const title = p.editing ? t('events.edit.title', { title: p.editing.title }) : t('events.new.title');
  return (
    <Layout title={title} withEditor>
      <div class="form-page">
        <h1>{title}</h1>
        {!p.editing && <p class="lead">{t('events.new.lead')}</p>}
        <ErrorSummary state={state} labels={labels} />
        <Form action={p.action} multipart>
          <TextField name="title" label={labels.title ?? ''} state={state} required maxlength={140} />
          <Select
            name="kind"
            label={labels.kind ?? ''}
            options={EVENT_KINDS.map((k) => ({ value: k, label: t(`events.kind.${k}`) }))}
            state={state}
            required
          />
          <TextArea
            name="description"
            label={labels.description ?? ''}
            hint={t('events.field.descriptionHint')}
            state={state}
            required
            rows={8}
            maxlength={20000}
          />
          {p.places.length > 0 && (
            <Select
              name="placeSlug"
              label={labels.placeSlug ?? ''}
              options={[{ value: '', label: t('events.field.noPlace') }, ...p.places.map((pl) => ({ value: pl.slug, label: pl.name }))]}
              state={state}
            />
          )}
          <fieldset class="field-group">
            <legend>{labels.cover}</legend>
            <ImageField name="cover" label={labels.cover ?? ''} hint={t('events.field.coverHint', { max: p.maxMb })} state={state} />
            <TextField name="coverAlt" label={labels.coverAlt ?? ''} hint={t('events.field.coverAltHint')} state={state} maxlength={200} />
            {p.editing?.hasCover && <Checkbox name="removeCover" label={labels.removeCover ?? ''} state={state} />}
          </fieldset>
          {p.communities.length > 0 && (
            <Select
              name="communitySlug"
              label={labels.communitySlug ?? ''}
              options={[
                { value: '', label: t('events.field.noCommunity') },
                ...p.communities.map((c) => ({ value: c.slug, label: c.name })),
              ]}
              state={state}
            />
          )}
          <fieldset class="field-group">
            <legend>{t('events.form.where')}</legend>
            <Select
              name="attendanceMode"
              label={labels.attendanceMode ?? ''}
              options={ATTENDANCE_MODES.map((m) => ({ value: m, label: t(`events.mode.${m}`) }))}
              state={state}
              required
            />
            {p.places.length > 0 && <Checkbox name="atPlace" label={labels.atPlace ?? ''} state={state} />}
            <TextField
              name="venueName"
              label={labels.venueName ?? ''}
              hint={t('events.field.venueNameHint')}
              state={state}
              maxlength={140}
            />
            <TextField name="address" label={labels.address ?? ''} state={state} maxlength={200} autocomplete="street-address" />
            <div class="field-row">
              <TextField
                name="postcode"
                label={labels.postcode ?? ''}
                state={state}
                inputmode="numeric"
                maxlength={5}
                autocomplete="postal-code"
              />
              <TextField name="commune" label={labels.commune ?? ''} state={state} maxlength={100} />
            </div>
            <TextField
              name="onlineUrl"
              label={labels.onlineUrl ?? ''}
              hint={t('events.field.onlineUrlHint')}
              state={state}
              inputmode="url"
              maxlength={500}
            />
            <Select
              name="timeZone"
              label={labels.timeZone ?? ''}
              hint={t('events.field.timeZoneHint')}
              options={[
                { value: '', label: t('events.field.timeZoneAuto') },
                ...TIME_ZONES.map((z) => ({ value: z, label: zoneName(locale, z) ?? t('events.zone.paris') })),
              ]}
              state={state}
            />
          </fieldset>
          {!p.editing && <PlanFields state={state} />}
          <fieldset class="field-group">
            <legend>{t('events.form.who')}</legend>
            <CheckboxGroup
              name="audiences"
              legend={labels.audiences ?? ''}
              options={Object.keys(AUDIENCES).map((a) => ({ value: a, label: vocabularyLabel(AUDIENCES, a, locale) }))}
              state={state}
            />
            <div class="field-row">
              <TextField name="ageMin" type="number" inputmode="numeric" label={labels.ageMin ?? ''} state={state} />
              <TextField name="ageMax" type="number" inputmode="numeric" label={labels.ageMax ?? ''} state={state} />
            </div>
            <CheckboxGroup
              name="accessibility"
              legend={labels.accessibility ?? ''}
              options={EVENT_ACCESSIBILITY.map((a) => ({ value: a, label: t(`events.access.${a}`) }))}
              state={state}
            />
            <TextField name="skills" label={labels.skills ?? ''} hint={t('events.field.skillsHint')} state={state} maxlength={300} />
            {p.projects.length > 0 && (
              <CheckboxGroup
                name="projects"
                legend={labels.projects ?? ''}
                hint={t('events.field.projectsHint')}
                options={p.projects.map((pr) => ({ value: pr.slug, label: pr.title }))}
                state={state}
              />
            )}
          </fieldset>
          <fieldset class="field-group">
            <legend>{t('events.form.registration')}</legend>
            <Checkbox name="free" label={labels.free ?? ''} state={state} />
            <TextField name="price" label={labels.price ?? ''} hint={t('events.field.priceHint')} state={state} maxlength={200} />
            <TextArea name="conditions" label={labels.conditions ?? ''} state={state} rows={2} maxlength={1000} />
            <Select
              name="registration"
              label={labels.registration ?? ''}
              options={REGISTRATION_MODES.map((r) => ({ value: r, label: t(`events.registrationMode.${r}`) }))}
              state={state}
              required
            />
            <TextField name="registrationUrl" label={labels.registrationUrl ?? ''} state={state} inputmode="url" maxlength={500} />
            <TextArea
              name="questions"
              label={labels.questions ?? ''}
              hint={t('events.field.questionsHint')}
              state={state}
              rows={3}
              maxlength={600}
            />
          </fieldset>
          <SubmitButton>{p.editing ? t('form.save') : t('events.new.submit')}</SubmitButton>
          {p.editing && (
            <p>
              <a href={`/agenda/${p.editing.slug}/gerer`}>{t('form.cancel')}</a>
            </p>
          )}
        </Form>
      </div>
    </Layout>
  );
}

type OrganiserData = Awaited<ReturnType<typeof getOrganiserView>>;

function RegistrantList({ rows, questions }: { rows: RegistrantRow[]; questions: string[] }) {
  const { t } = useView();
  if (rows.length === 0) {
    return <p class="muted">{t('events.manage.nobody')}</p>;
  }
  return (
    <ol class="registrants">
      {rows.map((r) => (
        <li>
          {r.profileSlug ? <a href={`/membres/${r.profileSlug}`}>{r.displayName}</a> : r.displayName}
          {r.seats > 1 && ` (${t('events.manage.seats', { count: r.seats })})`}
          {r.answers.length > 0 && (
            <span class="muted">
              {' — '}
              {r.answers
                .map((a, i) => (a ? `${questions[i] ?? ''} ${a}` : ''))
                .filter(Boolean)
                .join(' ; ')}
            </span>
          )}
        </li>
      ))}
    </ol>
  );
}

export function ManagePage({
  data,
  forms,
}: {
  data: OrganiserData;
  forms: { sessions: FormState; message: FormState; report: FormState; organiser: FormState; move?: { id: string; state: FormState } };
}) {
  const { t, locale, csrfToken } = useView();
  const { event, sessions, registrants } = data;
  const labels = fieldLabels(t);
  const now = Date.now();
  return (
    <Layout title={t('events.manage.titleOf', { title: event.title })}>
      <div class="form-page">
        <p class="kicker">
          <a href={`/agenda/${event.slug}`}>{event.title}</a>
        </p>
        <h1>{t('events.manage.title')}</h1>
        <p class="actions">
          <a href={`/agenda/${event.slug}/modifier`} class="button button-secondary">
            <Icon name="pencil" />
            {t('events.edit.link')}
          </a>
          <a href={`/agenda/${event.slug}/inscrits.csv`} class="button button-secondary">
            <Icon name="download" />
            {t('events.manage.csv')}
          </a>
        </p>
        <section aria-labelledby="statut">
          <h2 id="statut">{t('events.manage.status')}</h2>
          <form method="post" action={`/agenda/${event.slug}/statut`} class="inline-form">
            <input type="hidden" name="_csrf" value={csrfToken} />
            <label for="champ-status">{t('events.manage.statusLabel')}</label>
            <select id="champ-status" name="status">
              {(['scheduled', 'postponed', 'cancelled'] as const).map((s) => (
                <option value={s} selected={event.status === s}>
                  {t(`events.status.${s}`)}
                </option>
              ))}
            </select>
            <button type="submit" class="button button-secondary">
              {t('form.save')}
            </button>
          </form>
          <p class="hint">{t('events.manage.statusHint')}</p>
        </section>
        <section aria-labelledby="seances-gerer">
          <h2 id="seances-gerer">{t('events.manage.sessions', { count: sessions.length })}</h2>
          <ul class="sessions">
            {sessions.map((s, i) => {
              const start = localParts(event.timeZone, s.startsAt);
              const end = localParts(event.timeZone, s.endsAt);
              const moveState: FormState =
                forms.move?.id === s.id
                  ? forms.move.state
                  : {
                      values: {
                        date: start.date,
                        startTime: start.time,
                        endTime: end.time,
                        capacity: s.capacity === null ? '' : String(s.capacity),
                        reserved: String(s.reserved),
                      },
                      errors: {},
                    };
              const mine = registrants.filter((r) => r.sessionId === s.id);
              const upcoming = s.startsAt.getTime() > now;
              return (
                <li class={`session${s.status === 'cancelled' ? ' is-cancelled' : ''}`}>
                  <p class="session-when">
                    <strong>{formatSession(locale, s, event.timeZone)}</strong>
                    {s.status === 'cancelled' && <span class="tag badge-danger">{t('events.status.cancelled')}</span>}
                  </p>
                  <p>
                    {t('events.manage.taken', { count: s.taken })}
                    {s.capacity !== null && ` / ${s.capacity - s.reserved}`}
                    {s.reserved > 0 && ` · ${t('events.manage.reserved', { count: s.reserved })}`}
                    {s.waiting > 0 && ` · ${t('events.places.waiting', { count: s.waiting })}`}
                  </p>
                  {event.registration === 'here' && (
                    <>
                      <h3 class="small-heading">{t('events.manage.confirmed')}</h3>
                      <RegistrantList rows={mine.filter((r) => r.status === 'confirmed')} questions={event.questions} />
                      {mine.some((r) => r.status === 'waiting') && (
                        <>
                          <h3 class="small-heading">{t('events.manage.waitingList')}</h3>
                          <RegistrantList rows={mine.filter((r) => r.status === 'waiting')} questions={event.questions} />
                        </>
                      )}
                    </>
                  )}
                  {upcoming && s.status === 'scheduled' && (
                    <details class="session-actions" open={forms.move?.id === s.id}>
                      <summary>{t('events.manage.changeSession')}</summary>
                      <ErrorSummary state={moveState} labels={labels} prefix={`m${i}-`} />
                      <Form action={`/agenda/${event.slug}/seances/${s.id}/deplacer`}>
                        <TextField name="date" type="date" label={labels.date ?? ''} state={moveState} prefix={`m${i}-`} required />
                        <div class="field-row">
                          <TextField
                            name="startTime"
                            type="time"
                            label={labels.startTime ?? ''}
                            state={moveState}
                            prefix={`m${i}-`}
                            required
                          />
                          <TextField name="endTime" type="time" label={labels.endTime ?? ''} state={moveState} prefix={`m${i}-`} required />
                        </div>
                        <div class="field-row">
                          <TextField name="capacity" type="number" label={labels.capacity ?? ''} state={moveState} prefix={`m${i}-`} />
                          <TextField name="reserved" type="number" label={labels.reserved ?? ''} state={moveState} prefix={`m${i}-`} />
                        </div>
                        <SubmitButton>{t('form.save')}</SubmitButton>
                      </Form>
                      <form method="post" action={`/agenda/${event.slug}/seances/${s.id}/annuler`}>
                        <input type="hidden" name="_csrf" value={csrfToken} />
                        <button type="submit" class="button button-danger">
                          {t('events.manage.cancelSession')}
                        </button>
                      </form>
                    </details>
                  )}
                </li>
              );
            })}
          </ul>
          <details open={Object.keys(forms.sessions.errors).length > 0}>
            <summary>{t('events.manage.addSessions')}</summary>
            <ErrorSummary state={forms.sessions} labels={labels} />
            <Form action={`/agenda/${event.slug}/seances`}>
              <PlanFields state={forms.sessions} />
              <SubmitButton>{t('events.manage.addSessionsSubmit')}</SubmitButton>
            </Form>
          </details>
        </section>
        <section aria-labelledby="co-organisateurs">
          <h2 id="co-organisateurs">{t('events.organisers.title')}</h2>
          <ul class="request-list">
            {data.organisers.map((o) => (
              <li>
                {o.profileSlug ? <a href={`/membres/${o.profileSlug}`}>{o.displayName}</a> : o.displayName}{' '}
                {(data.organisers.length > 1 || data.access.placeTeamIds.length > 0) && (
                  <Form action={`/agenda/${event.slug}/organisateurs/${o.userId}/retirer`} class="inline-form">
                    <SubmitButton variant="secondary">{t('events.organisers.remove', { name: o.displayName })}</SubmitButton>
                  </Form>
                )}
              </li>
            ))}
          </ul>
          <p class="hint">{t('events.organisers.hint')}</p>
          <ErrorSummary state={forms.organiser} labels={{ email: t('events.organisers.email') }} prefix="org-" />
          <Form action={`/agenda/${event.slug}/organisateurs`}>
            <TextField
              name="email"
              type="email"
              inputmode="email"
              autocomplete="off"
              label={t('events.organisers.email')}
              state={forms.organiser}
              prefix="org-"
              required
              maxlength={254}
            />
            <SubmitButton>{t('events.organisers.add')}</SubmitButton>
          </Form>
        </section>
        <section aria-labelledby="message">
          <h2 id="message">{t('events.manage.message')}</h2>
          <p class="hint">{t('events.manage.messageHint')}</p>
          <ErrorSummary state={forms.message} labels={labels} prefix="msg-" />
          <Form action={`/agenda/${event.slug}/message`}>
            <TextField name="subject" label={labels.subject ?? ''} state={forms.message} prefix="msg-" required maxlength={140} />
            <TextArea name="body" label={labels.body ?? ''} state={forms.message} prefix="msg-" required rows={5} maxlength={5000} />
            <SubmitButton>{t('events.manage.send')}</SubmitButton>
          </Form>
        </section>
        <section aria-labelledby="bilan-gerer">
          <h2 id="bilan-gerer">{t('events.report.title')}</h2>
          <p class="hint">{t('events.report.hint')}</p>
          <ErrorSummary state={forms.report} labels={labels} prefix="rep-" />
          <Form action={`/agenda/${event.slug}/bilan`}>
            <TextField
              name="attendance"
              type="number"
              inputmode="numeric"
              label={labels.attendance ?? ''}
              state={forms.report}
              prefix="rep-"
              required
            />
            <TextArea name="report" label={labels.report ?? ''} state={forms.report} prefix="rep-" required rows={5} maxlength={10000} />
            <SubmitButton>{t('form.save')}</SubmitButton>
          </Form>
        </section>
      </div>
    </Layout>
  );
}

export function MyRegistrationsPage({ rows, feedUrl }: { rows: MyRegistrationRow[]; feedUrl: string }) {
  const { t, locale, csrfToken } = useView();
  return (
    <Layout title={t('events.mine.title')}>
      <h1>{t('events.mine.title')}</h1>
      {rows.length === 0 ? (
        <EmptyState
          title={t('events.mine.none')}
          reason={t('events.mine.noneReason')}
          steps={[{ href: '/agenda', label: t('events.agenda.title'), primary: true }]}
        />
      ) : (
        <ul class="sessions">
          {rows.map((r) => (
            <li class={`session${r.sessionStatus === 'cancelled' || r.eventStatus === 'cancelled' ? ' is-cancelled' : ''}`}>
              <p>
                <a href={`/agenda/${r.eventSlug}`}>{r.eventTitle}</a>
              </p>
              <p class="session-when">{formatSession(locale, r, r.timeZone)}</p>
              <p>
                {r.status === 'confirmed'
                  ? t('events.register.youAre', { count: r.seats })
                  : t('events.register.youWait', { position: r.position ?? 0 })}
                {(r.sessionStatus === 'cancelled' || r.eventStatus === 'cancelled') && (
                  <span class="tag badge-danger">{t('events.status.cancelled')}</span>
                )}
              </p>
              <form method="post" action={`/agenda/inscriptions/${r.id}/annuler`}>
                <input type="hidden" name="_csrf" value={csrfToken} />
                <button type="submit" class="button button-secondary">
                  {t('events.register.cancel')}
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
      <section aria-labelledby="mon-agenda">
        <h2 id="mon-agenda">{t('events.mine.feed')}</h2>
        <p>{t('events.mine.feedHint')}</p>
        <p>
          <label for="flux-prive">{t('events.mine.feedLabel')}</label>
          <input id="flux-prive" type="text" readonly value={feedUrl} class="copy-field" />
        </p>
        <form method="post" action="/agenda/mes-inscriptions/lien">
          <input type="hidden" name="_csrf" value={csrfToken} />
          <button type="submit" class="button button-secondary">
            {t('events.mine.feedReset')}
          </button>
        </form>
      </section>
    </Layout>
  );
}

export function CancelByLinkPage({ title, when, token, cancelled }: { title: string; when: string; token: string; cancelled: boolean }) {
  const { t, csrfToken } = useView();
  return (
    <Layout title={t('events.cancelLink.title')}>
      <div class="form-page">
        <h1>{t('events.cancelLink.title')}</h1>
        <p>
          <strong>{title}</strong>
          <br />
          {when}
        </p>
        {cancelled ? (
          <p class="notice">{t('events.cancelLink.already')}</p>
        ) : (
          <form method="post" action={`/agenda/annulation/${token}`}>
            <input type="hidden" name="_csrf" value={csrfToken} />
            <p>{t('events.cancelLink.confirm')}</p>
            <button type="submit" class="button button-danger">
              {t('events.register.cancel')}
            </button>
          </form>
        )}
      </div>
    </Layout>
  );
}

/** The map of what is on: a marker per event (its next session), and the same as a list for those without JavaScript. */
export function AgendaMapPage(p: {
  filters: AgendaFilters;
  points: MapPoint[];
  capped: boolean;
  tileUrl: string;
  tileAttribution: string;
}) {
  const { t, locale } = useView();
  const chips = agendaChips(p.filters, t, locale, '/agenda/carte');
  const when = (pt: MapPoint) => formatSession(locale, { startsAt: pt.startsAt, endsAt: pt.startsAt }, pt.timeZone).split(' – ')[0] ?? '';
  const data = JSON.stringify(p.points.map((pt) => [pt.latitude, pt.longitude, `${pt.title} · ${when(pt)}`, `/agenda/${pt.slug}`]));
  return (
    <Layout title={t('events.map.title')} description={t('events.map.lead')} withMap={p.points.length > 0}>
      <AgendaHead filters={p.filters} view="map" />
      <form method="get" action="/agenda/carte" class="search-layout">
        <div class="search-top">
          <ActiveFilters chips={chips} clearHref="/agenda/carte" />
        </div>
        <aside class="search-filters" aria-label={t('places.list.filters')}>
          <AgendaFiltersPanel filters={p.filters} facets={{ kind: {}, region: {}, audience: {} }} active={chips.length} />
        </aside>
        <div class="search-main">
          <p class="lead">{t('events.map.lead')}</p>
          <p class="result-count" role="status">
            {t('events.map.count', { count: p.points.length })}
          </p>
          {p.capped && <p class="notice">{t('events.map.capped', { count: p.points.length })}</p>}
          {p.points.length > 0 ? (
            <>
              <section
                class="map"
                data-map="points"
                data-points={data}
                data-tiles={p.tileUrl}
                data-attribution={p.tileAttribution}
                aria-label={t('events.map.label')}
              />
              <details class="map-list">
                <summary>{t('events.map.list')}</summary>
                <ul class="plain-list">
                  {p.points.map((pt) => (
                    <li>
                      <a href={`/agenda/${pt.slug}`}>{pt.title}</a>
                      <span class="muted">{` · ${when(pt)} · ${[pt.venueName, pt.commune].filter(Boolean).join(', ')}`}</span>
                    </li>
                  ))}
                </ul>
              </details>
            </>
          ) : (
            <EmptyState
              title={t('events.map.count', { count: 0 })}
              reason={t('events.map.none')}
              steps={[
                ...(chips.length > 0 ? [{ href: '/agenda/carte', label: t('search.dropFilters'), primary: true }] : []),
                { href: '/agenda', label: t('events.agenda.title') },
              ]}
            />
          )}
        </div>
      </form>
    </Layout>
  );
}
