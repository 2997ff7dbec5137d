import { CreateOrder } from '../orders/contract.js';
import { bumpCartVersion, readCart, removeOrdered } from './adapters/cart.repository.js';
import type { Actor, CartDeps } from './deps.js';
import { CartEmptyError, InsufficientStockError } from './domain/errors.js';

/**
 * Turns the cart into an order through the orders context's createOrder contract. The idempotency key
 * is the cart's version: a retried checkout of an unchanged cart (say, after a timeout) gets the same
 * order instead of a second one. Only an order that was created (stock reserved) takes the ordered
 * items out of the cart; a failed order (some item short) leaves the cart as it was (409), and any
 * error of the orders context leaves it untouched too.
 */
export async function checkout(
  deps: Pick<CartDeps, 'db' | 'orders'>,
  actor: Actor,
): Promise<{ orderId: string; status: string }> {
  const cart = await readCart(deps.db, actor.id);
  if (cart.lines.length === 0) throw new CartEmptyError();
  const order = await deps.orders(CreateOrder, {
    userId: actor.id,
    items: cart.lines,
    idempotencyKey: `cart-checkout:${actor.id}:${cart.version}`,
  });
  if (order.status === 'failed') {
    // The next attempt is a new order (new key), not a replay of this failed one.
    await bumpCartVersion(deps.db, actor.id);
    throw new InsufficientStockError(
      undefined,
      `Not enough stock for every item in your cart (order ${order.orderId} failed); nothing was reserved.`,
    );
  }
  await removeOrdered(deps.db, actor.id, cart.lines);
  return { orderId: order.orderId, status: order.status };
}
