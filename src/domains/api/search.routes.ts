import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../http-env.ts';
import { ErrorSchema, PUBLIC } from '../../lib/openapi.ts';
import { searchEverything } from '../search/global-search.service.ts';
import { GlobalSearchQuery, normaliseGlobalSearch } from '../search/search.params.ts';
import { RESULT_TYPES } from '../search/search.repo.ts';

const Result = z
  .object({
    type: z.enum(RESULT_TYPES),
    title: z.string(),
    url: z.string(),
    snippet: z.string().openapi({ description: 'Plain text around the matched words (empty for suggestions)' }),
    meta: z.string().nullable(),
  })
  .openapi('SearchResult');

const FacetCounts = z.record(z.string(), z.number());

const badRequest = { 400: { description: 'Invalid query', content: { 'application/json': { schema: ErrorSchema } } } };

/** One search over everything public: the API twin of /recherche (members' public fields only). */
export function mountSearchApi(api: OpenAPIHono<AppEnv>) {
  api.openapi(
    createRoute({
      method: 'get',
      path: '/search',
      operationId: 'search',
      security: PUBLIC,
      tags: ['Search'],
      summary: 'Search projects, guides, places, tools, skills, communities, publications and members',
      request: { query: GlobalSearchQuery },
      responses: {
        200: {
          description: 'Ranked results, the total and facet counts',
          content: {
            'application/json': {
              schema: z.object({
                items: z.array(Result),
                total: z.number(),
                capped: z.boolean().openapi({ description: 'Some kind had more matches than are ranked: total is a lower bound' }),
                partial: z.boolean().openapi({ description: 'No result held every word: these hold some of them' }),
                location: z
                  .object({ kind: z.enum(['commune', 'department', 'region']), code: z.string(), name: z.string() })
                  .nullable()
                  .openapi({ description: 'A town, department or region named in `q`: places there come first, nearest first' }),
                page: z.number(),
                facets: z.object({
                  type: FacetCounts,
                  level: FacetCounts,
                  discipline: FacetCounts,
                  region: FacetCounts,
                  licence: FacetCounts,
                }),
              }),
            },
          },
        },
        ...badRequest,
      },
    }),
    async (c) => {
      const search = normaliseGlobalSearch(c.req.valid('query'));
      const base = c.get('deps').config.publicUrl;
      const result = await searchEverything(c.get('deps'), null, search);
      return c.json(
        {
          items: result.items.map((i) => ({
            type: i.type,
            title: i.title,
            url: `${base}${i.url}`,
            snippet: i.snippet.replace(/[\uE000\uE001]/g, ''),
            meta: i.meta,
          })),
          total: result.total,
          capped: result.capped,
          partial: result.partial,
          location: result.location ? { kind: result.location.kind, code: result.location.code, name: result.location.name } : null,
          page: search.page,
          facets: result.facets,
        },
        200,
      );
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/search/suggestions',
      operationId: 'suggestTitles',
      security: PUBLIC,
      tags: ['Search'],
      summary: 'Up to eight titles for what has been typed so far (search as you type)',
      request: { query: z.object({ q: GlobalSearchQuery.shape.q }) },
      responses: {
        200: {
          description: 'Suggestions, best first',
          content: { 'application/json': { schema: z.object({ items: z.array(Result.pick({ type: true, title: true, url: true })) }) } },
        },
        ...badRequest,
      },
    }),
    async (c) => {
      const search = normaliseGlobalSearch({ ...GlobalSearchQuery.parse({}), q: c.req.valid('query').q });
      const result = await searchEverything(c.get('deps'), null, search, { perPage: 8, snippets: false, typing: true });
      c.header('Cache-Control', 'public, max-age=60');
      return c.json({ items: result.items.map((i) => ({ type: i.type, title: i.title, url: i.url })) }, 200);
    },
  );
}
