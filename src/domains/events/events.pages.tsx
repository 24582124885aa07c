import { stringify } from 'csv-stringify/sync';
import type { Context, Hono } from 'hono';
import type { Child } from 'hono/jsx';
import type { ZodType, z } from 'zod';
import type { AppEnv } from '../../http-env.ts';
import { safeCell } from '../../lib/csv.ts';
import { AppError } from '../../lib/errors.ts';
import { dayInFrance } from '../../lib/i18n.ts';
import { ICAL_CONTENT_TYPE } from '../../lib/ical.ts';
import { type FormFiles, queryWithLists, readForm } from '../../lib/request-body.ts';
import { SLUG_PATTERN, slugOr404 } from '../../lib/slug.ts';
import { uuidOr404 } from '../../lib/validation.ts';
import type { Viewer } from '../../lib/viewer.ts';
import { addDays, localParts } from '../../lib/zoned-time.ts';
import { handleForm } from '../../views/form-handler.ts';
import { emptyForm, type FormState } from '../../views/forms.tsx';
import { privatePage, redirectWithFlash, renderPage, renderPublicPage } from '../../views/render.tsx';
import { requireViewer } from '../accounts/guards.ts';
import { COMMUNITIES_TOPIC } from '../communities/communities.service.ts';
import { PLACES_TOPIC } from '../places/places.service.ts';
import { AGENDA_PER_PAGE, AgendaQuery, eventsOnMap, normaliseAgenda, searchAgenda, sessionsBetween } from './events.agenda.ts';
import { agendaFeed, eventCalendar, personalFeed } from './events.feeds.ts';
import './events.sections.tsx';
import { formatSession } from './events.format.ts';
import * as events from './events.service.ts';
import {
  EventDetailsInput,
  EventFormInput,
  MessageInput,
  MoveSessionInput,
  OrganiserInput,
  RegisterInput,
  ReportInput,
  SessionPlanInput,
  StatusInput,
} from './events.validation.ts';
import {
  AgendaMapPage,
  AgendaPage,
  CancelByLinkPage,
  EventFormPage,
  EventPage,
  ManagePage,
  MonthPage,
  MyRegistrationsPage,
} from './events.views.tsx';
import './events.impact.ts';
import './events.opendata.ts';

/** What the agenda's public pages show comes from these: a change to one renews them. */
const AGENDA_TOPICS = [events.EVENTS_TOPIC, events.REGISTRATIONS_TOPIC, events.AGENDA_CLOCK_TOPIC, PLACES_TOPIC, COMMUNITIES_TOPIC];

/** The agenda's public pages, kept for visitors (3 MB gzipped: some 450 pages of 20 sessions). */
const publicAgendaPage = (c: Context<AppEnv>, page: () => Promise<Child>) => renderPublicPage(c, AGENDA_TOPICS, page, 3_000_000);

/** Markers on the agenda's map at most (the next ones first). */
const MAP_LIMIT = 400;

type Status = 200 | 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429;

/** The organisers' page's forms, one of them as typed when it was refused. */
type ManageForms = Partial<{
  sessions: FormState;
  message: FormState;
  report: FormState;
  organiser: FormState;
  move: { id: string; state: FormState };
}>;

const eventSlug = (c: Context<AppEnv>) => slugOr404(c.req.param('slug'), 'event');
const sessionId = (c: Context<AppEnv>) => uuidOr404(c.req.param('id'), 'session');

/** The agenda's filters that may be given several times. */
const FILTER_LISTS = ['type', 'region', 'departement', 'public'];

/** The agenda's filters from the query string; a stale link's unknown values are simply ignored. */
function agendaFilters(c: Context<AppEnv>) {
  const parsed = AgendaQuery.safeParse(queryWithLists(c, FILTER_LISTS));
  if (!parsed.success) {
    throw new AppError('VALIDATION_FAILED', { message: 'invalid agenda filters', userMessage: 'events.badFilters' });
  }
  return { ...normaliseAgenda(parsed.data, false).filters, page: parsed.data.page ?? 1 };
}

