import { AppError, NotFoundError, TooManyRequestsError, UnauthorizedError } from '#platform/errors';

export class ProductNotFoundError extends NotFoundError {
  constructor() {
    super('PRODUCT_SERVICE.PRODUCT_NOT_FOUND', 'No product with this SKU.');
  }
}

export class InvalidProductServiceTokenError extends UnauthorizedError {
  constructor() {
    super('Send the X-Product-Service-Token header with a valid token.', 'PRODUCT_SERVICE.UNAUTHORIZED');
  }
}

export class ProductServiceRateLimitedError extends TooManyRequestsError {
  constructor(limit: number, retryAfterSeconds: number) {
    super(
      'PRODUCT_SERVICE.RATE_LIMITED',
      `More than ${limit} requests in this second for this token.`,
      retryAfterSeconds,
    );
  }
}

/** An error injected with the fault knobs (tests and demos). */
export class InjectedFaultError extends AppError {
  constructor(status: number) {
    super(status, 'PRODUCT_SERVICE.INJECTED_FAULT', 'Injected fault (fault knobs).');
  }
}
