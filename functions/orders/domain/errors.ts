import { ConflictError, NotFoundError } from '#platform/errors';
import type { OrderStatus } from '../contract.js';

export class OrderNotFoundError extends NotFoundError {
  constructor() {
    super('ORDERS.NOT_FOUND', 'No order with this id.');
  }
}

/** An SKU the stock has never heard of: nothing is created (a short SKU instead makes the order `failed`). */
export class SkuNotFoundError extends NotFoundError {
  constructor(readonly sku: number) {
    super('ORDERS.SKU_NOT_FOUND', `No stock is kept for SKU ${sku}.`);
  }
}

export class InvalidOrderStatusError extends ConflictError {
  constructor(status: OrderStatus, wanted: OrderStatus) {
    super('ORDERS.INVALID_STATUS', `An order that is ${status} cannot become ${wanted}.`);
  }
}

/**
 * An order-status event arrived before the one preceding it (its sequence number is ahead of what was
 * applied). Not a user error: the consumer fails the record so SQS redelivers it after the earlier one.
 */
export class OrderEventOutOfOrderError extends Error {
  override name = 'OrderEventOutOfOrderError';
  constructor(orderId: string, seq: number, lastApplied: number) {
    super(`order ${orderId}: event ${seq} arrived before event ${lastApplied + 1}; retrying later`);
  }
}
