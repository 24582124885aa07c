import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Hono } from 'hono';
import type { AppEnv } from '../../http-env.ts';
import { errorResponses, SIGNED_IN } from '../../lib/openapi.ts';
import { requireViewer } from '../accounts/guards.ts';
import { apiValidationHook, mountPlaceApi } from '../places/places.routes.ts';
import { mountApiDocsPage } from './api-docs.pages.tsx';
import { mountCommunityApi } from './community.routes.ts';
import { mountDocumentApi } from './documents.routes.ts';
import { mountEventApi } from './events.routes.ts';
import { mountImpactApi } from './impact.routes.ts';
import { mountPublicationApi } from './publications.routes.ts';
import { mountRecognitionApi } from './recognition.routes.ts';
import { mountSearchApi } from './search.routes.ts';
import { mountServiceApi } from './services.routes.ts';

export const API_INFO = {
  openapi: '3.1.0' as const,
  info: {
    title: 'Tisserin API',
    version: '1.5.0',
    description:
      'The public API of a Tisserin network: places (tiers-lieux éducatifs), members (public fields only), skills, communities, calls for skills, documented projects and guides with their full history, the free tools catalogue, one search over everything, open data, contributions and their confirmation, Open Badges 3.0 (badges, signed credentials, their verification), the agenda (events, sessions, registrations), service offers with their requests, places’ questionnaires (definitions; answers only aggregated) impact indicators (public figures; a place’s team writes its own) and publications (news of places, communities and members; also as Atom, RSS and JSON Feed). Reading needs no account. ' +
      'Writing needs a confirmed account: a personal token (Authorization: Bearer …, created on /compte) or, from the site itself, ' +
      'the session cookie with the X-CSRF-Token header. Errors answer {code, message, requestId, details}.',
    license: { name: 'GNU Affero General Public License v3.0 or later', identifier: 'AGPL-3.0-or-later' },
  },
  servers: [{ url: '/api/v1' }],
};

/** The JSON API under /api/v1, described by OpenAPI 3.1 generated from the same Zod schemas. */
export function createApi() {
  const api = new OpenAPIHono<AppEnv>({ defaultHook: apiValidationHook });
  api.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description: 'Personal API token (tis_…)',
  });
  mountPlaceApi(api);
  mountCommunityApi(api);
  mountSearchApi(api);
  mountDocumentApi(api);
  mountRecognitionApi(api);
  mountEventApi(api);
  mountServiceApi(api);
  mountImpactApi(api);
  mountPublicationApi(api);
  api.openapi(
    createRoute({
      method: 'get',
      path: '/me',
      operationId: 'getMe',
      tags: ['Account'],
      summary: 'Who the token or session belongs to',
      security: SIGNED_IN,
      responses: {
        200: {
          description: 'The signed-in member',
          content: { 'application/json': { schema: z.object({ id: z.string(), displayName: z.string(), role: z.string() }) } },
        },
        ...errorResponses(400, 401),
      },
    }),
    (c) => {
      const viewer = requireViewer(c);
      c.header('Cache-Control', 'private, no-store');
      return c.json({ id: viewer.id, displayName: viewer.displayName, role: viewer.role }, 200);
    },
  );
  api.doc31('/openapi.json', API_INFO);
  return api;
}

export function mountApi(app: Hono<AppEnv>) {
  const api = createApi();
  app.route('/api/v1', api);
  mountApiDocsPage(app, () => api.getOpenAPI31Document(API_INFO));
}
