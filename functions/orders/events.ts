import { z } from 'zod';
import type { QueueContract } from '#platform/messaging/queues';
import { OrderStatus } from './contract.js';

/**
 * One order status change, written to the outbox in the transaction that made it and relayed to the
 * SQS FIFO queue `order-status.fifo`: MessageGroupId = the order (SQS keeps one order's events in
 * order, and delivers the next only after the previous one was handled), MessageDeduplicationId = the
 * event (a re-sent row within 5 minutes is dropped by SQS; later ones by the consumer's cursor).
 */
export const OrderStatusEvent = z.object({
  eventId: z.uuid(),
  orderId: z.uuid(),
  userId: z.uuid(),
  /** 1 for the order's first status, then 2, 3, … */
  seq: z.number().int().min(1),
  status: OrderStatus,
  previousStatus: OrderStatus.nullable(),
  occurredAt: z.iso.datetime({ offset: true }),
});
export type OrderStatusEvent = z.infer<typeof OrderStatusEvent>;

export const orderStatusQueue: QueueContract<typeof OrderStatusEvent> = {
  name: 'order-status.fifo',
  schema: OrderStatusEvent,
  fifo: {
    groupId: (event) => event.orderId,
    deduplicationId: (event) => event.eventId,
  },
};
