import { z } from '@hono/zod-openapi';
import { parseLatLng } from '../../lib/coordinates.ts';
import { choiceList, markdownText, optionalText, plainText, webUrl } from '../../lib/validation.ts';
import { DAYS, type OpeningHours, parseDayHours } from './opening-hours.ts';
import { ACCESSIBILITY, AUDIENCES, codes, EQUIPMENT, PLACE_KINDS, SERVICES } from './places.vocabulary.ts';

export const KIND_CODES = codes(PLACE_KINDS);
export const EQUIPMENT_CODES = codes(EQUIPMENT);
export const SERVICE_CODES = codes(SERVICES);
export const AUDIENCE_CODES = codes(AUDIENCES);
export const ACCESSIBILITY_CODES = codes(ACCESSIBILITY);

/** What a place is made of once validated, whether it came from the form or the API. */
export interface PlaceData {
  name: string;
  kinds: string[];
  description: string;
  address?: string;
  postcode?: string;
  commune?: string;
  inseeCode?: string;
  latitude?: number;
  longitude?: number;
  openingHours?: OpeningHours;
  equipment: string[];
  services: string[];
  audiences: string[];
  accessibility: string[];
  website?: string;
  /** SIRET (14 digits), SIREN (9) or RNA (W + 9): the national open-data schema's `pivot`. */
  pivot?: string;
  charterText: string;
  charterSignedOn?: string;
}

const postcode = z
  .string()
  .trim()
  .regex(/^\d{4,5}$/, 'v.postcode')
  .transform((v) => v.padStart(5, '0'));
/** SIRET, SIREN or RNA, spaces and dots allowed when typed. */
const pivot = z
  .string()
  .trim()
  .transform((v) => v.replace(/[\s.]/g, '').toUpperCase())
  .refine((v) => /^(\d{9}|\d{14}|W[0-9A-Z]{9})$/.test(v), 'v.pivot');
const inseeCode = z
  .string()
  .trim()
  .regex(/^(\d{5}|2[AB]\d{3})$/, 'v.inseeCode');

function isAbsurdPoint(lat: number, lng: number): boolean {
  // 0,0 ("Null Island") is what broken geocoders return; no place of the network is there.
  return lat === 0 && lng === 0;
}

const today = () => new Date().toISOString().slice(0, 10);
const charterDate = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'v.date')
  .refine((v) => !Number.isNaN(Date.parse(v)) && v >= '2000-01-01' && v <= today(), 'v.dateRange');

const optional = <T extends z.ZodType>(schema: T) => z.union([z.literal('').transform(() => undefined), schema]).optional();

const common = {
  name: plainText({ min: 2, max: 120 }),
  description: markdownText({ max: 20_000 }).default(''),
  address: optionalText(200),
  commune: optionalText(100),
  website: optional(webUrl()),
  pivot: optional(pivot),
  charterText: markdownText({ max: 5000 }).default(''),
  charterSignedOn: optional(charterDate),
};

/** The HTML form: every value is text; coordinates in one field, opening hours one field per day. */
export const PlaceFormInput = z
  .object({
    ...common,
    kinds: choiceList(KIND_CODES).refine((l) => l.length > 0, 'v.pickOne'),
    postcode: optional(postcode),
    inseeCode: optional(inseeCode),
    // Checked field by field (not in a refinement of the whole object) so every error shows at once.
    coordinates: z
      .string()
      .trim()
      .max(80, 'v.tooLong')
      .default('')
      .refine((v) => {
        if (v === '') {
          return true;
        }
        const p = parseLatLng(v);
        return !!p && !isAbsurdPoint(p.lat, p.lng);
      }, 'v.coordinates'),
    ...Object.fromEntries(
      DAYS.map((d) => [
        `hours_${d}`,
        z
          .string()
          .max(80, 'v.tooLong')
          .default('')
          .refine((v) => parseDayHours(v) !== null, 'v.hours'),
      ]),
    ),
    hoursNote: optionalText(300),
    equipment: choiceList(EQUIPMENT_CODES),
    services: choiceList(SERVICE_CODES),
    audiences: choiceList(AUDIENCE_CODES),
    accessibility: choiceList(ACCESSIBILITY_CODES),
  })
  .strict()
  .transform((v): PlaceData => {
    const values = v as Record<string, unknown>;
    const point = v.coordinates ? parseLatLng(v.coordinates) : null;
    const days: OpeningHours['days'] = {};
    for (const d of DAYS) {
      const ranges = parseDayHours(String(values[`hours_${d}`] ?? '')) ?? [];
      if (ranges.length > 0) {
        days[d] = ranges;
      }
    }
    const hasHours = Object.keys(days).length > 0 || !!v.hoursNote;
    return {
      name: v.name,
      kinds: v.kinds,
      description: v.description,
      address: v.address,
      postcode: v.postcode,
      commune: v.commune,
      inseeCode: v.inseeCode,
      latitude: point?.lat,
      longitude: point?.lng,
      openingHours: hasHours ? { days, ...(v.hoursNote ? { note: v.hoursNote } : {}) } : undefined,
      equipment: v.equipment,
      services: v.services,
      audiences: v.audiences,
      accessibility: v.accessibility,
      website: v.website,
      pivot: v.pivot,
      charterText: v.charterText,
      charterSignedOn: v.charterSignedOn,
    };
  });

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'v.hours');
export const OpeningHoursSchema = z
  .object({
    days: z
      .object(
        Object.fromEntries(
          DAYS.map((d) => [
            d,
            z
              .array(z.tuple([hhmm, hhmm]))
              .max(6)
              .optional(),
          ]),
        ) as Record<(typeof DAYS)[number], z.ZodOptional<z.ZodArray<z.ZodTuple<[typeof hhmm, typeof hhmm]>>>>,
      )
      .strict(),
    note: plainText({ max: 300 }).optional(),
  })
  .strict()
  .openapi('OpeningHours', {
    example: {
      days: {
        mo: [
          ['09:00', '12:00'],
          ['14:00', '18:00'],
        ],
      },
      note: 'Fermé en août',
    },
  });

