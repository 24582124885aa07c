import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../http-env.ts';
import { AppError } from '../../lib/errors.ts';
import { errorResponses, jsonResponse, PUBLIC, SIGNED_IN, SlugParam } from '../../lib/openapi.ts';
import { UUID_PATTERN } from '../../lib/validation.ts';
import type { Viewer } from '../../lib/viewer.ts';
import { requireViewer } from '../accounts/guards.ts';
import { AGENDA_PER_PAGE, AgendaQuery, type AgendaRow, normaliseAgenda, searchAgenda } from '../events/events.agenda.ts';
import type { SessionWithCounts } from '../events/events.repo.ts';
import { ATTENDANCE_MODES, EVENT_ACCESSIBILITY, EVENT_KINDS, EVENT_STATUSES, REGISTRATION_MODES } from '../events/events.schema.ts';
import * as events from '../events/events.service.ts';
import { EventDetailsInput, EventFormInput, RegisterInput, SessionPlanInput } from '../events/events.validation.ts';
import { REPEATS } from '../events/recurrence.ts';
import { apiValidationError } from '../places/places.routes.ts';

const SessionParams = SlugParam.extend({
  id: z
    .string()
    .regex(UUID_PATTERN, 'v.format')
    .openapi({ param: { name: 'id', in: 'path' } }),
});

const Session = z
  .object({
    id: z.string(),
    startsAt: z.string().openapi({ format: 'date-time' }),
    endsAt: z.string().openapi({ format: 'date-time' }),
    status: z.enum(['scheduled', 'cancelled']),
    capacity: z.number().int().nullable().openapi({ description: 'Null: no limit' }),
    reserved: z.number().int().openapi({ description: 'Places kept for the organisers' }),
    taken: z.number().int(),
    placesLeft: z.number().int().nullable(),
    waiting: z.number().int().optional(),
  })
  .openapi('EventSession');

const AgendaItem = z
  .object({
    session: Session,
    event: z.object({
      slug: z.string(),
      url: z.string(),
      title: z.string(),
      kind: z.enum(EVENT_KINDS),
      status: z.enum(EVENT_STATUSES),
      attendanceMode: z.enum(ATTENDANCE_MODES),
      timeZone: z.string(),
      free: z.boolean(),
      registration: z.enum(REGISTRATION_MODES),
      place: z.string().nullable(),
      venue: z.string().nullable(),
      commune: z.string().nullable(),
      departmentCode: z.string().nullable(),
      ageMin: z.number().int().nullable(),
      ageMax: z.number().int().nullable(),
    }),
  })
  .openapi('AgendaItem', { description: 'One session of the agenda, with its event.' });

const Event = z
  .object({
    slug: z.string(),
    url: z.string(),
    calendarUrl: z.string(),
    title: z.string(),
    description: z.string().openapi({ description: 'Markdown' }),
    kind: z.enum(EVENT_KINDS),
    status: z.enum(EVENT_STATUSES),
    attendanceMode: z.enum(ATTENDANCE_MODES),
    timeZone: z.string(),
    place: z.object({ slug: z.string(), name: z.string() }).nullable(),
    community: z.object({ slug: z.string(), name: z.string() }).nullable(),
    venue: z.string().nullable(),
    address: z.string().nullable(),
    postcode: z.string().nullable(),
    commune: z.string().nullable(),
    onlineUrl: z.string().nullable().openapi({ description: 'Only for organisers and people whose registration is confirmed' }),
    audiences: z.array(z.string()),
    ageMin: z.number().int().nullable(),
    ageMax: z.number().int().nullable(),
    accessibility: z.array(z.enum(EVENT_ACCESSIBILITY)),
    free: z.boolean(),
    price: z.string().nullable(),
    conditions: z.string().nullable(),
    registration: z.enum(REGISTRATION_MODES),
    registrationUrl: z.string().nullable(),
    questions: z.array(z.string()),
    skills: z.array(z.object({ slug: z.string(), name: z.string() })),
    projects: z.array(z.object({ slug: z.string(), title: z.string() })),
    sequence: z.number().int(),
    sessions: z.array(Session),
  })
  .openapi('Event');

