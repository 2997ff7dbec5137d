import { randomUUID } from 'node:crypto';
import { enqueue, relayQuietly } from '#platform/messaging/outbox';
import {
  findPaymentForUpdate,
  insertDelivery,
  markPaymentCompleted,
} from './adapters/payments.repository.js';
import { paymentWebhooksQueue } from './contract.js';
import type { PaymentDeps } from './create-payment.js';
import { PaymentAlreadyCompletedError, ProviderPaymentNotFoundError } from './domain/errors.js';

/**
 * The payer finishes (tests and the demo call this): the payment gets its outcome once and a webhook
 * event is queued for delivery in the same transaction; the delivery function signs and sends it.
 */
export async function completePayment(
  { db, now }: PaymentDeps,
  paymentId: string,
  outcome: 'succeeded' | 'failed',
) {
  const { result, outboxIds } = await db.transaction().execute(async (trx) => {
    const payment = await findPaymentForUpdate(trx, paymentId);
    if (!payment) throw new ProviderPaymentNotFoundError();
    if (payment.status !== 'pending') throw new PaymentAlreadyCompletedError(payment.status);
    const at = now();
    await markPaymentCompleted(trx, payment.id, outcome, at);
    const eventId = randomUUID();
    const body = JSON.stringify({
      id: eventId,
      type: `payment.${outcome}`,
      createdAt: at.toISOString(),
      data: {
        paymentId: payment.id,
        bookingId: payment.merchant_reference,
        amount: payment.amount,
        currency: payment.currency,
      },
    });
    await insertDelivery(trx, { id: eventId, paymentId: payment.id, body });
    const ids = await enqueue(trx, paymentWebhooksQueue, [{ deliveryId: eventId, attempt: 1 }]);
    return { result: { paymentId: payment.id, status: outcome, eventId }, outboxIds: ids };
  });
  await relayQuietly(db, outboxIds);
  return result;
}
