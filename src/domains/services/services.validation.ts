import { z } from '@hono/zod-openapi';
import { choiceList, commaList, formCheckbox, markdownText, optionalText, plainText } from '../../lib/validation.ts';
import { AUDIENCE_CODES } from '../places/places.validation.ts';
import { REQUEST_STATUSES, SERVICE_KINDS } from './services.schema.ts';

/** Who offers it, as the form names it: "lieu:<slug>", "communaute:<slug>" or "reseau". */
export const PROVIDER_PATTERN = /^(reseau|lieu:[a-z0-9-]{1,100}|communaute:[a-z0-9-]{1,100})$/;

export type Provider = { kind: 'place'; slug: string } | { kind: 'community'; slug: string } | { kind: 'network' };

export function parseProvider(value: string): Provider {
  if (value === 'reseau') {
    return { kind: 'network' };
  }
  const [k, slug = ''] = value.split(':', 2);
  return k === 'lieu' ? { kind: 'place', slug } : { kind: 'community', slug };
}

export const providerValue = (p: Provider): string =>
  p.kind === 'network' ? 'reseau' : `${p.kind === 'place' ? 'lieu' : 'communaute'}:${p.slug}`;

/** What an offer is; the form and the API share it. */
export const offerShape = {
  title: plainText({ min: 5, max: 140 }),
  kind: z.enum(SERVICE_KINDS, { message: 'v.choice' }),
  description: markdownText({ max: 10_000 }).refine((v) => v.trim().length >= 10, 'v.tooShortText'),
  audiences: choiceList(AUDIENCE_CODES),
  conditions: optionalText(1000),
  free: formCheckbox(),
  price: optionalText(200),
  duration: optionalText(100),
  contactName: optionalText(100),
};

type OfferOut = z.output<z.ZodObject<typeof offerShape>>;

function checkOffer(v: OfferOut, ctx: z.RefinementCtx) {
  if (v.free !== 'on' && !v.price) {
    ctx.addIssue({ code: 'custom', path: ['price'], message: 'services.priceNeeded' });
  }
}

export const OfferInput = z
  .object({
    ...offerShape,
    provider: z.string().regex(PROVIDER_PATTERN, 'v.choice'),
  })
  .superRefine(checkOffer);

export const OfferEditInput = z.object(offerShape).superRefine(checkOffer);

export type OfferData = z.output<typeof OfferEditInput>;

export const RequestInput = z.object({
  message: plainText({ min: 10, max: 4000 }),
});

export const ThreadMessageInput = z.object({
  body: plainText({ min: 1, max: 4000 }),
});

/** The team's answer: a new status, a reason when refused, an optional word to the requester. */
export const AnswerInput = z
  .object({
    status: z.enum(REQUEST_STATUSES, { message: 'v.choice' }),
    reason: optionalText(1000),
    message: optionalText(4000),
  })
  .superRefine((v, ctx) => {
    if (v.status === 'refused' && !v.reason) {
      ctx.addIssue({ code: 'custom', path: ['reason'], message: 'services.reasonNeeded' });
    }
  });

export const RatingInput = z.object({
  rating: z.coerce
    .number({ message: 'services.ratingNeeded' })
    .int('services.ratingNeeded')
    .min(1, 'services.ratingNeeded')
    .max(5, 'services.ratingNeeded'),
  comment: optionalText(2000),
});

export const HideInput = z.object({
  note: plainText({ min: 5, max: 1000 }),
});

/** The filters of /services, in French in the address: type, region, departement, public, gratuit, lieu, q, page. */
export const ServicesQuery = z.object({
  q: z.string().trim().max(200).optional(),
  type: commaList().pipe(z.array(z.enum(SERVICE_KINDS)).max(SERVICE_KINDS.length)),
  region: commaList().pipe(z.array(z.string().regex(/^\d{2,3}$/)).max(20)),
  departement: commaList().pipe(z.array(z.string().regex(/^(\d{2,3}|2[AB])$/)).max(20)),
  public: commaList().pipe(z.array(z.enum(AUDIENCE_CODES)).max(AUDIENCE_CODES.length)),
  gratuit: z.enum(['1', 'on', 'true']).optional(),
  lieu: z
    .string()
    .regex(/^[a-z0-9-]{1,100}$/)
    .optional(),
  page: z.coerce.number().int().min(1).max(1000).optional(),
});

export interface ServiceFilters {
  q: string;
  kind: string[];
  region: string[];
  department: string[];
  audience: string[];
  free: boolean;
  place?: string;
}

export function normaliseServices(q: z.output<typeof ServicesQuery>): ServiceFilters {
  return {
    q: q.q ?? '',
    kind: q.type,
    region: q.region,
    department: q.departement,
    audience: q.public,
    free: q.gratuit !== undefined,
    place: q.lieu,
  };
}

/** The filters back into an address (only what is set), e.g. for chips and pagination. */
export function servicesQueryString(f: ServiceFilters, extra: Record<string, string | undefined> = {}): string {
  const p = new URLSearchParams();
  if (f.q) {
    p.set('q', f.q);
  }
  for (const v of f.kind) {
    p.append('type', v);
  }
  for (const v of f.region) {
    p.append('region', v);
  }
  for (const v of f.department) {
    p.append('departement', v);
  }
  for (const v of f.audience) {
    p.append('public', v);
  }
  if (f.free) {
    p.set('gratuit', '1');
  }
  if (f.place) {
    p.set('lieu', f.place);
  }
  for (const [k, v] of Object.entries(extra)) {
    if (v) {
      p.set(k, v);
    }
  }
  const s = p.toString();
  return s ? `?${s}` : '';
}
