import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../http-env.ts';
import { errorResponses, jsonResponse, PUBLIC, SIGNED_IN, SlugParam } from '../../lib/openapi.ts';
import { UUID_PATTERN } from '../../lib/validation.ts';
import type { Viewer } from '../../lib/viewer.ts';
import { requireViewer } from '../accounts/guards.ts';
import { apiValidationError } from '../places/places.routes.ts';
import type { OfferRow, RequestRow } from '../services/services.repo.ts';
import { REQUEST_STATUSES, SERVICE_KINDS } from '../services/services.schema.ts';
import * as services from '../services/services.service.ts';
import {
  AnswerInput,
  normaliseServices,
  OfferInput,
  RatingInput,
  RequestInput,
  ServicesQuery,
  ThreadMessageInput,
} from '../services/services.validation.ts';

const IdParam = z.object({
  id: z
    .string()
    .regex(UUID_PATTERN, 'v.format')
    .openapi({ param: { name: 'id', in: 'path' } }),
});

const Provider = z
  .object({ type: z.enum(['place', 'community', 'network']), slug: z.string().nullable(), name: z.string().nullable() })
  .openapi('ServiceProvider');

const Offer = z
  .object({
    slug: z.string(),
    url: z.string(),
    title: z.string(),
    kind: z.enum(SERVICE_KINDS),
    description: z.string().openapi({ description: 'Markdown' }),
    provider: Provider,
    audiences: z.array(z.string()),
    conditions: z.string().nullable(),
    free: z.boolean(),
    price: z.string().nullable(),
    duration: z.string().nullable(),
    contactName: z.string().nullable().openapi({ description: 'Who answers, as the team shows it (never an address)' }),
    open: z.boolean().openapi({ description: 'False once the team withdrew it' }),
  })
  .openapi('ServiceOffer');

const OfferSummary = z
  .object({
    slug: z.string(),
    url: z.string(),
    title: z.string(),
    kind: z.enum(SERVICE_KINDS),
    provider: Provider,
    free: z.boolean(),
    price: z.string().nullable(),
    duration: z.string().nullable(),
    audiences: z.array(z.string()),
  })
  .openapi('ServiceOfferSummary');

