import { clearCart as deleteLines } from './adapters/cart.repository.js';
import type { Actor, CartDeps } from './deps.js';

export async function clearCart(deps: Pick<CartDeps, 'db'>, actor: Actor): Promise<void> {
  await deleteLines(deps.db, actor.id);
}
