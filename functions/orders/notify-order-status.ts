import type { Kysely } from 'kysely';
import type { DB } from '#platform/db/schema';
import { enqueue, relayQuietly } from '#platform/messaging/outbox';
import { log, MetricUnit, metrics } from '#platform/observability';
import { type NotificationMessage, notificationsQueue } from '../notifications/contract.js';
import { advanceCursor, lockCursor } from './adapters/status-cursors.repository.js';
import { OrderEventOutOfOrderError } from './domain/errors.js';
import { decide, type EventDecision } from './domain/ordering.js';
import type { OrderStatusEvent } from './events.js';

const TITLES: Record<OrderStatusEvent['status'], string> = {
  new: 'Order received',
  awaiting_payment: 'Order reserved: awaiting payment',
  failed: 'Order failed: not enough stock',
  payed: 'Order paid',
  cancelled: 'Order cancelled',
};

/** The buyer's notification of one event; its id is the event's, so a repeat stores nothing. */
export const statusNotification = (event: OrderStatusEvent): NotificationMessage => ({
  notificationId: `orders:status:${event.eventId}`,
  recipientId: event.userId,
  source: 'orders',
  type: `order.${event.status}`,
  title: TITLES[event.status],
  body: `Order ${event.orderId} is now ${event.status}.`,
  data: { orderId: event.orderId, status: event.status, seq: event.seq },
  dueAt: event.occurredAt,
  channels: ['in_app'],
});

/**
 * Applies one order-status event exactly once and in order: under the order's cursor lock, the next
 * event is applied (cursor advanced, the buyer's notification put in the outbox, in one transaction),
 * an old one is acknowledged without effect, and an early one throws so SQS redelivers it later.
 * The log line is written once, after the commit. `new` is logged but not notified (the next event is
 * written in the same transaction).
 */
export async function notifyOrderStatus(
  { db }: { db: Kysely<DB> },
  event: OrderStatusEvent,
): Promise<EventDecision> {
  const { decision, outboxIds } = await db.transaction().execute(async (trx) => {
    const lastApplied = await lockCursor(trx, event.orderId);
    const decision = decide(event.seq, lastApplied);
    if (decision === 'early') throw new OrderEventOutOfOrderError(event.orderId, event.seq, lastApplied);
    if (decision === 'duplicate') return { decision, outboxIds: [] as string[] };
    await advanceCursor(trx, event);
    const ids =
      event.status === 'new' ? [] : await enqueue(trx, notificationsQueue, [statusNotification(event)]);
    return { decision, outboxIds: ids };
  });
  if (decision === 'duplicate') {
    metrics.addMetric('OrderStatusEventDuplicates', MetricUnit.Count, 1);
    log().info('order status event already applied', { orderId: event.orderId, seq: event.seq });
    return decision;
  }
  metrics.addMetric(
    'OrderStatusEventLag',
    MetricUnit.Milliseconds,
    Math.max(0, Date.now() - Date.parse(event.occurredAt)),
  );
  log().info(`order ${event.orderId} → ${event.status}`, {
    orderId: event.orderId,
    status: event.status,
    seq: event.seq,
    eventId: event.eventId,
  });
  await relayQuietly(db, outboxIds);
  return decision;
}
