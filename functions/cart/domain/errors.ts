import { AppError, ConflictError, NotFoundError } from '#platform/errors';

export class ProductNotFoundError extends NotFoundError {
  constructor(sku: number) {
    super('CART.PRODUCT_NOT_FOUND', `No product with SKU ${sku}.`);
  }
}

export class CartItemNotFoundError extends NotFoundError {
  constructor(sku: number) {
    super('CART.ITEM_NOT_FOUND', `SKU ${sku} is not in your cart.`);
  }
}

export class InsufficientStockError extends ConflictError {
  constructor(sku: number | undefined, detail: string) {
    super('CART.INSUFFICIENT_STOCK', sku === undefined ? detail : `SKU ${sku}: ${detail}`);
  }
}

export class CartEmptyError extends ConflictError {
  constructor() {
    super('CART.EMPTY', 'Your cart is empty: add items before checking out.');
  }
}

export class CartFullError extends ConflictError {
  constructor(limit: number) {
    super('CART.TOO_MANY_ITEMS', `A cart holds at most ${limit} different SKUs.`);
  }
}

/** The product service failed (after bounded retries) or had no free slot within this request's time. */
export class ProductServiceUnavailableError extends AppError {
  constructor(reason: string, cause?: unknown) {
    super(
      503,
      'CART.PRODUCT_SERVICE_UNAVAILABLE',
      `The product service is unavailable (${reason}); try again shortly.`,
      {
        cause,
        headers: { 'retry-after': '1' },
      },
    );
  }
}

/** One product's lookup failed for a reason that is not the service's answer (shown per cart item). */
export class ProductLookupFailedError extends AppError {
  constructor() {
    super(502, 'CART.PRODUCT_UNAVAILABLE', 'This product could not be fetched.');
  }
}
