import { removeFromCart } from './adapters/cart.repository.js';
import type { Actor, CartDeps } from './deps.js';
import { CartItemNotFoundError } from './domain/errors.js';

export async function removeItem(deps: Pick<CartDeps, 'db'>, actor: Actor, sku: number): Promise<void> {
  if (!(await removeFromCart(deps.db, actor.id, sku))) throw new CartItemNotFoundError(sku);
}
