import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../layers/platform/db/schema.js';
import { ValidationError } from '../../layers/platform/errors.js';
import { enqueue, relayQuietly } from '../../layers/platform/messaging/outbox.js';
import {
  findPaymentForUpdate,
  findPendingPaymentFor,
  insertDelivery,
  insertPayment,
  completePayment as markCompleted,
} from './adapters/payments.repository.js';
import { paymentWebhooksQueue } from './contract.js';
import { callbackUrlProblem } from './domain/callback-url.js';
import { PaymentAlreadyCompletedError, ProviderPaymentNotFoundError } from './domain/errors.js';
import type { CreatePaymentInput } from './schemas.js';

type Deps = { db: Kysely<DB>; now: () => Date };

/**
 * A merchant asks for a payment. A retried request for the same pending payment gets the same one back.
 * The webhook can only go back to the API serving the simulator (`apiBaseUrl`): see callbackUrlProblem.
 */
export async function createPayment(
  { db, apiBaseUrl }: Deps & { apiBaseUrl: string },
  input: CreatePaymentInput,
) {
  const problem = callbackUrlProblem(input.callbackUrl, apiBaseUrl);
  if (problem) throw new ValidationError([{ in: 'body', field: 'callbackUrl', message: problem }]);
  const payment = (await findPendingPaymentFor(db, input)) ?? (await insertPayment(db, input));
  return { paymentId: payment.id, status: payment.status as 'pending' };
}

/**
 * The payer finishes (tests and the demo call this): the payment gets its outcome once and a webhook
 * event is queued for delivery in the same transaction; the delivery function signs and sends it.
 */
export async function completePayment({ db, now }: Deps, paymentId: string, outcome: 'succeeded' | 'failed') {
  const { result, outboxIds } = await db.transaction().execute(async (trx) => {
    const payment = await findPaymentForUpdate(trx, paymentId);
    if (!payment) throw new ProviderPaymentNotFoundError();
    if (payment.status !== 'pending') throw new PaymentAlreadyCompletedError(payment.status);
    const at = now();
    await markCompleted(trx, payment.id, outcome, at);
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
