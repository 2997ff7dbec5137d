import type { Kysely, Transaction } from 'kysely';
import type { DB } from '#platform/db/schema';
import { ValidationError } from '#platform/errors';
import { fieldErrors } from '#platform/http/validation';
import { enqueue, relayQuietly } from '#platform/messaging/outbox';
import { log, MetricUnit, metrics } from '#platform/observability';
import { notificationsQueue } from '../notifications/contract.js';
import { findBooking, setBookingRefundAmount } from './adapters/bookings.repository.js';
import { findHotel } from './adapters/catalogue.repository.js';
import {
  findPaymentByProviderId,
  findPaymentOfBooking,
  type Payment,
  recordPaymentEvent,
  recordUnappliedPayment,
  setPaymentEventOutcome,
  updatePayment,
} from './adapters/payments.repository.js';
import { refundDueNotifications } from './domain/booking.js';
import { PaymentNotYetKnownError, WebhookBodyNotJsonError } from './domain/errors.js';
import { verifyWebhookSignature } from './domain/webhook-signature.js';
import { PaymentWebhookEvent } from './schemas.js';
import { changeStatus } from './status-change.js';

export interface WebhookDeps {
  db: Kysely<DB>;
  now: () => Date;
  secret: string;
  toleranceSeconds: number;
}

export type WebhookOutcome =
  | 'duplicate'
  | 'unknown_payment'
  | 'confirmed'
  | 'already_processed'
  | 'refund_due'
  | 'payment_failed'
  | 'ignored_failure_after_success'
  | 'amount_mismatch';

/**
 * POST /webhooks/payments. The signature is checked over the raw body before anything is parsed; each
 * provider event id is processed once (the payment_events primary key decides, in the same transaction
 * as its effects). Booking and payment rows are locked, so an expiring hold and a late payment are
 * decided one after the other, never both.
 */
export async function handlePaymentWebhook(
  deps: WebhookDeps,
  request: { signature: string | undefined; rawBody: string },
): Promise<{ received: true; outcome: WebhookOutcome }> {
  verifyWebhookSignature(request.signature, request.rawBody, deps.secret, {
    now: deps.now(),
    toleranceSeconds: deps.toleranceSeconds,
  });
  const event = parseEvent(request.rawBody);
  const { outcome, outboxIds, unapplied } = await deps.db.transaction().execute(async (trx) => {
    const fresh = await recordPaymentEvent(trx, {
      eventId: event.id,
      providerPaymentId: event.data.paymentId,
      type: event.type,
      payload: event,
    });
    if (!fresh) return { outcome: 'duplicate' as const, outboxIds: [] };
    const applied = await apply(trx, deps.now(), event);
    await setPaymentEventOutcome(trx, event.id, applied.outcome);
    return applied;
  });
  metrics.addMetric(`PaymentWebhook_${outcome}`, MetricUnit.Count, 1);
  log().info('payment webhook processed', { eventId: event.id, type: event.type, outcome });
  if (unapplied) {
    // The provider holds money no booking accepted: someone has to give it back. Alarm on this metric.
    metrics.addMetric('PaymentNeedsRefund', MetricUnit.Count, 1);
    log().error('payment taken by the provider was not applied to a booking; refund due', {
      eventId: event.id,
      outcome,
      ...unapplied,
    });
  }
  await relayQuietly(deps.db, outboxIds);
  return { received: true, outcome };
}

function parseEvent(rawBody: string): PaymentWebhookEvent {
  let body: unknown;
  try {
    body = JSON.parse(rawBody);
  } catch {
    throw new WebhookBodyNotJsonError();
  }
  const parsed = PaymentWebhookEvent.safeParse(body);
  if (!parsed.success) throw new ValidationError(fieldErrors(parsed.error, 'body'));
  return parsed.data;
}

interface Applied {
  outcome: WebhookOutcome;
  outboxIds: string[];
  /** Set when a success was not applied to any booking, so the whole received amount is owed back. */
  unapplied?: { providerPaymentId: string; bookingId?: string; amount: number; currency: string };
}

