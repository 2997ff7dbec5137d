import type { OrderLine, OrderStatus } from '../contract.js';
import { InvalidOrderStatusError } from './errors.js';

export type { OrderLine, OrderStatus };

export interface Order {
  id: string;
  userId: string;
  status: OrderStatus;
  /** Number of status changes so far = the sequence number of the order's latest status event. */
  statusSeq: number;
  items: OrderLine[];
  createdAt: Date;
  updatedAt: Date;
}

/** Which status may follow which: new → awaiting_payment | failed → payed | cancelled. */
const NEXT: Record<OrderStatus, readonly OrderStatus[]> = {
  new: ['awaiting_payment', 'failed'],
  awaiting_payment: ['payed', 'cancelled'],
  failed: [],
  payed: [],
  cancelled: [],
};

export const canBecome = (from: OrderStatus, to: OrderStatus): boolean => NEXT[from].includes(to);

export function assertCanBecome(from: OrderStatus, to: OrderStatus): void {
  if (!canBecome(from, to)) throw new InvalidOrderStatusError(from, to);
}

/**
 * One line per SKU (counts of repeated SKUs added up), sorted by SKU: every order locks its stock rows
 * in the same order, so two orders sharing SKUs never deadlock.
 */
export function normaliseLines(items: OrderLine[]): OrderLine[] {
  const counts = new Map<number, number>();
  for (const { sku, count } of items) counts.set(sku, (counts.get(sku) ?? 0) + count);
  return [...counts.entries()].sort(([a], [b]) => a - b).map(([sku, count]) => ({ sku, count }));
}

export const toOrderView = (order: Order) => ({
  id: order.id,
  status: order.status,
  items: order.items,
  createdAt: order.createdAt.toISOString(),
  updatedAt: order.updatedAt.toISOString(),
});
export type OrderView = ReturnType<typeof toOrderView>;

/** Whether an `awaiting_payment` order last changed at `since` is past the payment timeout at `now`. */
export const paymentTimedOut = (since: Date, now: Date, timeoutMinutes: number) =>
  now.getTime() - since.getTime() >= timeoutMinutes * 60_000;