const maxMb = (c: Context<AppEnv>) => Math.round(c.get('deps').config.uploadMaxBytes / 1024 / 1024);

/** The photo chosen in the form, if any (its content is checked by the service). */
async function coverOf(files: FormFiles): Promise<events.CoverUpload | undefined> {
  const file = files.cover?.[0];
  return file && file.size > 0 ? { bytes: Buffer.from(await file.arrayBuffer()) } : undefined;
}

const ics = (c: Context<AppEnv>, body: string, filename: string) =>
  c.body(body, 200, {
    'Content-Type': ICAL_CONTENT_TYPE,
    'Content-Disposition': `inline; filename="${filename}"`,
  });

/** A new event's form, as people most often fill it: a workshop on site, free, registration here. */
const newEventDefaults = (placeSlug: string | undefined, hasPlaces: boolean) =>
  emptyForm({
    kind: 'atelier',
    attendanceMode: 'onsite',
    atPlace: hasPlaces ? 'on' : '',
    placeSlug: placeSlug ?? '',
    firstDate: addDays(dayInFrance(), 7),
    startTime: '14:00',
    endTime: '16:00',
    repeat: 'none',
    free: 'on',
    registration: 'here',
    waitlist: 'on',
  });

function formOfEvent(e: events.LoadedEvent['event']): FormState {
  return emptyForm({
    title: e.title,
    description: e.descriptionMd,
    kind: e.kind,
    placeSlug: e.placeSlug ?? '',
    communitySlug: e.communitySlug ?? '',
    projects: e.projects.map((pr) => pr.slug),
    attendanceMode: e.attendanceMode,
    atPlace: e.placeSlug && e.venueName === e.placeName ? 'on' : '',
    venueName: e.venueName === e.placeName ? '' : (e.venueName ?? ''),
    address: e.address ?? '',
    postcode: e.postcode ?? '',
    commune: e.commune ?? '',
    onlineUrl: e.onlineUrl ?? '',
    timeZone: e.timeZone,
    audiences: e.audiences,
    ageMin: e.ageMin === null ? '' : String(e.ageMin),
    ageMax: e.ageMax === null ? '' : String(e.ageMax),
    accessibility: e.accessibility,
    free: e.free ? 'on' : '',
    price: e.price ?? '',
    conditions: e.conditions ?? '',
    registration: e.registration,
    registrationUrl: e.registrationUrl ?? '',
    questions: e.questions.join('\n'),
    skills: e.skills.map((s) => s.name).join(', '),
  });
}