const Registrant = z
  .object({
    id: z.string(),
    sessionId: z.string(),
    displayName: z.string(),
    profileSlug: z.string().nullable(),
    seats: z.number().int(),
    answers: z.array(z.string()),
    status: z.enum(['confirmed', 'waiting', 'cancelled']),
    createdAt: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('Registrant', { description: 'A registration as its organisers see it: a name, never an address.' });

/** What the event is, in JSON: the form's fields, with booleans, numbers and lists. */
const detailsJson = {
  title: z.string(),
  description: z.string().openapi({ description: 'Markdown' }),
  kind: z.enum(EVENT_KINDS),
  placeSlug: z.string().optional().openapi({ description: 'The organising place (its team only)' }),
  communitySlug: z.string().optional().openapi({ description: 'The organising community (its referents only)' }),
  attendanceMode: z.enum(ATTENDANCE_MODES).optional(),
  atPlace: z.boolean().optional().openapi({ description: 'On site at the organising place' }),
  venueName: z.string().optional(),
  address: z.string().optional(),
  postcode: z.string().optional(),
  commune: z.string().optional(),
  onlineUrl: z.string().optional(),
  timeZone: z.string().optional().openapi({ description: 'IANA zone; the place’s by default (Europe/Paris, overseas zones)' }),
  audiences: z.array(z.string()).optional(),
  ageMin: z.number().int().optional(),
  ageMax: z.number().int().optional(),
  accessibility: z.array(z.enum(EVENT_ACCESSIBILITY)).optional(),
  free: z.boolean().optional().openapi({ description: 'True by default' }),
  price: z.string().optional(),
  conditions: z.string().optional(),
  registration: z.enum(REGISTRATION_MODES).optional(),
  registrationUrl: z.string().optional(),
  questions: z.array(z.string()).optional().openapi({ description: 'Up to three questions asked at registration' }),
  skills: z.array(z.string()).optional().openapi({ description: 'Skill names' }),
  projects: z.array(z.string()).optional().openapi({ description: 'Slugs of projects the author documents (their page shows the event)' }),
};

const planJson = {
  firstDate: z.string().openapi({ format: 'date' }),
  startTime: z.string().openapi({ example: '14:00' }),
  endTime: z.string().openapi({ example: '16:00' }),
  lastDay: z.string().optional().openapi({ format: 'date', description: 'A session over several days: its last day' }),
  repeat: z.enum(REPEATS).optional(),
  until: z.string().optional().openapi({ format: 'date' }),
  skipPublicHolidays: z.boolean().optional(),
  except: z.array(z.string()).optional().openapi({ description: 'Days or periods to skip: "2026-12-21 to 2027-01-03", "2027-02-17"' }),
  capacity: z.number().int().optional(),
  reserved: z.number().int().optional(),
  waitlist: z.boolean().optional().openapi({ description: 'True by default' }),
};

const DetailsBody = z.object(detailsJson).strict().openapi('EventDetailsInput');
const PlanBody = z.object(planJson).strict().openapi('SessionPlanInput');
const EventBody = z
  .object({ ...detailsJson, ...planJson })
  .strict()
  .openapi('EventInput', { description: 'An event and its first dates; a recurrence is stored as dated sessions (200 at most).' });

/** JSON values as the form sends them: the one validation (and its messages) serves both. */
function asForm(body: Record<string, unknown>, defaults: Record<string, boolean> = {}): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries({ ...defaults, ...body })) {
    if (typeof v === 'boolean') {
      out[k] = v ? 'on' : '';
    } else if (typeof v === 'number') {
      out[k] = String(v);
    } else if (Array.isArray(v)) {
      out[k] = k === 'questions' || k === 'except' ? v.join('\n') : k === 'skills' ? v.join(', ') : v.map(String);
    } else if (typeof v === 'string') {
      out[k] = v;
    }
  }
  return out;
}

const placesLeft = (s: { capacity: number | null; reserved: number; taken: number }) =>
  s.capacity === null ? null : Math.max(0, s.capacity - s.reserved - s.taken);

