import {
  ConflictError,
  NotFoundError,
  UnauthorizedError,
  UnprocessableError,
  ValidationError,
} from '#platform/errors';

// Every error the payment provider simulator answers with: one class per stable code, listed in ../openapi.ts.

export class ProviderPaymentNotFoundError extends NotFoundError {
  constructor() {
    super('PAYMENT_PROVIDER.PAYMENT_NOT_FOUND', 'No payment with this id.');
  }
}

export class PaymentAlreadyCompletedError extends ConflictError {
  constructor(status: string) {
    super('PAYMENT_PROVIDER.ALREADY_COMPLETED', `This payment already ${status}.`);
  }
}

export class MissingProviderIdempotencyKeyError extends ValidationError {
  constructor() {
    super(
      [
        {
          in: 'header',
          field: 'idempotency-key',
          message: 'Send an Idempotency-Key header (1–200 characters): one payment is created per key.',
        },
      ],
      'The Idempotency-Key header is required.',
      'PAYMENT_PROVIDER.IDEMPOTENCY_KEY_REQUIRED',
    );
  }
}

export class ProviderIdempotencyKeyReusedError extends UnprocessableError {
  constructor() {
    super(
      'PAYMENT_PROVIDER.IDEMPOTENCY_KEY_REUSED',
      'This Idempotency-Key was already used for a payment with another reference, amount, currency or callback.',
    );
  }
}

/** Not an HTTP error: a webhook that could not be delivered fails its queue message (→ retries, then the DLQ). */
export class WebhookDeliveryFailedError extends Error {
  override name = 'WebhookDeliveryFailedError';
}

/** No or a wrong merchant API key: the simulator, like a real provider, serves only its merchant. */
export class MerchantUnauthenticatedError extends UnauthorizedError {
  constructor() {
    super(
      'Send the merchant API key as Authorization: Bearer <PAYMENT_PROVIDER_API_KEY>.',
      'PAYMENT_PROVIDER.UNAUTHENTICATED',
    );
  }
}
