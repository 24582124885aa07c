import { z } from '@hono/zod-openapi';
import type { ZodError, ZodType } from 'zod';
import { AppError, type FieldErrors, notFound } from './errors.ts';
import type { Translate } from './i18n.ts';

// Control characters other than tab, line feed and carriage return; U+FFFD marks bytes that were not valid UTF-8.
// biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
const FORBIDDEN_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFD]/;
const HTML_TAG = /<\s*\/?\s*[a-z!?][^>]*>/i;
const DANGEROUS_MARKUP =
  /<\s*\/?\s*(script|iframe|style|object|embed|svg|math|link|meta|base|form)\b|<[^>]*\son[a-z]+\s*=|javascript\s*:|vbscript\s*:|data\s*:\s*text\/html/i;

/** A UUID as the database writes ids. */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A UUID taken from a URL (an award, a contribution…), or NOT_FOUND: junk never reaches a query. */
export function uuidOr404(value: string | undefined, what: string): string {
  if (!value || !UUID_PATTERN.test(value)) {
    throw notFound(what);
  }
  return value;
}

/** The largest value of a PostgreSQL `integer` column: every number read from a URL stays below it. */
export const MAX_INT32 = 2_147_483_647;

/** A whole number ≥ 1 written in a URL or a form, or null (too large, negative, not a number). */
export function positiveInt(text: string | undefined): number | null {
  if (!text || !/^\d{1,10}$/.test(text)) {
    return null;
  }
  const n = Number(text);
  return n >= 1 && n <= MAX_INT32 ? n : null;
}

/** True when a string holds a NUL, another control character or the mark of invalid UTF-8. */
export function hasForbiddenChars(value: string): boolean {
  return FORBIDDEN_CHARS.test(value);
}

/**
 * A plain-text field: trimmed, no control characters, no HTML tags. Messages are i18n keys
 * (`v.*`) that the form and the API translate.
 */
export function plainText(opts: { min?: number; max: number }) {
  let s = z.string().trim();
  if (opts.min && opts.min > 0) {
    s = s.min(1, { message: 'v.required', abort: true });
    if (opts.min > 1) {
      s = s.min(opts.min, 'v.tooShort');
    }
  }
  return s
    .max(opts.max, 'v.tooLong')
    .refine((v) => !hasForbiddenChars(v), 'v.badChars')
    .refine((v) => !HTML_TAG.test(v), 'v.noHtml');
}

/** A Markdown field: like plainText, but harmless HTML-looking text is allowed (it is shown escaped). */
export function markdownText(opts: { max: number }) {
  return z
    .string()
    .max(opts.max, 'v.tooLong')
    .refine((v) => !hasForbiddenChars(v), 'v.badChars')
    .refine((v) => !DANGEROUS_MARKUP.test(v), 'v.noScript');
}

/** A calendar date as forms send it (YYYY-MM-DD), and a real one (no 30 February). */
export const isoDate = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'v.date')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'v.date');

/** A checkbox: "on" when ticked; absent (or empty) when not. */
export const formCheckbox = () => z.union([z.literal('on'), z.literal('')], { message: 'v.choice' }).optional();

/** A query-string list, repeated or comma-separated ("type=a&type=b", "type=a,b"), empty values dropped. */
export const commaList = () =>
  z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).filter(Boolean));

/** An optional plain-text field: "" becomes undefined. */
export function optionalText(max: number) {
  return z
    .union([z.literal('').transform(() => undefined), plainText({ max })])
    .optional()
    .transform((v) => (v === '' ? undefined : v));
}

/** An http(s) URL; "example.org" gets "https://" in front, as people often type it. */
export function webUrl() {
  return z
    .string()
    .trim()
    .max(500, 'v.tooLong')
    .refine((v) => !hasForbiddenChars(v), 'v.badChars')
    .transform((v) => (v && !/^[a-z]+:\/\//i.test(v) ? `https://${v}` : v))
    .refine((v) => {
      if (v === '') {
        return true;
      }
      try {
        const u = new URL(v);
        return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname.includes('.');
      } catch {
        return false;
      }
    }, 'v.url');
}

/** A form field sent once or several times (checkbox groups: a single value arrives as a string), as a list. */
const repeated = () =>
  z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]));

/** A list of values, each one of `allowed`, duplicates dropped. */
export function choiceList<const T extends readonly [string, ...string[]]>(allowed: T, max = allowed.length) {
  return repeated()
    .pipe(z.array(z.enum(allowed, { message: 'v.choice' })).max(max, 'v.tooMany'))
    .transform((list) => [...new Set(list)]);
}

/** A list of values each matching `pattern` (ids, slugs chosen in a list), duplicates dropped. */
export function matchingList(pattern: RegExp, max: number) {
  return repeated()
    .pipe(z.array(z.string().regex(pattern, 'v.choice')).max(max, 'v.tooMany'))
    .transform((list) => [...new Set(list)]);
}

function messageFor(issue: ZodError['issues'][number], t: Translate): string {
  const raw = issue.message;
  const params: Record<string, string | number> = {};
  if ('minimum' in issue) {
    params.min = Number(issue.minimum);
  }
  if ('maximum' in issue) {
    params.max = Number(issue.maximum);
  }
  if (issue.code === 'custom' && issue.params) {
    Object.assign(params, issue.params);
  }
  if (raw.startsWith('v.')) {
    return t(raw, params);
  }
  // A domain's own rule names its message by a key of the catalogue ("calls.deadlinePast").
  if (issue.code === 'custom' && t(raw, params) !== raw) {
    return t(raw, params);
  }
  switch (issue.code) {
    case 'invalid_type':
      return t('v.required');
    case 'too_small':
      return t(issue.origin === 'string' ? 'v.tooShort' : 'v.tooSmall', params);
    case 'too_big':
      return t(issue.origin === 'string' ? 'v.tooLong' : 'v.tooBig', params);
    case 'invalid_format':
      return t(issue.format === 'email' ? 'v.email' : 'v.format');
    case 'invalid_value':
      return t('v.choice');
    case 'unrecognized_keys':
      return t('v.unknownFields', { fields: issue.keys.join(', ') });
    default:
      return t('v.invalid');
  }
}

/** Zod issues → messages per field ("" for the object itself), in the reader's language. */
export function toFieldErrors(error: ZodError, t: Translate): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? String(issue.path[0]) : '';
    const list = out[key] ?? [];
    const message = messageFor(issue, t);
    if (!list.includes(message)) {
      list.push(message);
    }
    out[key] = list;
  }
  return out;
}

/** Parse or throw VALIDATION_FAILED with per-field details in the given language. */
export function parseOrThrow<S extends ZodType>(schema: S, input: unknown, t: Translate): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new AppError('VALIDATION_FAILED', {
      message: 'invalid input',
      userMessage: 'errors.validation',
      details: toFieldErrors(result.error, t),
    });
  }
  return result.data;
}
