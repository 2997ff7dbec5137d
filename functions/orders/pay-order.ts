import type { Kysely } from 'kysely';
import type { DB } from '#platform/db/schema';
import { relayQuietly } from '#platform/messaging/outbox';
import { findUserOrder } from './adapters/orders.repository.js';
import { writeOff } from './adapters/stocks.repository.js';
import { OrderNotFoundError } from './domain/errors.js';
import { assertCanBecome, type OrderView, toOrderView } from './domain/order.js';
import { changeStatus } from './status-change.js';

/** Pays an order awaiting payment: its reservations are written off the stock. Other statuses → 409. */
export async function payOrder(
  { db, now }: { db: Kysely<DB>; now: () => Date },
  user: { id: string },
  orderId: string,
): Promise<OrderView> {
  const { order, outboxIds } = await db.transaction().execute(async (trx) => {
    const order = await findUserOrder(trx, user.id, orderId, { forUpdate: true });
    if (!order) throw new OrderNotFoundError();
    assertCanBecome(order.status, 'payed');
    for (const item of order.items) await writeOff(trx, item.sku, item.count);
    return changeStatus(trx, order, 'payed', now());
  });
  await relayQuietly(db, outboxIds);
  return toOrderView(order);
}