const strictChoice = <const T extends readonly [string, ...string[]]>(allowed: T) =>
  z
    .array(z.enum(allowed, { message: 'v.choice' }))
    .max(allowed.length)
    .transform((l) => [...new Set(l)]);

/** API fields without defaults: a PATCH must not fill in what it does not mention. */
const apiFieldsBase = {
  name: plainText({ min: 2, max: 120 }),
  description: markdownText({ max: 20_000 }).openapi({ description: 'Markdown' }),
  kinds: strictChoice(KIND_CODES)
    .refine((l) => l.length > 0, 'v.pickOne')
    .openapi({ example: ['fablab'] }),
  address: plainText({ max: 200 }),
  postcode,
  commune: plainText({ max: 100 }),
  inseeCode,
  latitude: z.number().min(-90, 'v.latitude').max(90, 'v.latitude'),
  longitude: z.number().min(-180, 'v.longitude').max(180, 'v.longitude'),
  openingHours: OpeningHoursSchema,
  equipment: strictChoice(EQUIPMENT_CODES),
  services: strictChoice(SERVICE_CODES),
  audiences: strictChoice(AUDIENCE_CODES),
  accessibility: strictChoice(ACCESSIBILITY_CODES),
  website: webUrl(),
  pivot,
  charterText: markdownText({ max: 5000 }),
  charterSignedOn: charterDate,
};

const apiFields = {
  ...apiFieldsBase,
  description: apiFieldsBase.description.default(''),
  address: apiFieldsBase.address.optional(),
  postcode: postcode.optional(),
  commune: apiFieldsBase.commune.optional(),
  inseeCode: inseeCode.optional(),
  latitude: apiFieldsBase.latitude.optional(),
  longitude: apiFieldsBase.longitude.optional(),
  openingHours: OpeningHoursSchema.optional(),
  equipment: apiFieldsBase.equipment.default([]),
  services: apiFieldsBase.services.default([]),
  audiences: apiFieldsBase.audiences.default([]),
  accessibility: apiFieldsBase.accessibility.default([]),
  website: webUrl().optional(),
  pivot: pivot.optional(),
  charterText: apiFieldsBase.charterText.default(''),
  charterSignedOn: charterDate.optional(),
};

function checkPoint(v: { latitude?: number; longitude?: number }, ctx: z.RefinementCtx) {
  if ((v.latitude === undefined) !== (v.longitude === undefined)) {
    ctx.addIssue({ code: 'custom', path: [v.latitude === undefined ? 'latitude' : 'longitude'], message: 'v.bothCoordinates' });
  } else if (v.latitude !== undefined && v.longitude !== undefined && isAbsurdPoint(v.latitude, v.longitude)) {
    ctx.addIssue({ code: 'custom', path: ['latitude'], message: 'v.coordinates' });
  }
}

/** POST /api/v1/places. Unknown fields are refused. */
export const PlaceCreateApiInput = z.object(apiFields).strict().superRefine(checkPoint).openapi('PlaceInput');

/** PATCH /api/v1/places/{id}: any subset of the fields; null clears an optional one. */
export const PlacePatchApiInput = z
  .object(
    Object.fromEntries(
      Object.entries(apiFieldsBase).map(([k, s]) => [
        k,
        ['name', 'kinds'].includes(k) ? (s as z.ZodType).optional() : z.union([s as z.ZodType, z.null()]).optional(),
      ]),
    ) as { [K in keyof typeof apiFieldsBase]: z.ZodOptional<z.ZodType<z.output<(typeof apiFieldsBase)[K]> | null>> },
  )
  .strict()
  .superRefine((v, ctx) => checkPoint({ latitude: v.latitude ?? undefined, longitude: v.longitude ?? undefined }, ctx))
  .openapi('PlacePatch');

/** The public contact form. `website` is a honeypot: people leave it empty, bots fill it. */
export const ContactInput = z
  .object({
    senderName: plainText({ min: 2, max: 80 }),
    senderEmail: z
      .string()
      .trim()
      .toLowerCase()
      .max(254, 'v.tooLong')
      .pipe(z.email({ message: 'v.email' })),
    message: plainText({ min: 10, max: 5000 }),
    website: z.string().max(0, 'v.invalid').optional(),
  })
  .strict();

export const ReplyInput = z.object({ reply: plainText({ min: 2, max: 5000 }) }).strict();

export const TeamAddInput = z
  .object({
    email: z
      .string()
      .trim()
      .toLowerCase()
      .max(254, 'v.tooLong')
      .pipe(z.email({ message: 'v.email' })),
  })
  .strict();

/** A moderator's decision on a proposed place; a refusal is confirmed in a second step (`confirm`). */
export const ModerationInput = z
  .object({
    decision: z.enum(['publish', 'reject'], { message: 'v.choice' }),
    note: optionalText(1000),
    confirm: z.literal('1').optional(),
  })
  .strict();

export const PhotoAltInput = z.object({ alt: plainText({ max: 200 }).default('') }).strict();
