import type { Kysely } from 'kysely';
import type { DB } from '#platform/db/schema';
import { findUserOrder } from './adapters/orders.repository.js';
import { OrderNotFoundError } from './domain/errors.js';
import { type OrderView, toOrderView } from './domain/order.js';

/** One of the caller's orders; anyone else's is a 404, exactly like a missing one. */
export async function getOrder(
  { db }: { db: Kysely<DB> },
  user: { id: string },
  orderId: string,
): Promise<OrderView> {
  const order = await findUserOrder(db, user.id, orderId);
  if (!order) throw new OrderNotFoundError();
  return toOrderView(order);
}
