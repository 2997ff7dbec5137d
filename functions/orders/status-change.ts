import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { DB } from '#platform/db/schema';
import { enqueue } from '#platform/messaging/outbox';
import { MetricUnit, metrics } from '#platform/observability';
import { updateOrderStatus } from './adapters/orders.repository.js';
import { assertCanBecome, type Order, type OrderStatus } from './domain/order.js';
import { type OrderStatusEvent, orderStatusQueue } from './events.js';

const statusEvent = (order: Order, previousStatus: OrderStatus | null, at: Date): OrderStatusEvent => ({
  eventId: randomUUID(),
  orderId: order.id,
  userId: order.userId,
  seq: order.statusSeq,
  status: order.status,
  previousStatus,
  occurredAt: at.toISOString(),
});

/** The event of a just-inserted order (status `new`, sequence 1), in the inserting transaction. */
export const announceNewOrder = (trx: Transaction<DB>, order: Order, at: Date) =>
  enqueue(trx, orderStatusQueue, [statusEvent(order, null, at)]);

/**
 * Every status change goes through here: the checked transition, the order's next sequence number and
 * its event in the outbox, all in the caller's transaction (which holds the order's row lock).
 */
export async function changeStatus(
  trx: Transaction<DB>,
  order: Order,
  status: OrderStatus,
  at: Date,
): Promise<{ order: Order; outboxIds: string[] }> {
  assertCanBecome(order.status, status);
  if (!(await updateOrderStatus(trx, order, status, at))) {
    // The caller holds the row lock, so this means a bug, not a race: roll everything back.
    throw new Error(`order ${order.id} is no longer ${order.status} #${order.statusSeq}`);
  }
  const changed: Order = { ...order, status, statusSeq: order.statusSeq + 1, updatedAt: at };
  metrics.addMetric(`Order_${status}`, MetricUnit.Count, 1);
  return {
    order: changed,
    outboxIds: await enqueue(trx, orderStatusQueue, [statusEvent(changed, order.status, at)]),
  };
}