async function apply(trx: Transaction<DB>, now: Date, event: PaymentWebhookEvent): Promise<Applied> {
  const byProviderId = await findPaymentByProviderId(trx, event.data.paymentId);
  // The provider may report before our request returned its id: fall back to our own reference.
  const bookingId =
    byProviderId?.bookingId ?? (isUuid(event.data.bookingId) ? event.data.bookingId : undefined);
  // Lock order everywhere: booking, then payment.
  const booking = bookingId ? await findBooking(trx, bookingId, { forUpdate: true }) : undefined;
  const payment: Payment | undefined = booking
    ? await findPaymentOfBooking(trx, booking.id, { forUpdate: true })
    : undefined;
  const hotel = booking && (await findHotel(trx, booking.hotelId));
  // Applied only to a payment we requested ourselves: the provider id we stored must be the event's. A
  // hold whose request has not returned an id yet is never confirmed through its booking id alone (that
  // would let anyone who can get a payment signed for a booking id confirm it): while the hold runs the
  // provider is asked to retry (409); after it, a success is recorded as owed back like any unknown one.
  const holdRunning = booking?.status === 'pending_payment' && booking.expiresAt > now;
  if (holdRunning && payment?.providerPaymentId === null) throw new PaymentNotYetKnownError();
  if (!booking || !payment || !hotel || payment.providerPaymentId !== event.data.paymentId) {
    return notApplied(trx, event, 'unknown_payment', booking?.id);
  }
  if (event.type === 'payment.failed' && !sameMoney(event, payment)) {
    return notApplied(trx, event, 'amount_mismatch', booking.id);
  }

  if (event.type === 'payment.failed') {
    if (payment.status === 'succeeded') return { outcome: 'ignored_failure_after_success', outboxIds: [] };
    await updatePayment(trx, payment.id, { status: 'failed', providerPaymentId: event.data.paymentId });
    if (booking.status !== 'pending_payment') return { outcome: 'already_processed', outboxIds: [] };
    const changed = await changeStatus(trx, booking, hotel, 'payment_failed', now);
    return { outcome: 'payment_failed', outboxIds: changed.outboxIds };
  }

  if (payment.status === 'succeeded') return { outcome: 'already_processed', outboxIds: [] };
  if (event.data.amount !== payment.amount || event.data.currency !== payment.currency) {
    // Never confirm on a different amount; what was taken is owed back (the booking stays a hold).
    log().error('payment webhook amount differs from the booking total', {
      bookingId: booking.id,
      expected: { amount: payment.amount, currency: payment.currency },
      received: { amount: event.data.amount, currency: event.data.currency },
    });
    return notApplied(trx, event, 'amount_mismatch', booking.id);
  }
  if (booking.status === 'pending_payment' && booking.expiresAt > now) {
    await updatePayment(trx, payment.id, { status: 'succeeded', providerPaymentId: event.data.paymentId });
    const changed = await changeStatus(trx, booking, hotel, 'confirmed', now);
    return { outcome: 'confirmed', outboxIds: changed.outboxIds };
  }
  // Too late: the hold expired (or was cancelled, or failed). The booking stays over, the whole payment is
  // owed back: on the payment and on the booking, and the client and the owner are told.
  await updatePayment(trx, payment.id, {
    status: 'succeeded',
    providerPaymentId: event.data.paymentId,
    refundDueAmount: payment.amount,
  });
  const outboxIds: string[] = [];
  let ended = booking;
  if (booking.status === 'pending_payment') {
    const changed = await changeStatus(trx, booking, hotel, 'expired', now, { refundAmount: payment.amount });
    ended = changed.booking;
    outboxIds.push(...changed.outboxIds);
  } else {
    ended = await setBookingRefundAmount(trx, booking.id, payment.amount);
  }
  outboxIds.push(
    ...(await enqueue(trx, notificationsQueue, refundDueNotifications(ended, payment.amount, hotel, now))),
  );
  return { outcome: 'refund_due', outboxIds };
}

/** A success no booking accepted is recorded as owed back in full; a failure took nothing. */
async function notApplied(
  trx: Transaction<DB>,
  event: PaymentWebhookEvent,
  outcome: 'unknown_payment' | 'amount_mismatch',
  bookingId: string | undefined,
): Promise<Applied> {
  if (event.type !== 'payment.succeeded') return { outcome, outboxIds: [] };
  const unapplied = {
    providerPaymentId: event.data.paymentId,
    bookingId,
    amount: event.data.amount,
    currency: event.data.currency,
  };
  await recordUnappliedPayment(trx, { eventId: event.id, reason: outcome, ...unapplied });
  return { outcome, outboxIds: [], unapplied };
}

const sameMoney = (event: PaymentWebhookEvent, payment: Payment) =>
  event.data.amount === payment.amount && event.data.currency === payment.currency;

const isUuid = (value: string) =>
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
