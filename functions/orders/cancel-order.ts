import type { Kysely, Transaction } from 'kysely';
import type { DB } from '#platform/db/schema';
import { relayQuietly } from '#platform/messaging/outbox';
import { findUserOrder } from './adapters/orders.repository.js';
import { release } from './adapters/stocks.repository.js';
import { OrderNotFoundError } from './domain/errors.js';
import { assertCanBecome, type Order, type OrderView, toOrderView } from './domain/order.js';
import { changeStatus } from './status-change.js';

/** Cancels an order awaiting payment and releases its reservations; other statuses → 409. */
export async function cancelOrder(
  { db, now }: { db: Kysely<DB>; now: () => Date },
  user: { id: string },
  orderId: string,
): Promise<OrderView> {
  const { order, outboxIds } = await db.transaction().execute(async (trx) => {
    const order = await findUserOrder(trx, user.id, orderId, { forUpdate: true });
    if (!order) throw new OrderNotFoundError();
    return cancelLocked(trx, order, now());
  });
  await relayQuietly(db, outboxIds);
  return toOrderView(order);
}

/** Cancels an order whose row the transaction has locked: reservations back to the stock, then the event. */
export async function cancelLocked(trx: Transaction<DB>, order: Order, at: Date) {
  assertCanBecome(order.status, 'cancelled');
  for (const item of order.items) await release(trx, item.sku, item.count);
  return changeStatus(trx, order, 'cancelled', at);
}
