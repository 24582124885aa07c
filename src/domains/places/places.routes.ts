import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Deps } from '../../deps.ts';
import type { AppEnv } from '../../http-env.ts';
import { translator } from '../../i18n/index.ts';
import { AppError } from '../../lib/errors.ts';
import { errorResponses, PUBLIC, SIGNED_IN } from '../../lib/openapi.ts';
import { toFieldErrors } from '../../lib/validation.ts';
import type { Viewer } from '../../lib/viewer.ts';
import { requireViewer } from '../accounts/guards.ts';
import { placesCsv, placesGeoJson, toWebStream } from './places.export.ts';
import { type PlaceDetail, presentPlace } from './places.presenter.ts';
import { type BBox, mapFeatures, searchPlaces } from './places.search.service.ts';
import { FACETS, hasRadius, normaliseSearch, PER_PAGE, PlaceSearchQuery } from './places.search-params.ts';
import * as places from './places.service.ts';
import { withVisibleTeam } from './places.team.service.ts';
import { PlaceCreateApiInput, type PlaceData, PlacePatchApiInput } from './places.validation.ts';

const Territory = z.object({ code: z.string(), name: z.string() });
export const PlaceSchema = z
  .object({
    id: z.string().uuid(),
    slug: z.string(),
    url: z.string().url(),
    name: z.string(),
    kinds: z.array(z.string()),
    description: z.string().openapi({ description: 'Markdown source' }),
    descriptionHtml: z.string().openapi({ description: 'Sanitised HTML' }),
    address: z.string().nullable(),
    postcode: z.string().nullable(),
    commune: z.string().nullable(),
    inseeCode: z.string().nullable(),
    department: Territory.nullable(),
    region: Territory.nullable(),
    latitude: z.number().nullable(),
    longitude: z.number().nullable(),
    openingHours: z.unknown().nullable(),
    equipment: z.array(z.string()),
    services: z.array(z.string()),
    audiences: z.array(z.string()),
    accessibility: z.array(z.string()),
    website: z.string().nullable(),
    pivot: z.string().nullable().openapi({ description: 'SIRET, SIREN or RNA of the organisation running the place' }),
    charter: z.object({ text: z.string(), signedOn: z.string().nullable() }),
    photos: z.array(z.object({ url: z.string(), thumbUrl: z.string(), alt: z.string(), width: z.number(), height: z.number() })),
    team: z.array(z.object({ displayName: z.string() })),
    createdAt: z.string(),
    updatedAt: z.string(),
    status: z.enum(['pending', 'published', 'rejected']).optional().openapi({ description: 'Only for the team and moderators' }),
    moderationNote: z.string().nullable().optional(),
  })
  .openapi('Place');

const PlaceSummary = z
  .object({
    id: z.string(),
    slug: z.string(),
    url: z.string(),
    name: z.string(),
    kinds: z.array(z.string()),
    commune: z.string().nullable(),
    department: z.string().nullable(),
    summary: z.string(),
    latitude: z.number().nullable(),
    longitude: z.number().nullable(),
    distanceKm: z
      .number()
      .nullable()
      .openapi({ description: 'Distance from the commune searched around (`pres`, or a town named in `q`)' }),
  })
  .openapi('PlaceSummary');

const FacetCounts = z.record(z.string(), z.array(z.object({ value: z.string(), count: z.number() })));

const IdParam = z.object({
  id: z
    .string()
    .uuid({ message: 'v.uuid' })
    .openapi({ param: { name: 'id', in: 'path' }, example: '6f1c9c1e-8c1a-4b5e-9a55-1d1f1a0b2c3d' }),
});

const BBoxQuery = PlaceSearchQuery.extend({
  bbox: z
    .string()
    .regex(/^-?\d+(\.\d+)?(,-?\d+(\.\d+)?){3}$/, 'v.bbox')
    .openapi({ description: 'west,south,east,north in degrees (WGS 84)', example: '-5.5,41.2,9.8,51.2' }),
  zoom: z.coerce.number().min(0).max(22).openapi({ example: 5 }),
});

const ExportQuery = z.object({
  updated_since: z
    .string()
    .datetime({ offset: true })
    .optional()
    .openapi({ description: 'Only changes since then, deletions included as tombstones' }),
});

function parseBbox(raw: string): BBox {
  const [w, s, e, n] = raw.split(',').map(Number) as [number, number, number, number];
  if (Math.abs(s) > 90 || Math.abs(n) > 90 || s > n || Math.abs(w) > 180 || Math.abs(e) > 180) {
    throw new AppError('VALIDATION_FAILED', {
      message: 'bbox out of range',
      details: { bbox: ['west,south,east,north within ±180, ±90, south ≤ north'] },
    });
  }
  return [w, s, e, n];
}

