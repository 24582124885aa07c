/** Error codes and the HTTP status each one maps to. */
export const ERROR_STATUS = {
  BAD_REQUEST: 400,
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  CSRF_FAILED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  GONE: 410,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  SERVICE_UNAVAILABLE: 503,
  INSUFFICIENT_STORAGE: 507,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** Field → list of messages, as shown next to form fields and in the API's `details`. */
export type FieldErrors = Record<string, string[]>;

export interface AppErrorOptions {
  /** Developer-facing message (English, for logs and the API). */
  message?: string;
  /** i18n key of the message shown to people (French first). */
  userMessage?: string;
  details?: FieldErrors | Record<string, unknown>;
  cause?: unknown;
  /** Seconds before trying again (RATE_LIMITED). */
  retryAfter?: number;
}

/** The one error type services throw; the error handler turns it into a page or `{code, message, details}`. */
export class AppError extends Error {
  readonly status: number;
  readonly userMessage: string | undefined;
  readonly details: AppErrorOptions['details'];
  readonly retryAfter: number | undefined;

  constructor(
    readonly code: ErrorCode,
    opts: AppErrorOptions = {},
  ) {
    super(opts.message ?? code.toLowerCase().replaceAll('_', ' '), { cause: opts.cause });
    this.status = ERROR_STATUS[code];
    this.userMessage = opts.userMessage;
    this.details = opts.details;
    this.retryAfter = opts.retryAfter;
  }
}

export const notFound = (what = 'resource') => new AppError('NOT_FOUND', { message: `${what} not found`, userMessage: 'errors.notFound' });

/** What a lookup gives, or null when it answers NOT_FOUND (a name typed in a form is no 404). */
export async function nullIfNotFound<T>(lookup: Promise<T>): Promise<T | null> {
  try {
    return await lookup;
  } catch (err) {
    if (err instanceof AppError && err.code === 'NOT_FOUND') {
      return null;
    }
    throw err;
  }
}

export const forbidden = (message = 'not allowed') => new AppError('FORBIDDEN', { message, userMessage: 'errors.forbidden' });

export const validationFailed = (details: FieldErrors, message = 'invalid input') =>
  new AppError('VALIDATION_FAILED', { message, details, userMessage: 'errors.validation' });

/** True for a PostgreSQL unique-violation error (from pg or PGlite). */
export function isUniqueViolation(err: unknown): boolean {
  let e: unknown = err;
  for (let depth = 0; e && depth < 4; depth++) {
    if ((e as { code?: string }).code === '23505') {
      return true;
    }
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