export function mountEventPages(app: Hono<AppEnv>) {
  app.get('/agenda', (c) => {
    const { page, ...filters } = agendaFilters(c);
    return publicAgendaPage(c, async () => {
      const from = filters.from ? new Date(`${filters.from}T00:00:00Z`) : new Date();
      const to = filters.to ? new Date(`${addDays(filters.to, 1)}T12:00:00Z`) : undefined;
      const result = await searchAgenda(
        c.get('deps'),
        filters,
        { from, to },
        { limit: AGENDA_PER_PAGE, offset: (page - 1) * AGENDA_PER_PAGE },
      );
      return <AgendaPage filters={filters} result={result} page={page} />;
    });
  });

  app.get('/agenda/mois', (c) => {
    const { page: _page, ...filters } = agendaFilters(c);
    const asked = c.req.query('mois') ?? '';
    const month = /^\d{4}-(0[1-9]|1[0-2])$/.test(asked) ? asked : dayInFrance().slice(0, 7);
    const [y, m] = month.split('-').map(Number) as [number, number];
    return publicAgendaPage(c, async () => {
      // A day's margin on each side: sessions are placed by their own zone's date.
      const from = new Date(Date.UTC(y, m - 1, 1) - 86_400_000);
      const to = new Date(Date.UTC(y, m, 1) + 86_400_000);
      const rows = (await sessionsBetween(c.get('deps'), filters, { from, to }, 2000)).filter(
        (r) => localParts(r.timeZone, r.startsAt).date.slice(0, 7) === month,
      );
      return <MonthPage filters={filters} month={month} rows={rows} />;
    });
  });

  app.get('/agenda/carte', (c) => {
    const { page: _page, ...filters } = agendaFilters(c);
    const deps = c.get('deps');
    return publicAgendaPage(c, async () => {
      const from = filters.from ? new Date(`${filters.from}T00:00:00Z`) : new Date();
      const to = filters.to ? new Date(`${addDays(filters.to, 1)}T12:00:00Z`) : new Date(from.getTime() + 30 * 86_400_000);
      const points = await eventsOnMap(deps, filters, { from, to }, MAP_LIMIT + 1);
      return (
        <AgendaMapPage
          filters={filters}
          points={points.slice(0, MAP_LIMIT)}
          capped={points.length > MAP_LIMIT}
          tileUrl={deps.config.tileUrl}
          tileAttribution={deps.config.tileAttribution}
        />
      );
    });
  });

  app.get('/agenda.ics', async (c) => {
    const { page: _page, ...filters } = agendaFilters(c);
    const t = c.get('t');
    return ics(c, await agendaFeed(c.get('deps'), filters, t('events.feed.name')), 'agenda.ics');
  });

  const renderNew = async (c: Context<AppEnv>, state: FormState | null, status: Status = 200) => {
    const viewer = requireViewer(c);
    privatePage(c);
    const [places, communities, projects] = await Promise.all([
      events.placesFor(c.get('deps'), viewer),
      events.communitiesFor(c.get('deps'), viewer),
      events.projectsFor(c.get('deps'), viewer),
    ]);
    const lieu = c.req.query('lieu');
    const form = state ?? newEventDefaults(lieu && SLUG_PATTERN.test(lieu) ? lieu : places[0]?.slug, places.length > 0);
    return renderPage(
      c,
      <EventFormPage
        state={form}
        places={places}
        communities={communities}
        projects={projects}
        action="/agenda/nouveau"
        maxMb={maxMb(c)}
      />,
      status,
    );
  };
  app.get('/agenda/nouveau', (c) => renderNew(c, null));
  app.post('/agenda/nouveau', async (c) => {
    const viewer = requireViewer(c);
    const { values, files } = await readForm(c);
    return handleForm(
      c,
      values,
      EventFormInput,
      (state, status) => renderNew(c, state, status),
      async (data) => {
        const { event, sessions } = await events.createEvent(c.get('deps'), viewer, { ...data, cover: await coverOf(files) });
        return redirectWithFlash(c, `/agenda/${event.slug}`, sessions > 1 ? 'events.new.doneMany' : 'events.new.done');
      },
    );
  });

  app.get('/agenda/mes-inscriptions', async (c) => {
    const viewer = requireViewer(c);
    privatePage(c);
    const deps = c.get('deps');
    const token = await events.feedToken(deps, viewer);
    const rows = await events.listMyRegistrations(deps, viewer);
    return renderPage(c, <MyRegistrationsPage rows={rows} feedUrl={`${deps.config.publicUrl}/agenda/flux/${token}.ics`} />);
  });
  app.post('/agenda/mes-inscriptions/lien', async (c) => {
    const viewer = requireViewer(c);
    await readForm(c);
    await events.feedToken(c.get('deps'), viewer, true);
    return redirectWithFlash(c, '/agenda/mes-inscriptions', 'events.mine.feedResetDone');
  });
  app.get('/agenda/flux/:file', async (c) => {
    privatePage(c);
    const file = c.req.param('file');
    const token = file.endsWith('.ics') ? file.slice(0, -4) : '';
    const body = /^[A-Za-z0-9_-]{20,64}$/.test(token) ? await personalFeed(c.get('deps'), token, c.get('t')('events.feed.mine')) : null;
    if (!body) {
      throw new AppError('NOT_FOUND', { message: 'unknown calendar address', userMessage: 'events.feedUnknown' });
    }
    return ics(c, body, 'mes-inscriptions.ics');
  });

  // The cancel link of every e-mail: a page that asks, then a POST (a link scanner must not cancel).
  app.get('/agenda/annulation/:token', async (c) => {
    privatePage(c);
    const token = c.req.param('token');
    const { registration, session, event } = await events.registrationByToken(c.get('deps'), token);
    const when = session ? formatSession(c.get('locale'), session, event.timeZone) : '';
    return renderPage(
      c,
      <CancelByLinkPage title={event.title} when={when} token={token} cancelled={registration.status === 'cancelled'} />,
    );
  });
  app.post('/agenda/annulation/:token', async (c) => {
    await readForm(c);
    const token = c.req.param('token');
    const { event } = await events.registrationByToken(c.get('deps'), token);
    await events.cancelByToken(c.get('deps'), token);
    return redirectWithFlash(c, `/agenda/${event.slug}`, 'events.register.cancelled');
  });

  app.post('/agenda/inscriptions/:id/annuler', async (c) => {
    const viewer = requireViewer(c);
    await readForm(c);
    const id = uuidOr404(c.req.param('id'), 'registration');
    await events.cancelRegistration(c.get('deps'), viewer, id);
    const back = c.req.header('referer');
    const to =
      back && new URL(back, c.req.url).pathname.startsWith('/agenda/') ? new URL(back, c.req.url).pathname : '/agenda/mes-inscriptions';
    return redirectWithFlash(c, to, 'events.register.cancelled');
  });

  const renderEvent = async (c: Context<AppEnv>, status: Status = 200, registerForm?: { sessionId: string; state: FormState }) => {
    const deps = c.get('deps');
    const viewer = c.get('viewer');
    if (viewer) {
      privatePage(c);
    }
    if (!viewer && status === 200 && !registerForm) {
      // Visitors all see the same page: kept until the agenda or its registrations change.
      return publicAgendaPage(c, async () => (
        <EventPage page={await events.getEventPage(deps, null, eventSlug(c))} baseUrl={deps.config.publicUrl} />
      ));
    }
    const page = await events.getEventPage(deps, viewer, eventSlug(c));
    return renderPage(c, <EventPage page={page} baseUrl={deps.config.publicUrl} registerForm={registerForm} />, status);
  };
  app.get('/agenda/:slug', (c) => renderEvent(c));

  app.get('/agenda/:slug/calendrier.ics', async (c) => {
    const slug = eventSlug(c);
    return ics(c, await eventCalendar(c.get('deps'), slug), `${slug}.ics`);
  });

  app.post('/agenda/:slug/seances/:id/inscription', async (c) => {
    const viewer = requireViewer(c);
    const slug = eventSlug(c);
    const id = sessionId(c);
    const { values } = await readForm(c);
    // Refused (full, already registered, too many guests…): the event's page again, the message at this session, what was typed kept.
    return handleForm(
      c,
      values,
      RegisterInput,
      (state, status) => renderEvent(c, status, { sessionId: id, state }),
      async (data) => {
        const registration = await events.register(c.get('deps'), viewer, id, {
          guests: data.guests,
          answers: [data.answer0 ?? '', data.answer1 ?? '', data.answer2 ?? ''],
        });
        return redirectWithFlash(
          c,
          `/agenda/${slug}`,
          registration.status === 'confirmed' ? 'events.register.done' : 'events.register.waitlisted',
        );
      },
    );
  });

  const renderEdit = async (c: Context<AppEnv>, state: FormState | null, status: Status = 200) => {
    const viewer = requireViewer(c);
    privatePage(c);
    const deps = c.get('deps');
    const { event } = await events.getOrganiserView(deps, viewer, eventSlug(c));
    const [places, communities, mine] = await Promise.all([
      events.placesFor(deps, viewer),
      events.communitiesFor(deps, viewer),
      events.projectsFor(deps, viewer),
    ]);
    const projects = [...mine, ...event.projects.filter((pr) => !mine.some((m) => m.id === pr.id))];
    if (event.communitySlug && !communities.some((x) => x.slug === event.communitySlug)) {
      communities.unshift({ slug: event.communitySlug, name: event.communityName ?? event.communitySlug } as (typeof communities)[number]);
    }
    if (event.placeSlug && !places.some((p) => p.slug === event.placeSlug)) {
      places.unshift({ slug: event.placeSlug, name: event.placeName ?? event.placeSlug } as (typeof places)[number]);
    }
    return renderPage(
      c,
      <EventFormPage
        state={state ?? formOfEvent(event)}
        places={places}
        communities={communities}
        projects={projects}
        action={`/agenda/${event.slug}/modifier`}
        editing={{ title: event.title, slug: event.slug, hasCover: !!event.coverKey }}
        maxMb={maxMb(c)}
      />,
      status,
    );
  };
  app.get('/agenda/:slug/modifier', (c) => renderEdit(c, null));
  app.post('/agenda/:slug/modifier', async (c) => {
    const viewer = requireViewer(c);
    const slug = eventSlug(c);
    const { values, files } = await readForm(c);
    return handleForm(
      c,
      values,
      EventDetailsInput,
      (state, status) => renderEdit(c, state, status),
      async (data) => {
        await events.updateEvent(c.get('deps'), viewer, slug, data, await coverOf(files));
        return redirectWithFlash(c, `/agenda/${slug}`, 'events.edit.done');
      },
    );
  });

  const renderManage = async (c: Context<AppEnv>, forms: ManageForms = {}, status: Status = 200) => {
    const viewer = requireViewer(c);
    privatePage(c);
    const data = await events.getOrganiserView(c.get('deps'), viewer, eventSlug(c));
    const lastSession = data.sessions.at(-1);
    return renderPage(
      c,
      <ManagePage
        data={data}
        forms={{
          sessions:
            forms.sessions ??
            emptyForm({
              firstDate: lastSession ? addDays(localParts(data.event.timeZone, lastSession.startsAt).date, 7) : addDays(dayInFrance(), 7),
              startTime: lastSession ? localParts(data.event.timeZone, lastSession.startsAt).time : '14:00',
              endTime: lastSession ? localParts(data.event.timeZone, lastSession.endsAt).time : '16:00',
              repeat: 'none',
              capacity: lastSession?.capacity ? String(lastSession.capacity) : '',
              reserved: lastSession ? String(lastSession.reserved) : '',
              waitlist: 'on',
            }),
          message: forms.message ?? emptyForm(),
          organiser: forms.organiser ?? emptyForm(),
          report:
            forms.report ??
            emptyForm({
              attendance: data.event.reportAttendance === null ? '' : String(data.event.reportAttendance),
              report: data.event.reportMd ?? '',
            }),
          move: forms.move,
        }}
      />,
      status,
    );
  };
  app.get('/agenda/:slug/gerer', (c) => renderManage(c));

  app.get('/agenda/:slug/inscrits.csv', async (c) => {
    const viewer = requireViewer(c);
    privatePage(c);
    const t = c.get('t');
    const locale = c.get('locale');
    const data = await events.getOrganiserView(c.get('deps'), viewer, eventSlug(c));
    const sessions = new Map(data.sessions.map((s) => [s.id, s]));
    const header = [
      t('events.csv.session'),
      t('events.csv.name'),
      t('events.csv.seats'),
      t('events.csv.status'),
      ...data.event.questions,
      t('events.csv.registeredAt'),
    ];
    const rows = data.registrants.map((r) => {
      const s = sessions.get(r.sessionId);
      return [
        s ? formatSession(locale, s, data.event.timeZone) : '',
        safeCell(r.displayName),
        String(r.seats),
        t(`events.registrationStatus.${r.status}`),
        ...data.event.questions.map((_, i) => safeCell(r.answers[i] ?? '')),
        r.createdAt.toISOString(),
      ];
    });
    // A byte-order mark and semicolons: what a French spreadsheet opens as columns.
    const body = `\uFEFF${stringify([header, ...rows], { delimiter: ';' })}`;
    return c.body(body, 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="inscrits-${data.event.slug}.csv"`,
    });
  });

  /**
   * A form of the organisers' page: refused, that page again with this form's errors and what was
   * typed; done, a message on the page it leads to.
   */
  const organiserForm =
    <S extends ZodType>(
      schema: S,
      formState: (c: Context<AppEnv>, state: FormState) => ManageForms,
      act: (c: Context<AppEnv>, viewer: Viewer, slug: string, data: z.output<S>) => Promise<unknown>,
      done: { to: (slug: string) => string; flash: string },
    ) =>
    async (c: Context<AppEnv>) => {
      const viewer = requireViewer(c);
      const slug = eventSlug(c);
      const { values } = await readForm(c);
      return handleForm(
        c,
        values,
        schema,
        (state, status) => renderManage(c, formState(c, state), status),
        async (data) => {
          await act(c, viewer, slug, data);
          return redirectWithFlash(c, done.to(slug), done.flash);
        },
      );
    };
  const manage = (slug: string) => `/agenda/${slug}/gerer`;

  app.post(
    '/agenda/:slug/seances',
    organiserForm(
      SessionPlanInput,
      (_c, state) => ({ sessions: state }),
      (c, viewer, slug, plan) => events.addSessions(c.get('deps'), viewer, slug, plan),
      { to: manage, flash: 'events.manage.sessionsAdded' },
    ),
  );
  app.post(
    '/agenda/:slug/seances/:id/deplacer',
    organiserForm(
      MoveSessionInput,
      (c, state) => ({ move: { id: sessionId(c), state } }),
      (c, viewer, slug, data) => events.moveSession(c.get('deps'), viewer, slug, sessionId(c), data),
      { to: manage, flash: 'events.manage.sessionChanged' },
    ),
  );
  app.post(
    '/agenda/:slug/message',
    organiserForm(
      MessageInput,
      (_c, state) => ({ message: state }),
      (c, viewer, slug, data) => events.messageRegistrants(c.get('deps'), viewer, slug, data),
      { to: manage, flash: 'events.manage.messageSent' },
    ),
  );
  app.post(
    '/agenda/:slug/bilan',
    organiserForm(
      ReportInput,
      (_c, state) => ({ report: state }),
      (c, viewer, slug, data) => events.writeReport(c.get('deps'), viewer, slug, data),
      { to: (slug) => `/agenda/${slug}`, flash: 'events.report.done' },
    ),
  );

  app.post(
    '/agenda/:slug/organisateurs',
    organiserForm(
      OrganiserInput,
      (_c, state) => ({ organiser: state }),
      (c, viewer, slug, data) => events.addOrganiser(c.get('deps'), viewer, slug, data.email),
      { to: (slug) => `${manage(slug)}#co-organisateurs`, flash: 'events.organisers.added' },
    ),
  );
  app.post('/agenda/:slug/organisateurs/:id/retirer', async (c) => {
    const viewer = requireViewer(c);
    const slug = eventSlug(c);
    await readForm(c);
    const userId = uuidOr404(c.req.param('id'), 'organiser');
    await events.removeOrganiser(c.get('deps'), viewer, slug, userId);
    // Who removed themself is no longer an organiser: the event's page, not its organisers' page.
    return redirectWithFlash(c, userId === viewer.id ? `/agenda/${slug}` : manage(slug), 'events.organisers.removed');
  });

  app.post('/agenda/:slug/seances/:id/annuler', async (c) => {
    const viewer = requireViewer(c);
    const slug = eventSlug(c);
    await readForm(c);
    await events.cancelSession(c.get('deps'), viewer, slug, sessionId(c));
    return redirectWithFlash(c, `/agenda/${slug}/gerer`, 'events.manage.sessionCancelled');
  });

  app.post('/agenda/:slug/statut', async (c) => {
    const viewer = requireViewer(c);
    const slug = eventSlug(c);
    const { values } = await readForm(c);
    const parsed = StatusInput.safeParse(values);
    if (!parsed.success) {
      throw new AppError('VALIDATION_FAILED', { message: 'invalid status', userMessage: 'errors.validation' });
    }
    await events.setEventStatus(c.get('deps'), viewer, slug, parsed.data.status);
    return redirectWithFlash(c, `/agenda/${slug}`, `events.statusDone.${parsed.data.status}`);
  });
}
