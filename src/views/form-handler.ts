import type { Context } from 'hono';
import type { ZodType, z } from 'zod';
import type { AppEnv } from '../http-env.ts';
import { hasMessage } from '../i18n/index.ts';
import { AppError, type FieldErrors } from '../lib/errors.ts';
import type { Translate } from '../lib/i18n.ts';
import type { FormValues } from '../lib/request-body.ts';
import { toFieldErrors } from '../lib/validation.ts';
import type { FormState } from './forms.tsx';

/** Service messages may be i18n keys; translate those that are. */
export function translateDetails(details: unknown, t: Translate): FieldErrors {
  const out: FieldErrors = {};
  if (!details || typeof details !== 'object') {
    return out;
  }
  for (const [field, list] of Object.entries(details as Record<string, unknown>)) {
    if (Array.isArray(list)) {
      out[field] = list.map((m) => {
        // A key may carry its values as a query string: "events.tooManySessions?count=312&max=200".
        const [key = '', query] = typeof m === 'string' ? m.split('?', 2) : [''];
        return key && hasMessage(key) ? t(key, query ? Object.fromEntries(new URLSearchParams(query)) : undefined) : String(m);
      });
    }
  }
  return out;
}

/** An AppError as form errors: field details, plus the general message under "". */
export function formErrorsFrom(err: AppError, t: Translate): FieldErrors {
  const errors = translateDetails(err.details, t);
  if (err.code !== 'VALIDATION_FAILED' || Object.keys(errors).length === 0) {
    errors[''] = [t(err.userMessage ?? 'errors.internal', { seconds: err.retryAfter ?? 0 })];
  }
  return errors;
}

/**
 * Validate a submitted form and run `action`; on bad input or a refused action, render the
 * form again with what was typed and the errors next to each field. Nothing typed is lost.
 */
export async function handleForm<S extends ZodType>(
  c: Context<AppEnv>,
  values: FormValues,
  schema: S,
  render: (state: FormState, status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429) => Promise<Response>,
  action: (data: z.output<S>) => Promise<Response>,
): Promise<Response> {
  const t = c.get('t');
  const parsed = schema.safeParse(values);
  if (!parsed.success) {
    return render({ values, errors: toFieldErrors(parsed.error, t) }, 400);
  }
  try {
    return await action(parsed.data);
  } catch (err) {
    if (err instanceof AppError && err.status < 500) {
      if (err.retryAfter) {
        c.header('Retry-After', String(err.retryAfter));
      }
      return render({ values, errors: formErrorsFrom(err, t) }, err.status as 400);
    }
    throw err;
  }
}
