// A small typed client of the Tisserin API, generated from its OpenAPI document: the types in
// schema.d.ts come from openapi-typescript (`npm run api:types`), the calls go through
// openapi-fetch. A wrong path, parameter or field is a type error, not a surprise at run time.
import createClient from 'openapi-fetch';
import type { components, paths } from './schema.d.ts';

export type ApiError = components['schemas']['Error'];

export class TisserinError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiError,
  ) {
    super(`${status} ${body.code}: ${body.message}`);
  }
}

export interface ClientOptions {
  /** A personal token (created on /compte), for writing; reading needs none. */
  token?: string;
  /** Another fetch (tests, a proxy); the global one by default. */
  fetch?: (request: Request) => Promise<Response>;
}

/** A client of one network: `baseUrl` is the site's address, e.g. https://tisserin.example.org */
export function tisserin(baseUrl: string, options: ClientOptions = {}) {
  const api = createClient<paths>({
    baseUrl: `${baseUrl.replace(/\/$/, '')}/api/v1`,
    headers: options.token ? { Authorization: `Bearer ${options.token}` } : {},
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });

  const orThrow = <T>(result: { data?: T; error?: ApiError; response: Response }): T => {
    if (result.error || result.data === undefined) {
      throw new TisserinError(result.response.status, result.error ?? { code: 'EMPTY', message: 'no body', requestId: '' });
    }
    return result.data;
  };

  return {
    /** Published places within `km` of a point, nearest first. */
    async placesNear(lat: number, lng: number, km: 5 | 10 | 30 | 50 | 100 | 200 = 30) {
      const page = orThrow(await api.GET('/places', { params: { query: { lat, lng, km } } }));
      return page.items.map((p) => ({ name: p.name, commune: p.commune, km: p.distanceKm, url: p.url }));
    },

    /** A project's history, newest first: who saved what, and why. */
    async projectRevisions(slug: string) {
      const history = orThrow(await api.GET('/projects/{slug}/revisions', { params: { path: { slug } } }));
      return history.items;
    },

    /** One revision of a project, whole, as it was saved. */
    async projectRevision(slug: string, revision: number) {
      return orThrow(await api.GET('/projects/{slug}/revisions/{number}', { params: { path: { slug, number: revision } } }));
    },

    /** Published projects, newest first (or by relevance with words). */
    async projects(q?: string) {
      return orThrow(await api.GET('/projects', { params: { query: q ? { q } : {} } })).items;
    },
  };
}
