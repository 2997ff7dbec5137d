/**
 * Errors a caller can cause. Each has a stable code (CONTEXT.REASON) and an HTTP status; the HTTP
 * chain maps them to RFC 9457 problem+json in one place (http/problem.ts). Anything else is a 500.
 */
export interface FieldError {
  /** Where the value came from. */
  in: 'body' | 'query' | 'path' | 'header';
  /** Dotted path of the offending field, e.g. `reminders.0.minutesBefore`. */
  field: string;
  message: string;
}

export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: { fieldErrors?: FieldError[]; headers?: Record<string, string>; cause?: unknown } = {},
  ) {
    super(message, { cause: extra.cause });
  }
}

export class ValidationError extends AppError {
  override name = 'ValidationError';
  constructor(fieldErrors: FieldError[], message = 'The request is invalid.', code = 'REQUEST.INVALID') {
    super(400, code, message, { fieldErrors });
  }
}

/** A pagination cursor this API did not hand out: invalid input like any other, never page one again. */
export class UnknownCursorError extends ValidationError {
  override name = 'UnknownCursorError';
  constructor() {
    super([
      { in: 'query', field: 'cursor', message: 'Unknown cursor: use nextCursor from the previous page.' },
    ]);
  }
}

export class UnauthorizedError extends AppError {
  override name = 'UnauthorizedError';
  constructor(message = 'A valid bearer token is required.', code = 'AUTH.UNAUTHENTICATED') {
    super(401, code, message, { headers: { 'www-authenticate': 'Bearer' } });
  }
}

export class ForbiddenError extends AppError {
  override name = 'ForbiddenError';
  constructor(code: string, message: string) {
    super(403, code, message);
  }
}

export class NotFoundError extends AppError {
  override name = 'NotFoundError';
  constructor(code: string, message: string) {
    super(404, code, message);
  }
}

export class ConflictError extends AppError {
  override name = 'ConflictError';
  constructor(code: string, message: string) {
    super(409, code, message);
  }
}

export class UnprocessableError extends AppError {
  override name = 'UnprocessableError';
  constructor(code: string, message: string) {
    super(422, code, message);
  }
}

export class TooManyRequestsError extends AppError {
  override name = 'TooManyRequestsError';
  constructor(code: string, message: string, retryAfterSeconds?: number) {
    super(429, code, message, {
      headers:
        retryAfterSeconds === undefined
          ? {}
          : { 'retry-after': String(Math.max(1, Math.ceil(retryAfterSeconds))) },
    });
  }
}

/** A dependency (the database) is down or overloaded: try again shortly. */
export class ServiceUnavailableError extends AppError {
  override name = 'ServiceUnavailableError';
  constructor(retryAfterSeconds = 5, cause?: unknown) {
    super(503, 'SERVICE.UNAVAILABLE', 'The service is temporarily unavailable; try again shortly.', {
      headers: { 'retry-after': String(retryAfterSeconds) },
      cause,
    });
  }
}
