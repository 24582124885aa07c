import { z } from '@hono/zod-openapi';
import { SLUG_PATTERN } from './slug.ts';

/** What every API error answers (see AppError and the app's error handler). */
export const ErrorSchema = z
  .object({
    code: z.string().openapi({ example: 'VALIDATION_FAILED' }),
    message: z.string(),
    requestId: z.string(),
    details: z.record(z.string(), z.unknown()).optional(),
  })
  .openapi('Error');

/** Reading: no account needed; a token, when sent, is honoured (a member may see more). */
export const PUBLIC: Array<Record<string, string[]>> = [{}, { bearerAuth: [] }];
/** Writing: a personal token (or, from the site itself, the session cookie with X-CSRF-Token). */
export const SIGNED_IN: Array<Record<string, string[]>> = [{ bearerAuth: [] }];

/** The error responses a route documents, by status. */
export const errorResponses = (...codes: Array<400 | 401 | 403 | 404 | 409 | 413 | 415 | 429 | 507>) =>
  Object.fromEntries(
    codes.map((code) => [code, { description: `Error ${code}`, content: { 'application/json': { schema: ErrorSchema } } }]),
  );

/** A JSON response of a route, for createRoute's `responses`. */
export const jsonResponse = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

/** `{slug}` in a path. */
export const SlugParam = z.object({
  slug: z
    .string()
    .regex(SLUG_PATTERN, 'v.format')
    .max(100)
    .openapi({ param: { name: 'slug', in: 'path' } }),
});

/** A query-string list: repeated (`?a=x&a=y`) or comma-separated, 20 values at most. */
export const queryList = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) =>
    (v === undefined ? [] : Array.isArray(v) ? v : [v])
      .flatMap((s) => s.split(','))
      .filter(Boolean)
      .slice(0, 20),
  );
