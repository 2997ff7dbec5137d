import { AppError } from '#platform/errors';
import { readCart } from './adapters/cart.repository.js';
import type { Actor, CartDeps } from './deps.js';
import {
  ProductLookupFailedError,
  ProductNotFoundError,
  ProductServiceUnavailableError,
} from './domain/errors.js';
import { mapPool, PoolDeadlineError } from './domain/pool.js';
import type { CartView } from './schemas.js';

const itemError = (error: unknown) => {
  const known =
    error instanceof AppError
      ? error
      : error instanceof PoolDeadlineError
        ? new ProductServiceUnavailableError('no time left to fetch this product')
        : new ProductLookupFailedError();
  return { code: known.code, detail: known.message };
};

/**
 * The cart with each product's current name and price. Lookups run in a small bounded worker pool
 * (`lookupConcurrency` at once, each through the rate-limited, cached client), the order of the lines
 * is kept, and an item whose product could not be fetched carries its own error instead of failing
 * the list. Every lookup is bounded by the invocation's deadline, so the answer never hangs.
 */
export async function getCart(deps: CartDeps, actor: Actor): Promise<CartView> {
  const { lines } = await readCart(deps.db, actor.id);
  const results = await mapPool(
    lines,
    deps.lookupConcurrency,
    async (line) => {
      const product = await deps.products.getProduct(line.sku, deps.deadline);
      if (!product) throw new ProductNotFoundError(line.sku);
      return product;
    },
    () => deps.now() >= deps.deadline,
  );
  const items = lines.map((line, index) => {
    const result = results[index]!;
    return result.ok
      ? { sku: line.sku, count: line.count, name: result.value.name, price: result.value.price }
      : { sku: line.sku, count: line.count, name: null, price: null, error: itemError(result.error) };
  });
  return { items, totalPrice: totalOf(items) };
}

function totalOf(items: Array<{ count: number; price: { amount: number; currency: string } | null }>) {
  const currencies = new Set(items.map((item) => item.price?.currency));
  const [currency] = currencies;
  if (currencies.size !== 1 || !currency) return null;
  return { amount: items.reduce((sum, item) => sum + item.price!.amount * item.count, 0), currency };
}