const sessionJson = (s: SessionWithCounts, organiser: boolean) => ({
  id: s.id,
  startsAt: s.startsAt.toISOString(),
  endsAt: s.endsAt.toISOString(),
  status: s.status,
  capacity: s.capacity,
  reserved: s.reserved,
  taken: s.taken,
  placesLeft: placesLeft(s),
  ...(organiser ? { waiting: s.waiting } : {}),
});

const agendaItemJson = (base: string, r: AgendaRow) => ({
  session: {
    id: r.sessionId,
    startsAt: r.startsAt.toISOString(),
    endsAt: r.endsAt.toISOString(),
    status: r.sessionStatus,
    capacity: r.capacity,
    reserved: r.reserved,
    taken: r.taken,
    placesLeft: placesLeft(r),
  },
  event: {
    slug: r.slug,
    url: `${base}/agenda/${r.slug}`,
    title: r.title,
    kind: r.kind as (typeof EVENT_KINDS)[number],
    status: r.status,
    attendanceMode: r.attendanceMode as (typeof ATTENDANCE_MODES)[number],
    timeZone: r.timeZone,
    free: r.free,
    registration: r.registration as (typeof REGISTRATION_MODES)[number],
    place: r.placeName,
    venue: r.venueName,
    commune: r.commune,
    departmentCode: r.departmentCode,
    ageMin: r.ageMin,
    ageMax: r.ageMax,
  },
});

async function eventJson(c: { get: (k: 'deps') => AppEnv['Variables']['deps'] }, viewer: Viewer | null, slug: string) {
  const deps = c.get('deps');
  const base = deps.config.publicUrl;
  const page = await events.getEventPage(deps, viewer, slug);
  const e = page.event;
  const confirmed = page.mine.some((r) => r.status === 'confirmed');
  return {
    slug: e.slug,
    url: `${base}/agenda/${e.slug}`,
    calendarUrl: `${base}/agenda/${e.slug}/calendrier.ics`,
    title: e.title,
    description: e.descriptionMd,
    kind: e.kind,
    status: e.status,
    attendanceMode: e.attendanceMode,
    timeZone: e.timeZone,
    place: e.placeSlug ? { slug: e.placeSlug, name: e.placeName ?? e.placeSlug } : null,
    community: e.communitySlug ? { slug: e.communitySlug, name: e.communityName ?? e.communitySlug } : null,
    venue: e.venueName,
    address: e.address,
    postcode: e.postcode,
    commune: e.commune,
    onlineUrl: confirmed || page.canOrganise ? e.onlineUrl : null,
    audiences: e.audiences,
    ageMin: e.ageMin,
    ageMax: e.ageMax,
    accessibility: e.accessibility as Array<(typeof EVENT_ACCESSIBILITY)[number]>,
    free: e.free,
    price: e.price,
    conditions: e.conditions,
    registration: e.registration,
    registrationUrl: e.registrationUrl,
    questions: e.questions,
    skills: e.skills.map((s) => ({ slug: s.slug, name: s.name })),
    projects: e.projects.map((p) => ({ slug: p.slug, title: p.title })),
    sequence: e.sequence,
    sessions: page.sessions.map((s) => sessionJson(s, page.canOrganise)),
  };
}