const Message = z
  .object({
    author: z.string().nullable(),
    body: z.string(),
    statusChange: z.enum(REQUEST_STATUSES).nullable(),
    createdAt: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('ServiceRequestMessage');

const ServiceRequest = z
  .object({
    id: z.string(),
    url: z.string(),
    offer: z.object({ slug: z.string(), title: z.string(), provider: z.string().nullable() }),
    requester: z.string().nullable().openapi({ description: 'A display name' }),
    status: z.enum(REQUEST_STATUSES).openapi({ description: 'received, in_progress, done, refused (final: done, refused)' }),
    refusalReason: z.string().nullable(),
    rating: z.number().int().nullable(),
    ratingComment: z.string().nullable(),
    createdAt: z.string().openapi({ format: 'date-time' }),
    updatedAt: z.string().openapi({ format: 'date-time' }),
    messages: z.array(Message).optional(),
  })
  .openapi('ServiceRequest');

const providerJson = (o: Pick<OfferRow, 'placeSlug' | 'placeName' | 'communitySlug' | 'communityName'>) =>
  o.placeSlug
    ? { type: 'place' as const, slug: o.placeSlug, name: o.placeName }
    : o.communitySlug
      ? { type: 'community' as const, slug: o.communitySlug, name: o.communityName }
      : { type: 'network' as const, slug: null, name: null };

const offerJson = (base: string, o: OfferRow) => ({
  slug: o.slug,
  url: `${base}/services/${o.slug}`,
  title: o.title,
  kind: o.kind as (typeof SERVICE_KINDS)[number],
  description: o.descriptionMd,
  provider: providerJson(o),
  audiences: o.audiences,
  conditions: o.conditions,
  free: o.free,
  price: o.price,
  duration: o.duration,
  contactName: o.contactName,
  open: o.closedAt === null,
});

const requestJson = (base: string, r: RequestRow, messages?: Awaited<ReturnType<typeof services.getMessages>>) => ({
  id: r.id,
  url: `${base}/services/demandes/${r.id}`,
  offer: { slug: r.offerSlug, title: r.offerTitle, provider: r.providerName },
  requester: r.requesterName,
  status: r.status,
  refusalReason: r.refusalReason,
  rating: r.rating,
  ratingComment: r.ratingComment,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
  ...(messages
    ? {
        messages: messages.map((m) => ({
          author: m.authorName,
          body: m.body,
          statusChange: m.statusChange,
          createdAt: m.createdAt.toISOString(),
        })),
      }
    : {}),
});

async function fullRequest(deps: AppEnv['Variables']['deps'], viewer: Viewer, id: string) {
  const page = await services.getRequestPage(deps, viewer, id);
  return requestJson(deps.config.publicUrl, page.request, page.messages);
}

/** Service offers and their requests in the API. */
export function mountServiceApi(api: OpenAPIHono<AppEnv>) {
  api.openapi(
    createRoute({
      method: 'get',
      path: '/services',
      operationId: 'listServices',
      tags: ['Services'],
      summary: 'Open service offers, with the filters of /services and their counts',
      security: PUBLIC,
      request: { query: ServicesQuery },
      responses: {
        200: jsonResponse(
          z.object({
            items: z.array(OfferSummary),
            total: z.number().int(),
            page: z.number().int(),
            perPage: z.number().int(),
            facets: z.object({
              kind: z.record(z.string(), z.number()),
              region: z.record(z.string(), z.number()),
              audience: z.record(z.string(), z.number()),
            }),
          }),
          'Best match first when words are given, newest otherwise',
        ),
        ...errorResponses(400),
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const page = q.page ?? 1;
      const result = await services.searchOffers(c.get('deps'), normaliseServices(q), page);
      const base = c.get('deps').config.publicUrl;
      return c.json(
        {
          items: result.rows.map((o) => ({
            slug: o.slug,
            url: `${base}/services/${o.slug}`,
            title: o.title,
            kind: o.kind as (typeof SERVICE_KINDS)[number],
            provider: providerJson(o),
            free: o.free,
            price: o.price,
            duration: o.duration,
            audiences: o.audiences,
          })),
          total: result.total,
          page,
          perPage: services.SERVICES_PER_PAGE,
          facets: result.facets,
        },
        200,
      );
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/services/{slug}',
      operationId: 'getService',
      tags: ['Services'],
      summary: 'A service offer',
      security: PUBLIC,
      request: { params: SlugParam },
      responses: { 200: jsonResponse(Offer, 'The offer'), ...errorResponses(404) },
    }),
    async (c) => {
      const { offer } = await services.loadOffer(c.get('deps'), c.get('viewer'), { slug: c.req.valid('param').slug });
      return c.json(offerJson(c.get('deps').config.publicUrl, offer), 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/services',
      operationId: 'createService',
      tags: ['Services'],
      summary: 'Offer a service in the name of a place (its team), a community (its referents) or the network (moderators)',
      security: SIGNED_IN,
      request: {
        body: {
          required: true,
          content: {
            'application/json': {
              schema: z
                .object({
                  provider: z.string().openapi({ description: '"lieu:<slug>", "communaute:<slug>" or "reseau"' }),
                  title: z.string(),
                  kind: z.enum(SERVICE_KINDS),
                  description: z.string(),
                  audiences: z.array(z.string()).optional(),
                  conditions: z.string().optional(),
                  free: z.boolean().optional().openapi({ description: 'True by default' }),
                  price: z.string().optional(),
                  duration: z.string().optional(),
                  contactName: z.string().optional(),
                })
                .strict()
                .openapi('ServiceOfferInput'),
            },
          },
        },
      },
      responses: { 201: jsonResponse(Offer, 'Published'), ...errorResponses(400, 401, 403) },
    }),
    async (c) => {
      const viewer = requireViewer(c);
      const body = c.req.valid('json');
      const parsed = OfferInput.safeParse({ ...body, free: body.free === false ? '' : 'on', audiences: body.audiences ?? [] });
      if (!parsed.success) {
        throw apiValidationError(parsed.error, 'invalid offer');
      }
      const deps = c.get('deps');
      const created = await services.createOffer(deps, viewer, parsed.data);
      const { offer } = await services.loadOffer(deps, viewer, { id: created.id });
      return c.json(offerJson(deps.config.publicUrl, offer), 201);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/service-requests',
      operationId: 'listServiceRequests',
      tags: ['Services'],
      summary: 'My requests, or (side=team) those my teams answer',
      security: SIGNED_IN,
      request: {
        query: z.object({
          side: z.enum(['mine', 'team']).optional().openapi({ description: 'mine (default) or team' }),
          open: z.enum(['1', '0']).optional().openapi({ description: 'team side: 1 for received and in progress only' }),
        }),
      },
      responses: { 200: jsonResponse(z.object({ items: z.array(ServiceRequest) }), 'Requests'), ...errorResponses(400, 401) },
    }),
    async (c) => {
      const viewer = requireViewer(c);
      c.header('Cache-Control', 'private, no-store');
      const { side, open } = c.req.valid('query');
      const deps = c.get('deps');
      const rows = side === 'team' ? await services.listQueue(deps, viewer, open === '1') : await services.listRequestsBy(deps, viewer);
      return c.json({ items: rows.map((r) => requestJson(deps.config.publicUrl, r)) }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/service-requests',
      operationId: 'requestService',
      tags: ['Services'],
      summary: 'Ask for a service (the provider’s team is told)',
      security: SIGNED_IN,
      request: {
        body: {
          required: true,
          content: {
            'application/json': {
              schema: z
                .object({ offer: z.string().openapi({ description: 'The offer’s slug' }), message: z.string() })
                .strict()
                .openapi('ServiceRequestInput'),
            },
          },
        },
      },
      responses: { 201: jsonResponse(ServiceRequest, 'Sent'), ...errorResponses(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      const viewer = requireViewer(c);
      const body = c.req.valid('json');
      const parsed = RequestInput.safeParse({ message: body.message });
      if (!parsed.success) {
        throw apiValidationError(parsed.error, 'invalid request');
      }
      const deps = c.get('deps');
      const request = await services.requestService(deps, viewer, body.offer, parsed.data.message);
      return c.json(await fullRequest(deps, viewer, request.id), 201);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/service-requests/{id}',
      operationId: 'getServiceRequest',
      tags: ['Services'],
      summary: 'A request and its thread (who asked, and the team)',
      security: SIGNED_IN,
      request: { params: IdParam },
      responses: { 200: jsonResponse(ServiceRequest, 'The request'), ...errorResponses(401, 404) },
    }),
    async (c) => {
      const viewer = requireViewer(c);
      c.header('Cache-Control', 'private, no-store');
      return c.json(await fullRequest(c.get('deps'), viewer, c.req.valid('param').id), 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/service-requests/{id}/answer',
      operationId: 'answerServiceRequest',
      tags: ['Services'],
      summary: 'The team moves the request on (a reason is needed to refuse)',
      description: 'received → in_progress | done | refused; in_progress → done | refused. A second answer gets 409.',
      security: SIGNED_IN,
      request: {
        params: IdParam,
        body: {
          required: true,
          content: {
            'application/json': {
              schema: z
                .object({ status: z.enum(REQUEST_STATUSES), reason: z.string().optional(), message: z.string().optional() })
                .strict()
                .openapi('ServiceAnswerInput'),
            },
          },
        },
      },
      responses: { 200: jsonResponse(ServiceRequest, 'Answered'), ...errorResponses(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      const viewer = requireViewer(c);
      const { id } = c.req.valid('param');
      const parsed = AnswerInput.safeParse(c.req.valid('json'));
      if (!parsed.success) {
        throw apiValidationError(parsed.error, 'invalid answer');
      }
      await services.answerRequest(c.get('deps'), viewer, id, parsed.data);
      return c.json(await fullRequest(c.get('deps'), viewer, id), 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/service-requests/{id}/messages',
      operationId: 'writeServiceRequestMessage',
      tags: ['Services'],
      summary: 'Write in the request’s thread (the other side is told)',
      security: SIGNED_IN,
      request: {
        params: IdParam,
        body: {
          required: true,
          content: { 'application/json': { schema: z.object({ body: z.string() }).strict().openapi('ServiceMessageInput') } },
        },
      },
      responses: { 200: jsonResponse(ServiceRequest, 'Written'), ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => {
      const viewer = requireViewer(c);
      const { id } = c.req.valid('param');
      const parsed = ThreadMessageInput.safeParse(c.req.valid('json'));
      if (!parsed.success) {
        throw apiValidationError(parsed.error, 'invalid message');
      }
      await services.writeInThread(c.get('deps'), viewer, id, parsed.data.body);
      return c.json(await fullRequest(c.get('deps'), viewer, id), 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/service-requests/{id}/rating',
      operationId: 'rateServiceRequest',
      tags: ['Services'],
      summary: 'The one satisfaction question (1–5 and a comment), once the service is done',
      security: SIGNED_IN,
      request: {
        params: IdParam,
        body: {
          required: true,
          content: {
            'application/json': {
              schema: z.object({ rating: z.number().int(), comment: z.string().optional() }).strict().openapi('ServiceRatingInput'),
            },
          },
        },
      },
      responses: { 200: jsonResponse(ServiceRequest, 'Rated'), ...errorResponses(400, 401, 404, 409) },
    }),
    async (c) => {
      const viewer = requireViewer(c);
      const { id } = c.req.valid('param');
      const parsed = RatingInput.safeParse(c.req.valid('json'));
      if (!parsed.success) {
        throw apiValidationError(parsed.error, 'invalid rating');
      }
      await services.rateRequest(c.get('deps'), viewer, id, parsed.data.rating, parsed.data.comment);
      return c.json(await fullRequest(c.get('deps'), viewer, id), 200);
    },
  );
}
