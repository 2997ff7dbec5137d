import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '#platform/db/schema';
import { ValidationError } from '#platform/errors';
import { enqueue, relayQuietly } from '#platform/messaging/outbox';
import {
  findPaymentForUpdate,
  insertDelivery,
  insertPaymentOnce,
  completePayment as markCompleted,
} from './adapters/payments.repository.js';
import { paymentWebhooksQueue } from './contract.js';
import { callbackUrlProblem } from './domain/callback-url.js';
import {
  MissingProviderIdempotencyKeyError,
  PaymentAlreadyCompletedError,
  ProviderIdempotencyKeyReusedError,
  ProviderPaymentNotFoundError,
} from './domain/errors.js';
import type { CreatePaymentInput } from './schemas.js';

type Deps = { db: Kysely<DB>; now: () => Date };

/**
 * A merchant asks for a payment, once per Idempotency-Key: a retry with the same key (even concurrent)
 * gets the same payment back; the same key for another payment → 422. The webhook can only go back to
 * the API serving the simulator (`apiBaseUrl`): see callbackUrlProblem.
 */
export async function createPayment(
  { db, apiBaseUrl }: Deps & { apiBaseUrl: string },
  input: CreatePaymentInput,
  idempotencyKey: string | undefined,
) {
  const problem = callbackUrlProblem(input.callbackUrl, apiBaseUrl);
  if (problem) throw new ValidationError([{ in: 'body', field: 'callbackUrl', message: problem }]);
  if (!idempotencyKey || idempotencyKey.length > 200) throw new MissingProviderIdempotencyKeyError();
  const payment = await insertPaymentOnce(db, input, idempotencyKey);
  const same =
    payment.merchant_reference === input.bookingId &&
    payment.amount === input.amount &&
    payment.currency === input.currency &&
    payment.callback_url === input.callbackUrl;
  if (!same) throw new ProviderIdempotencyKeyReusedError();
  return { paymentId: payment.id, status: payment.status as 'pending' | 'succeeded' | 'failed' };
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
