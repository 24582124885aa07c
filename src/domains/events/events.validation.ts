import { z } from '@hono/zod-openapi';
import { SLUG_PATTERN } from '../../lib/slug.ts';
import { choiceList, formCheckbox, isoDate, markdownText, matchingList, optionalText, plainText, webUrl } from '../../lib/validation.ts';
import { isTimeZone } from '../../lib/zoned-time.ts';
import { emailField } from '../accounts/accounts.validation.ts';
import { AUDIENCE_CODES } from '../places/places.validation.ts';
import { ATTENDANCE_MODES, EVENT_ACCESSIBILITY, EVENT_KINDS, type EventKind, REGISTRATION_MODES } from './events.schema.ts';
import { parseExceptions, REPEATS, type Repeat } from './recurrence.ts';

/** The zones of France and its overseas territories, Paris first. */
export const TIME_ZONES = [
  'Europe/Paris',
  'America/Guadeloupe',
  'America/Martinique',
  'America/Cayenne',
  'Indian/Reunion',
  'Indian/Mayotte',
  'America/Miquelon',
  'Pacific/Noumea',
  'Pacific/Tahiti',
  'Pacific/Wallis',
] as const;

/** The zone of an overseas department or collectivity, by its code; Paris for the rest. */
export function timeZoneOfDepartment(code: string | null | undefined): string {
  const zones: Record<string, string> = {
    '971': 'America/Guadeloupe',
    '972': 'America/Martinique',
    '973': 'America/Cayenne',
    '974': 'Indian/Reunion',
    '975': 'America/Miquelon',
    '976': 'Indian/Mayotte',
    '977': 'America/Guadeloupe',
    '978': 'America/Guadeloupe',
    '986': 'Pacific/Wallis',
    '987': 'Pacific/Tahiti',
    '988': 'Pacific/Noumea',
  };
  return (code && zones[code]) || 'Europe/Paris';
}

const checkbox = formCheckbox();
const time = z
  .string()
  .trim()
  .regex(/^([01]?\d|2[0-3])[:h]([0-5]\d)$/, 'v.time')
  .transform((v) => {
    const [h, m] = v.split(/[:h]/) as [string, string];
    return `${h.padStart(2, '0')}:${m}`;
  });
const optionalInt = (min: number, max: number) =>
  z
    .union([z.literal(''), z.coerce.number().int('v.integer').min(min).max(max)])
    .optional()
    .transform((v) => (v === '' || v === undefined ? null : v));
export interface EventDetails {
  title: string;
  description: string;
  kind: EventKind;
  placeSlug?: string;
  communitySlug?: string;
  attendanceMode: (typeof ATTENDANCE_MODES)[number];
  atPlace: boolean;
  venueName?: string;
  address?: string;
  postcode?: string;
  commune?: string;
  onlineUrl?: string;
  timeZone?: string;
  audiences: string[];
  ageMin: number | null;
  ageMax: number | null;
  accessibility: string[];
  free: boolean;
  price?: string;
  conditions?: string;
  registration: (typeof REGISTRATION_MODES)[number];
  registrationUrl?: string;
  questions: string[];
  skills: string;
  /** Slugs of the organiser's projects it is linked to. */
  projects: string[];
  coverAlt?: string;
  removeCover: boolean;
}

export interface SessionPlan {
  firstDate: string;
  startTime: string;
  endTime: string;
  /** A session over several days (a weekend training): its last day. */
  lastDay?: string;
  repeat: Repeat;
  until?: string;
  skipPublicHolidays: boolean;
  except: Array<{ from: string; to: string }>;
  capacity: number | null;
  reserved: number;
  waitlist: boolean;
}

