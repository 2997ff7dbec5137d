import { GetStocks } from '../orders/contract.js';
import { addToCart } from './adapters/cart.repository.js';
import type { Actor, CartDeps } from './deps.js';
import { CartFullError, InsufficientStockError, ProductNotFoundError } from './domain/errors.js';
import type { AddItemInput } from './schemas.js';

/** Largest count of one SKU in a cart (and in an order line). */
export const MAX_COUNT_PER_SKU = 10_000;

/**
 * Adds `count` of a SKU to the user's cart. The product must exist at the product service (404
 * otherwise) and the total of that SKU in the cart must not exceed its available stock in the orders
 * context (409). Returns the SKU's new total in the cart.
 */
export async function addItem(
  deps: CartDeps,
  actor: Actor,
  input: AddItemInput,
): Promise<{ sku: number; count: number }> {
  const product = await deps.products.getProduct(input.sku, deps.deadline);
  if (!product) throw new ProductNotFoundError(input.sku);
  const { stocks } = await deps.orders(GetStocks, { skus: [input.sku] });
  const available = stocks.find((stock) => stock.sku === input.sku)?.available ?? 0;
  const outcome = await addToCart(deps.db, actor.id, {
    sku: input.sku,
    count: input.count,
    limit: Math.min(available, MAX_COUNT_PER_SKU),
    maxLines: deps.maxItems,
  });
  if (outcome.added) return { sku: input.sku, count: outcome.count };
  if (outcome.reason === 'cart-full') throw new CartFullError(deps.maxItems);
  throw new InsufficientStockError(
    input.sku,
    available < MAX_COUNT_PER_SKU || outcome.inCart + input.count <= available
      ? `${available} available; your cart would hold ${outcome.inCart + input.count}.`
      : `at most ${MAX_COUNT_PER_SKU} per SKU in a cart.`,
  );
}
