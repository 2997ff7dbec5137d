import type { Selectable } from 'kysely';
import type { Payments } from '#platform/db/schema';
import type { Booking } from '../domain/booking.js';
import type { Executor } from './bookings.repository.js';
import { minorUnits } from './money.js';

// The payments of bookings, the provider's events about them and money owed back.

export interface Payment {
  id: string;
  bookingId: string;
  providerPaymentId: string | null;
  amount: number;
  currency: string;
  status: 'pending' | 'succeeded' | 'failed';
  refundDueAmount: number;
}

const toPayment = (row: Selectable<Payments>): Payment => ({
  id: row.id,
  bookingId: row.booking_id,
  providerPaymentId: row.provider_payment_id,
  amount: minorUnits(row.amount),
  currency: row.currency,
  status: row.status as Payment['status'],
  refundDueAmount: minorUnits(row.refund_due_amount),
});

export const toPaymentView = (payment: Payment) => ({
  id: payment.id,
  status: payment.status,
  providerPaymentId: payment.providerPaymentId,
  refundDue: payment.refundDueAmount,
});

export async function insertPayment(trx: Executor, booking: Booking): Promise<Payment> {
  const row = await trx
    .insertInto('payments')
    .values({
      booking_id: booking.id,
      amount: booking.totalAmount,
      currency: booking.currency,
      status: 'pending',
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toPayment(row);
}

export async function setProviderPaymentId(
  db: Executor,
  paymentId: string,
  providerPaymentId: string,
): Promise<Payment> {
  const row = await db
    .updateTable('payments')
    .set({ provider_payment_id: providerPaymentId, updated_at: new Date() })
    .where('id', '=', paymentId)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toPayment(row);
}

export async function findPaymentOfBooking(
  db: Executor,
  bookingId: string,
  options: { forUpdate?: boolean } = {},
): Promise<Payment | undefined> {
  let query = db.selectFrom('payments').selectAll().where('booking_id', '=', bookingId);
  if (options.forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row && toPayment(row);
}

export async function findPaymentByProviderId(
  db: Executor,
  providerPaymentId: string,
): Promise<Payment | undefined> {
  const row = await db
    .selectFrom('payments')
    .selectAll()
    .where('provider_payment_id', '=', providerPaymentId)
    .executeTakeFirst();
  return row && toPayment(row);
}

export async function updatePayment(
  db: Executor,
  id: string,
  changes: { status?: Payment['status']; providerPaymentId?: string; refundDueAmount?: number },
): Promise<Payment> {
  const row = await db
    .updateTable('payments')
    .set({
      status: changes.status,
      provider_payment_id: changes.providerPaymentId,
      refund_due_amount: changes.refundDueAmount,
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toPayment(row);
}

/**
 * Claims a provider event for processing; false when it was already recorded (a replay). The outcome
 * starts as `received` and is set to what processing did (setPaymentEventOutcome) in the same transaction.
 */
export async function recordPaymentEvent(
  db: Executor,
  event: { eventId: string; providerPaymentId: string; type: string; payload: unknown },
): Promise<boolean> {
  const inserted = await db
    .insertInto('payment_events')
    .values({
      event_id: event.eventId,
      provider_payment_id: event.providerPaymentId,
      type: event.type,
      outcome: 'received',
      payload: JSON.stringify(event.payload),
    })
    .onConflict((conflict) => conflict.column('event_id').doNothing())
    .returning('event_id')
    .executeTakeFirst();
  return inserted !== undefined;
}

export async function setPaymentEventOutcome(db: Executor, eventId: string, outcome: string): Promise<void> {
  await db.updateTable('payment_events').set({ outcome }).where('event_id', '=', eventId).execute();
}

/** Money the provider took that no booking accepted: all of it is owed back. */
export async function recordUnappliedPayment(
  db: Executor,
  payment: {
    eventId: string;
    providerPaymentId: string;
    bookingId: string | undefined;
    reason: 'amount_mismatch' | 'unknown_payment';
    amount: number;
    currency: string;
  },
): Promise<void> {
  await db
    .insertInto('unapplied_payments')
    .values({
      event_id: payment.eventId,
      provider_payment_id: payment.providerPaymentId,
      booking_id: payment.bookingId ?? null,
      reason: payment.reason,
      amount: payment.amount,
      currency: payment.currency,
      refund_due_amount: payment.amount,
    })
    .execute();
}