/** What the event is (every field but its dates): the form and the API share it. */
export const detailsShape = {
  title: plainText({ min: 5, max: 140 }),
  description: markdownText({ max: 20_000 }).refine((v) => v.trim().length >= 10, 'v.tooShortText'),
  kind: z.enum(EVENT_KINDS, { message: 'v.choice' }),
  placeSlug: optionalText(100),
  communitySlug: optionalText(100),
  attendanceMode: z.enum(ATTENDANCE_MODES, { message: 'v.choice' }).default('onsite'),
  atPlace: checkbox,
  venueName: optionalText(140),
  address: optionalText(200),
  postcode: z
    .union([
      z.literal(''),
      z
        .string()
        .trim()
        .regex(/^\d{4,5}$/, 'v.postcode'),
    ])
    .default('')
    .transform((v) => (v ? v.padStart(5, '0') : undefined)),
  commune: optionalText(100),
  onlineUrl: webUrl()
    .optional()
    .transform((v) => v || undefined),
  timeZone: z
    .union([z.literal(''), z.string().refine((v) => (TIME_ZONES as readonly string[]).includes(v) && isTimeZone(v), 'v.choice')])
    .optional()
    .transform((v) => v || undefined),
  audiences: choiceList(AUDIENCE_CODES),
  ageMin: optionalInt(0, 120),
  ageMax: optionalInt(0, 120),
  accessibility: choiceList(EVENT_ACCESSIBILITY),
  free: checkbox,
  price: optionalText(200),
  conditions: optionalText(1000),
  registration: z.enum(REGISTRATION_MODES, { message: 'v.choice' }).default('none'),
  registrationUrl: webUrl()
    .optional()
    .transform((v) => v || undefined),
  questions: z
    .string()
    .max(600, 'v.tooLong')
    .optional()
    .transform((v) =>
      (v ?? '')
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter(Boolean),
    )
    .refine((l) => l.length <= 3, 'events.tooManyQuestions')
    .refine((l) => l.every((q) => q.length <= 200), 'v.tooLong'),
  skills: z.string().max(300, 'v.tooLong').optional().default(''),
  projects: matchingList(SLUG_PATTERN, 12),
  coverAlt: optionalText(200),
  removeCover: checkbox,
};

/** The dates: a first session, and how it repeats. */
export const planShape = {
  firstDate: isoDate,
  startTime: time,
  endTime: time,
  lastDay: z
    .union([z.literal(''), isoDate])
    .optional()
    .transform((v) => v || undefined),
  repeat: z.enum(REPEATS, { message: 'v.choice' }).default('none'),
  until: z
    .union([z.literal(''), isoDate])
    .optional()
    .transform((v) => v || undefined),
  skipPublicHolidays: checkbox,
  except: z.string().max(2000, 'v.tooLong').optional().default(''),
  capacity: optionalInt(1, 10_000),
  reserved: optionalInt(0, 10_000),
  waitlist: checkbox,
};

type DetailsOut = z.output<z.ZodObject<typeof detailsShape>>;
type PlanOut = z.output<z.ZodObject<typeof planShape>>;

function checkDetails(v: DetailsOut, ctx: z.RefinementCtx) {
  if (v.ageMin !== null && v.ageMax !== null && v.ageMin > v.ageMax) {
    ctx.addIssue({ code: 'custom', path: ['ageMax'], message: 'events.agesOrder' });
  }
  if (v.attendanceMode !== 'onsite' && !v.onlineUrl) {
    ctx.addIssue({ code: 'custom', path: ['onlineUrl'], message: 'events.onlineUrlNeeded' });
  }
  if (v.attendanceMode !== 'online' && v.atPlace !== 'on' && !v.commune && !v.postcode) {
    ctx.addIssue({ code: 'custom', path: ['commune'], message: 'events.whereNeeded' });
  }
  if (v.atPlace === 'on' && !v.placeSlug && v.attendanceMode !== 'online') {
    ctx.addIssue({ code: 'custom', path: ['placeSlug'], message: 'events.placeNeeded' });
  }
  if (v.registration === 'external' && !v.registrationUrl) {
    ctx.addIssue({ code: 'custom', path: ['registrationUrl'], message: 'events.registrationUrlNeeded' });
  }
  if (v.free !== 'on' && !v.price) {
    ctx.addIssue({ code: 'custom', path: ['price'], message: 'events.priceNeeded' });
  }
}

