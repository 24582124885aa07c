import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../http-env.ts';
import { errorResponses, jsonResponse, PUBLIC, SIGNED_IN, SlugParam } from '../../lib/openapi.ts';
import { requireViewer } from '../accounts/guards.ts';
import { apiValidationError } from '../places/places.routes.ts';
import type { PublicationListRow } from '../publications/publications.repo.ts';
import * as publications from '../publications/publications.service.ts';
import { PublicationInput, TAG_PATTERN } from '../publications/publications.validation.ts';

const Publisher = z
  .object({ type: z.enum(['place', 'community', 'member']), slug: z.string().nullable(), name: z.string().nullable() })
  .openapi('Publisher');

const Publication = z
  .object({
    slug: z.string(),
    url: z.string(),
    title: z.string(),
    summary: z.string(),
    html: z.string().openapi({ description: 'The text, rendered and sanitised' }),
    tags: z.array(z.string()),
    cover: z.string().nullable(),
    coverAlt: z.string().nullable(),
    publisher: Publisher,
    author: z.string().nullable().openapi({ description: 'A display name' }),
    publishedAt: z.string().openapi({ format: 'date-time' }),
    updatedAt: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('Publication');

const publicationJson = (base: string, p: PublicationListRow) => ({
  slug: p.slug,
  url: `${base}/publications/${p.slug}`,
  title: p.title,
  summary: p.summary,
  html: p.bodyHtml,
  tags: p.tags,
  cover: p.coverKey ? `${base}/uploads/${p.coverKey}` : null,
  coverAlt: p.coverAlt,
  publisher: p.placeSlug
    ? { type: 'place' as const, slug: p.placeSlug, name: p.placeName }
    : p.communitySlug
      ? { type: 'community' as const, slug: p.communitySlug, name: p.communityName }
      : { type: 'member' as const, slug: p.authorSlug, name: p.authorName },
  author: p.authorName,
  publishedAt: p.publishedAt.toISOString(),
  updatedAt: p.updatedAt.toISOString(),
});

/** News of places, communities and members in the API (the same as /publications and its feeds). */
export function mountPublicationApi(api: OpenAPIHono<AppEnv>) {
  api.openapi(
    createRoute({
      method: 'get',
      path: '/publications',
      operationId: 'listPublications',
      tags: ['Publications'],
      summary: 'Publications, newest first; with a tag, those carrying it',
      security: PUBLIC,
      request: {
        query: z.object({
          tag: z.string().max(40).regex(TAG_PATTERN, 'v.format').optional(),
          page: z.coerce.number().int().min(1).max(1000).optional(),
        }),
      },
      responses: {
        200: jsonResponse(
          z.object({ items: z.array(Publication), total: z.number().int(), page: z.number().int(), perPage: z.number().int() }),
          'Publications',
        ),
        ...errorResponses(400),
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const page = q.page ?? 1;
      const data = await publications.listPublications(c.get('deps'), { kind: 'network', tag: q.tag }, page);
      const base = c.get('deps').config.publicUrl;
      return c.json(
        { items: data.rows.map((p) => publicationJson(base, p)), total: data.total, page, perPage: publications.PER_PAGE },
        200,
      );
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/publications/{slug}',
      operationId: 'getPublication',
      tags: ['Publications'],
      summary: 'A publication',
      security: PUBLIC,
      request: { params: SlugParam },
      responses: { 200: jsonResponse(Publication, 'The publication'), ...errorResponses(404) },
    }),
    async (c) => {
      const { publication } = await publications.getPublication(c.get('deps'), c.get('viewer'), c.req.valid('param').slug);
      return c.json(publicationJson(c.get('deps').config.publicUrl, publication), 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/publications',
      operationId: 'createPublication',
      tags: ['Publications'],
      summary: 'Publish in one’s own name, a place’s (its team) or a community’s (its referents)',
      security: SIGNED_IN,
      request: {
        body: {
          required: true,
          content: {
            'application/json': {
              schema: z
                .object({
                  publisher: z.string().openapi({ description: '"moi", "lieu:<slug>" or "communaute:<slug>"' }),
                  title: z.string(),
                  summary: z.string().optional(),
                  body: z.string().openapi({ description: 'Markdown' }),
                  tags: z.array(z.string()).max(8).optional(),
                })
                .strict()
                .openapi('PublicationInput'),
            },
          },
        },
      },
      responses: { 201: jsonResponse(Publication, 'Published'), ...errorResponses(400, 401) },
    }),
    async (c) => {
      const viewer = requireViewer(c);
      const body = c.req.valid('json');
      const parsed = PublicationInput.safeParse({ ...body, tags: (body.tags ?? []).join(', ') });
      if (!parsed.success) {
        throw apiValidationError(parsed.error, 'invalid publication');
      }
      const deps = c.get('deps');
      const created = await publications.createPublication(deps, viewer, parsed.data);
      const { publication } = await publications.getPublication(deps, viewer, created.slug);
      return c.json(publicationJson(deps.config.publicUrl, publication), 201);
    },
  );
}