/** The agenda in the API: list with /agenda's filters, read, create, change, cancel, sessions, registrations. */
export function mountEventApi(api: OpenAPIHono<AppEnv>) {
  api.openapi(
    createRoute({
      method: 'get',
      path: '/events',
      operationId: 'listAgenda',
      tags: ['Agenda'],
      summary: 'Upcoming sessions, with the filters of /agenda and their counts',
      security: PUBLIC,
      request: { query: AgendaQuery },
      responses: {
        200: jsonResponse(
          z.object({
            items: z.array(AgendaItem),
            total: z.number().int(),
            page: z.number().int(),
            perPage: z.number().int(),
            facets: z.object({
              kind: z.record(z.string(), z.number()),
              region: z.record(z.string(), z.number()),
              audience: z.record(z.string(), z.number()),
            }),
          }),
          'Sessions in time order',
        ),
        ...errorResponses(400),
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const { filters, unknown } = normaliseAgenda(q, true);
      if (Object.keys(unknown).length > 0) {
        throw new AppError('VALIDATION_FAILED', {
          message: 'unknown filter values',
          details: Object.fromEntries(Object.entries(unknown).map(([k, v]) => [k, [`unknown: ${v.join(', ')}`]])),
        });
      }
      const page = q.page ?? 1;
      const from = filters.from ? new Date(`${filters.from}T00:00:00Z`) : new Date();
      const to = filters.to ? new Date(Date.parse(`${filters.to}T12:00:00Z`) + 86_400_000) : undefined;
      const result = await searchAgenda(
        c.get('deps'),
        filters,
        { from, to },
        { limit: AGENDA_PER_PAGE, offset: (page - 1) * AGENDA_PER_PAGE },
      );
      const base = c.get('deps').config.publicUrl;
      return c.json(
        {
          items: result.rows.map((r) => agendaItemJson(base, r)),
          total: result.total,
          page,
          perPage: AGENDA_PER_PAGE,
          facets: result.facets,
        },
        200,
      );
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/events/{slug}',
      operationId: 'getEvent',
      tags: ['Agenda'],
      summary: 'An event and its sessions (also as iCalendar: calendarUrl)',
      security: PUBLIC,
      request: { params: SlugParam },
      responses: { 200: jsonResponse(Event, 'The event'), ...errorResponses(404) },
    }),
    async (c) => {
      const viewer = c.get('viewer');
      if (viewer) {
        c.header('Cache-Control', 'private, no-store');
      }
      return c.json(await eventJson(c, viewer, c.req.valid('param').slug), 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/events',
      operationId: 'createEvent',
      tags: ['Agenda'],
      summary: 'Publish an event and its first sessions',
      description:
        'End after start, sessions not in the past, capacity ≥ 1 and more than the reserved places; a recurrence makes at most 200 sessions over two years.',
      security: SIGNED_IN,
      request: { body: { required: true, content: { 'application/json': { schema: EventBody } } } },
      responses: { 201: jsonResponse(Event, 'Published'), ...errorResponses(400, 401, 403) },
    }),
    async (c) => {
      const viewer = requireViewer(c);
      const parsed = EventFormInput.safeParse(asForm(c.req.valid('json'), { free: true, waitlist: true }));
      if (!parsed.success) {
        throw apiValidationError(parsed.error, 'invalid event');
      }
      const { event } = await events.createEvent(c.get('deps'), viewer, parsed.data);
      return c.json(await eventJson(c, viewer, event.slug), 201);
    },
  );

  api.openapi(
    createRoute({
      method: 'put',
      path: '/events/{slug}',
      operationId: 'updateEvent',
      tags: ['Agenda'],
      summary: 'Change what an event is (its sessions change one by one)',
      description: 'Organisers only. Calendars pick the change up (SEQUENCE is incremented).',
      security: SIGNED_IN,
      request: { params: SlugParam, body: { required: true, content: { 'application/json': { schema: DetailsBody } } } },
      responses: { 200: jsonResponse(Event, 'Changed'), ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => {
      const viewer = requireViewer(c);
      const { slug } = c.req.valid('param');
      const parsed = EventDetailsInput.safeParse(asForm(c.req.valid('json'), { free: true }));
      if (!parsed.success) {
        throw apiValidationError(parsed.error, 'invalid event');
      }
      await events.updateEvent(c.get('deps'), viewer, slug, parsed.data);
      return c.json(await eventJson(c, viewer, slug), 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/events/{slug}/status',
      operationId: 'setEventStatus',
      tags: ['Agenda'],
      summary: 'Programmed, postponed or cancelled (kept and shown; registrants are told)',
      security: SIGNED_IN,
      request: {
        params: SlugParam,
        body: {
          required: true,
          content: {
            'application/json': {
              schema: z
                .object({ status: z.enum(EVENT_STATUSES) })
                .strict()
                .openapi('EventStatusInput'),
            },
          },
        },
      },
      responses: { 200: jsonResponse(Event, 'Changed'), ...errorResponses(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      const viewer = requireViewer(c);
      const { slug } = c.req.valid('param');
      await events.setEventStatus(c.get('deps'), viewer, slug, c.req.valid('json').status);
      return c.json(await eventJson(c, viewer, slug), 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/events/{slug}/sessions',
      operationId: 'addEventSessions',
      tags: ['Agenda'],
      summary: 'Add sessions (one, or a recurrence)',
      security: SIGNED_IN,
      request: { params: SlugParam, body: { required: true, content: { 'application/json': { schema: PlanBody } } } },
      responses: { 200: jsonResponse(Event, 'Added'), ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => {
      const viewer = requireViewer(c);
      const { slug } = c.req.valid('param');
      const parsed = SessionPlanInput.safeParse(asForm(c.req.valid('json'), { waitlist: true }));
      if (!parsed.success) {
        throw apiValidationError(parsed.error, 'invalid sessions');
      }
      await events.addSessions(c.get('deps'), viewer, slug, parsed.data);
      return c.json(await eventJson(c, viewer, slug), 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/events/{slug}/sessions/{id}/cancel',
      operationId: 'cancelEventSession',
      tags: ['Agenda'],
      summary: 'Cancel one session (kept and shown as cancelled; its registrants are told)',
      security: SIGNED_IN,
      request: { params: SessionParams },
      responses: { 200: jsonResponse(Event, 'Cancelled'), ...errorResponses(401, 403, 404, 409) },
    }),
    async (c) => {
      const viewer = requireViewer(c);
      const { slug, id } = c.req.valid('param');
      await events.cancelSession(c.get('deps'), viewer, slug, id);
      return c.json(await eventJson(c, viewer, slug), 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/events/{slug}/registrations',
      operationId: 'listEventRegistrations',
      tags: ['Agenda'],
      summary: 'Who registered (organisers only): names, places, answers — never addresses',
      security: SIGNED_IN,
      request: { params: SlugParam },
      responses: { 200: jsonResponse(z.object({ items: z.array(Registrant) }), 'Confirmed and waiting'), ...errorResponses(401, 403, 404) },
    }),
    async (c) => {
      const viewer = requireViewer(c);
      c.header('Cache-Control', 'private, no-store');
      const view = await events.getOrganiserView(c.get('deps'), viewer, c.req.valid('param').slug);
      return c.json(
        {
          items: view.registrants.map((r) => ({
            id: r.id,
            sessionId: r.sessionId,
            displayName: r.displayName,
            profileSlug: r.profileSlug,
            seats: r.seats,
            answers: r.answers,
            status: r.status,
            createdAt: r.createdAt.toISOString(),
          })),
        },
        200,
      );
    },
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/events/{slug}/sessions/{id}/registrations',
      operationId: 'registerToSession',
      tags: ['Agenda'],
      summary: 'Register to a session (confirmed, or on the waiting list when it is full)',
      security: SIGNED_IN,
      request: {
        params: SessionParams,
        body: {
          required: true,
          content: {
            'application/json': {
              schema: z
                .object({ guests: z.number().int().optional(), answers: z.array(z.string()).max(3).optional() })
                .strict()
                .openapi('RegistrationInput'),
            },
          },
        },
      },
      responses: {
        201: jsonResponse(
          z.object({ id: z.string(), status: z.enum(['confirmed', 'waiting']), seats: z.number().int() }).openapi('Registration'),
          'Registered',
        ),
        ...errorResponses(400, 401, 403, 404, 409),
      },
    }),
    async (c) => {
      const viewer = requireViewer(c);
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      const parsed = RegisterInput.safeParse({
        guests: body.guests === undefined ? '' : String(body.guests),
        answer0: body.answers?.[0] ?? '',
        answer1: body.answers?.[1] ?? '',
        answer2: body.answers?.[2] ?? '',
      });
      if (!parsed.success) {
        throw apiValidationError(parsed.error, 'invalid registration');
      }
      const r = await events.register(c.get('deps'), viewer, id, {
        guests: parsed.data.guests,
        answers: [parsed.data.answer0 ?? '', parsed.data.answer1 ?? '', parsed.data.answer2 ?? ''],
      });
      return c.json({ id: r.id, status: r.status as 'confirmed' | 'waiting', seats: r.seats }, 201);
    },
  );
}