function checkPlan(v: PlanOut, ctx: z.RefinementCtx) {
  if (v.lastDay ? v.lastDay < v.firstDate : v.endTime <= v.startTime) {
    ctx.addIssue({ code: 'custom', path: [v.lastDay ? 'lastDay' : 'endTime'], message: 'events.endBeforeStart' });
  }
  if (v.repeat !== 'none' && !v.until) {
    ctx.addIssue({ code: 'custom', path: ['until'], message: 'events.untilNeeded' });
  }
  if (v.until && v.until < v.firstDate) {
    ctx.addIssue({ code: 'custom', path: ['until'], message: 'events.untilBeforeStart' });
  }
  if (v.capacity !== null && v.reserved !== null && v.reserved >= v.capacity) {
    ctx.addIssue({ code: 'custom', path: ['reserved'], message: 'events.reservedTooMany' });
  }
  const { bad } = parseExceptions(v.except);
  if (bad.length > 0) {
    ctx.addIssue({ code: 'custom', path: ['except'], message: 'events.exceptUnread', params: { pieces: bad.join(' ; ') } });
  }
}

const toDetails = (v: DetailsOut): EventDetails => ({
  ...v,
  atPlace: v.atPlace === 'on',
  free: v.free === 'on',
  removeCover: v.removeCover === 'on',
  postcode: v.postcode,
});

const toPlan = (v: PlanOut): SessionPlan => ({
  firstDate: v.firstDate,
  startTime: v.startTime,
  endTime: v.endTime,
  lastDay: v.lastDay,
  repeat: v.repeat,
  until: v.until,
  skipPublicHolidays: v.skipPublicHolidays === 'on',
  except: parseExceptions(v.except).periods,
  capacity: v.capacity,
  reserved: v.reserved ?? 0,
  waitlist: v.waitlist === 'on',
});

/** A new event: what it is and its dates, from one form. */
export const EventFormInput = z
  .object({ ...detailsShape, ...planShape })
  .strict()
  .superRefine((v, ctx) => {
    checkDetails(v, ctx);
    checkPlan(v, ctx);
  })
  .transform((v) => ({ details: toDetails(v), plan: toPlan(v) }));

/** Changing what an event is (its sessions are changed one by one). */
export const EventDetailsInput = z.object(detailsShape).strict().superRefine(checkDetails).transform(toDetails);

/** More sessions for an event (same form as the first dates). */
export const SessionPlanInput = z.object(planShape).strict().superRefine(checkPlan).transform(toPlan);

/** Move one session: a new date and times. */
export const MoveSessionInput = z
  .object({ date: isoDate, startTime: time, endTime: time, capacity: optionalInt(1, 10_000), reserved: optionalInt(0, 10_000) })
  .strict()
  .superRefine((v, ctx) => {
    if (v.endTime <= v.startTime) {
      ctx.addIssue({ code: 'custom', path: ['endTime'], message: 'events.endBeforeStart' });
    }
    if (v.capacity !== null && v.reserved !== null && v.reserved >= v.capacity) {
      ctx.addIssue({ code: 'custom', path: ['reserved'], message: 'events.reservedTooMany' });
    }
  });

export const RegisterInput = z
  .object({
    guests: z
      .union([z.literal(''), z.coerce.number().int('v.integer').min(0).max(9)])
      .optional()
      .transform((v) => (v === '' || v === undefined ? 0 : v)),
    answer0: optionalText(300),
    answer1: optionalText(300),
    answer2: optionalText(300),
  })
  .strict();

/** A co-organiser, by the address of their account (never shown). */
export const OrganiserInput = z.object({ email: emailField }).strict();

export const StatusInput = z.object({ status: z.enum(['scheduled', 'postponed', 'cancelled'], { message: 'v.choice' }) }).strict();

export const MessageInput = z.object({ subject: plainText({ min: 3, max: 140 }), body: plainText({ min: 10, max: 5000 }) }).strict();

export const ReportInput = z
  .object({
    attendance: z.coerce.number({ message: 'v.integer' }).int('v.integer').min(0).max(100_000),
    report: markdownText({ max: 10_000 }),
  })
  .strict();
