import { ConflictError, NotFoundError, UnprocessableError, ValidationError } from '#platform/errors';

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
    super([
      {
        in: 'header',
        field: 'idempotency-key',
        message: 'Send an Idempotency-Key header (1–200 characters): one payment is created per key.',
      },
    ]);
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