function strictSearch(query: z.output<typeof PlaceSearchQuery>) {
  const { search, unknown } = normaliseSearch(query, true);
  if (Object.keys(unknown).length > 0) {
    throw new AppError('VALIDATION_FAILED', {
      message: 'unknown filter values',
      details: Object.fromEntries(Object.entries(unknown).map(([k, v]) => [k, [`unknown value(s): ${v.join(', ')}`]])),
    });
  }
  return search;
}

/** A place as the API answers it to `viewer`: its team named only as their profiles allow. */
async function presentVisible(deps: Deps, viewer: Viewer | null, detail: PlaceDetail) {
  return presentPlace(await withVisibleTeam(deps, viewer, detail), viewer, deps.config.publicUrl);
}

/** The patch as PlaceData changes: `null` clears an optional field. */
function mergePatch(current: PlaceData, patch: z.output<typeof PlacePatchApiInput>): PlaceData {
  const next: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) {
      continue;
    }
    next[key] =
      value === null
        ? ['equipment', 'services', 'audiences', 'accessibility'].includes(key)
          ? []
          : ['description', 'charterText'].includes(key)
            ? ''
            : undefined
        : value;
  }
  return next as unknown as PlaceData;
}

export function mountPlaceApi(api: OpenAPIHono<AppEnv>) {
  api.openapi(
    createRoute({
      method: 'get',
      path: '/places',
      operationId: 'searchPlaces',
      security: PUBLIC,
      tags: ['Places'],
      summary: 'Search published places',
      description:
        'Full-text search (French stemming, accents ignored, typos tolerated) with facet counts; 20 per page. Every word is required; when no place holds them all, places holding some are returned and `partial` is true. A town, department or region named in `q` ("fablab Rennes") locates the search, as `pres` does: around a commune, nearest first.',
      request: { query: PlaceSearchQuery },
      responses: {
        200: {
          description: 'A page of places',
          content: {
            'application/json': {
              schema: z.object({
                items: z.array(PlaceSummary),
                total: z.number(),
                page: z.number(),
                perPage: z.number(),
                partial: z.boolean(),
                location: z
                  .object({
                    kind: z.enum(['commune', 'department', 'region', 'point']),
                    code: z.string(),
                    name: z.string(),
                    km: z.number().nullable(),
                  })
                  .nullable()
                  .openapi({ description: 'Where the search is about: the `pres` commune, or a place named in `q`' }),
                facets: FacetCounts,
              }),
            },
          },
        },
        ...errorResponses(400),
      },
    }),
    async (c) => {
      const search = strictSearch(c.req.valid('query'));
      const result = await searchPlaces(c.get('deps'), search);
      const base = c.get('deps').config.publicUrl;
      return c.json(
        {
          items: result.cards.map((p) => ({
            id: p.id,
            slug: p.slug,
            url: `${base}/lieux/${p.slug}`,
            name: p.name,
            kinds: p.kinds,
            commune: p.commune,
            department: p.department_code,
            summary: p.excerpt,
            latitude: p.latitude,
            longitude: p.longitude,
            distanceKm: p.distance === null ? null : Math.round(p.distance * 10) / 10,
          })),
          total: result.total,
          page: search.page,
          perPage: PER_PAGE,
          partial: result.partial,
          location: result.location
            ? {
                kind: result.location.kind,
                code: result.location.code,
                name: result.location.name,
                km: hasRadius(result.location.kind) ? result.location.km : null,
              }
            : null,
          facets: Object.fromEntries(FACETS.map((f) => [f, result.facets[f]])),
        },
        200,
      );
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/places/bbox',
      operationId: 'listMapClusters',
      security: PUBLIC,
      tags: ['Places'],
      summary: 'Map clusters inside a bounding box',
      description:
        'GeoJSON features for the visible area: clusters (cluster: true, count, zoom to expand) or single places. Same filters as /places.',
      request: { query: BBoxQuery },
      responses: {
        200: {
          description: 'GeoJSON FeatureCollection',
          content: {
            'application/json': {
              schema: z.object({ type: z.literal('FeatureCollection'), total: z.number(), features: z.array(z.unknown()) }),
            },
          },
        },
        ...errorResponses(400),
      },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const search = strictSearch(query);
      const { features, total } = await mapFeatures(c.get('deps'), search, parseBbox(query.bbox), query.zoom);
      c.header('Cache-Control', 'public, max-age=30');
      return c.json({ type: 'FeatureCollection' as const, total, features }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/places/{id}',
      operationId: 'getPlace',
      security: PUBLIC,
      tags: ['Places'],
      summary: 'One place',
      request: { params: IdParam },
      responses: {
        200: { description: 'The place', content: { 'application/json': { schema: PlaceSchema } } },
        ...errorResponses(400, 404),
      },
    }),
    async (c) => {
      const deps = c.get('deps');
      const place = await places.getPlaceDetail(deps, c.get('viewer'), { id: c.req.valid('param').id });
      return c.json(await presentVisible(deps, c.get('viewer'), place), 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/places',
      operationId: 'createPlace',
      tags: ['Places'],
      summary: 'Propose a place',
      description:
        'Needs a confirmed account (session cookie with X-CSRF-Token, or Authorization: Bearer token). Places from members wait for moderation.',
      security: SIGNED_IN,
      request: { body: { required: true, content: { 'application/json': { schema: PlaceCreateApiInput } } } },
      responses: {
        201: { description: 'Created', content: { 'application/json': { schema: PlaceSchema } } },
        ...errorResponses(400, 401, 403, 415, 429, 507),
      },
    }),
    async (c) => {
      const viewer = requireViewer(c);
      const deps = c.get('deps');
      const created = await places.createPlace(deps, viewer, c.req.valid('json') as PlaceData);
      const detail = await places.getPlaceDetail(deps, viewer, { id: created.id });
      c.header('Location', `/api/v1/places/${created.id}`);
      return c.json(await presentVisible(deps, viewer, detail), 201);
    },
  );

  api.openapi(
    createRoute({
      method: 'patch',
      path: '/places/{id}',
      operationId: 'updatePlace',
      tags: ['Places'],
      summary: 'Change some fields of a place',
      description: 'Team members and moderators. Send only the fields to change; null clears an optional field.',
      security: SIGNED_IN,
      request: { params: IdParam, body: { required: true, content: { 'application/json': { schema: PlacePatchApiInput } } } },
      responses: {
        200: { description: 'Updated', content: { 'application/json': { schema: PlaceSchema } } },
        ...errorResponses(400, 401, 403, 404, 415, 507),
      },
    }),
    async (c) => {
      const viewer = requireViewer(c);
      const deps = c.get('deps');
      const { id } = c.req.valid('param');
      const patch = c.req.valid('json');
      await places.updatePlace(deps, viewer, id, (current) => mergePatch(current, patch));
      const detail = await places.getPlaceDetail(deps, viewer, { id });
      return c.json(await presentVisible(deps, viewer, detail), 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'delete',
      path: '/places/{id}',
      operationId: 'deletePlace',
      tags: ['Places'],
      summary: 'Delete a place',
      description: 'Team members and moderators. The place stays in open-data feeds as a tombstone.',
      security: SIGNED_IN,
      request: { params: IdParam },
      responses: { 204: { description: 'Deleted' }, ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => {
      await places.deletePlace(c.get('deps'), requireViewer(c), c.req.valid('param').id);
      return c.body(null, 204);
    },
  );

  // The two exports are not JSON bodies: registered for the OpenAPI document, served as plain routes.
  api.openAPIRegistry.registerPath({
    method: 'get',
    path: '/places.geojson',
    operationId: 'exportPlacesGeoJson',
    security: PUBLIC,
    tags: ['Open data'],
    summary: 'All published places as GeoJSON (RFC 7946)',
    request: { query: ExportQuery },
    responses: {
      200: {
        description: 'FeatureCollection',
        content: { 'application/geo+json': { schema: z.object({ type: z.literal('FeatureCollection'), features: z.array(z.unknown()) }) } },
      },
      ...errorResponses(400),
    },
  });
  api.get('/places.geojson', async (c) => {
    const parsed = ExportQuery.safeParse({ updated_since: c.req.query('updated_since') });
    if (!parsed.success) {
      apiValidationHook(parsed);
      return c.body(null, 400);
    }
    const since = parsed.data.updated_since;
    c.header('Content-Disposition', 'inline; filename="lieux.geojson"');
    return c.body(toWebStream(placesGeoJson(c.get('deps'), since ? new Date(since) : undefined)), 200, {
      'Content-Type': 'application/geo+json; charset=utf-8',
    });
  });

  api.openAPIRegistry.registerPath({
    method: 'get',
    path: '/places.csv',
    operationId: 'exportPlacesCsv',
    security: PUBLIC,
    tags: ['Open data'],
    summary: 'All published places as CSV',
    description: 'Columns follow the national open-data schema of places where a field exists there.',
    responses: {
      200: { description: 'CSV (UTF-8, comma-separated)', content: { 'text/csv': { schema: z.string() } } },
      ...errorResponses(400),
    },
  });
  api.get('/places.csv', async (c) => {
    c.header('Content-Disposition', 'attachment; filename="lieux.csv"');
    return c.body(toWebStream(placesCsv(c.get('deps'))), 200, { 'Content-Type': 'text/csv; charset=utf-8' });
  });
}

/** Validation failures from the OpenAPI validators, answered like every other error. */
export function apiValidationHook(result: { success: boolean; error?: unknown }) {
  if (!result.success) {
    throw apiValidationError(result.error as Parameters<typeof toFieldErrors>[0]);
  }
}

/** A refused body as the API answers it: VALIDATION_FAILED, each field's messages in English. */
export const apiValidationError = (error: Parameters<typeof toFieldErrors>[0], message = 'invalid input') =>
  new AppError('VALIDATION_FAILED', { message, details: toFieldErrors(error, translator('en')) });
