import { ConflictError, NotFoundError } from '../../../layers/platform/errors.js';

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
