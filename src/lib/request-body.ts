import type { Context } from 'hono';
import { AppError, type FieldErrors } from './errors.ts';
import { hasForbiddenChars } from './validation.ts';

export type FormValues = Record<string, string | string[]>;
export type FormFiles = Record<string, File[]>;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function badEncoding(): AppError {
  return new AppError('BAD_REQUEST', {
    message: 'body is not valid UTF-8',
    userMessage: 'errors.badEncoding',
  });
}

/** The body as text, refusing bytes that are not valid UTF-8 (they would silently become U+FFFD). */
export async function readUtf8Body(c: Context): Promise<string> {
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw badEncoding();
  }
}

function addValue(values: FormValues, key: string, value: string) {
  const current = values[key];
  if (current === undefined) {
    values[key] = value;
  } else if (Array.isArray(current)) {
    current.push(value);
  } else {
    values[key] = [current, value];
  }
}

/**
 * Read an HTML form (urlencoded or multipart). Repeated names become arrays; `_csrf` is dropped
 * (the CSRF middleware already checked it). Files are returned apart.
 */
export async function readForm(c: Context): Promise<{ values: FormValues; files: FormFiles }> {
  const type = c.req.header('content-type') ?? '';
  const values: FormValues = {};
  const files: FormFiles = {};
  if (type.startsWith('multipart/form-data')) {
    const form = await c.req.formData();
    for (const [key, value] of form.entries()) {
      if (key === '_csrf') {
        continue;
      }
      if (typeof value === 'string') {
        addValue(values, key, value);
      } else if (value.size > 0 || value.name) {
        if (value.size > 0) {
          files[key] = [...(files[key] ?? []), value];
        }
      }
    }
    return { values, files };
  }
  if (type.startsWith('application/x-www-form-urlencoded') || type === '') {
    const params = new URLSearchParams(await readUtf8Body(c));
    for (const [key, value] of params) {
      if (key !== '_csrf') {
        addValue(values, key, value);
      }
    }
    return { values, files };
  }
  throw new AppError('UNSUPPORTED_MEDIA_TYPE', { message: `unsupported content type ${type}`, userMessage: 'errors.badRequest' });
}

/**
 * The query string as a filter schema reads it: every parameter once, and those named in
 * `lists` with all their values ("?type=a&type=b").
 */
export function queryWithLists(c: Context, lists: readonly string[]): Record<string, string | string[]> {
  return { ...c.req.query(), ...Object.fromEntries(lists.map((name) => [name, c.req.queries(name) ?? []])) };
}

/** Read a JSON body strictly: valid UTF-8, valid JSON, an object. */
export async function readJson(c: Context): Promise<unknown> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/(.+\+)?json\b/.test(type)) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', { message: 'send the body as application/json' });
  }
  const text = await readUtf8Body(c);
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new AppError('BAD_REQUEST', { message: `body is not valid JSON: ${(err as Error).message}` });
  }
}

/** Fields whose text holds forbidden characters; used where no Zod schema runs (query strings). */
export function forbiddenCharFields(values: Record<string, string | string[] | undefined>): FieldErrors {
  const out: FieldErrors = {};
  for (const [key, value] of Object.entries(values)) {
    const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
    if (list.some(hasForbiddenChars)) {
      out[key] = ['v.badChars'];
    }
  }
  return out;
}

/** First value of a form field as a string ('' when absent). */
export function formString(values: FormValues, key: string): string {
  const v = values[key];
  return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
}

/** A form field as a list, in the order posted (repeated names, checkbox groups). */
export function asList(v: string | string[] | undefined): string[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}
