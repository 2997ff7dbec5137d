import type { Kysely, Transaction } from 'kysely';
import type { DB } from '#platform/db/schema';
import type { CreatePaymentInput } from '../schemas.js';

type Executor = Kysely<DB> | Transaction<DB>;

/** `amount` is a `bigint` column (pg returns a string); amounts stay below 2^53, so a number is exact. */
const withAmount = <R extends { amount: string }>(row: R) => {
  const amount = Number(row.amount);
  if (!Number.isSafeInteger(amount)) throw new RangeError(`amount ${row.amount} is not a safe integer`);
  return { ...row, amount };
};

/**
 * One payment per Idempotency-Key, atomically: the unique index decides, and a retry (even a concurrent
 * one) gets the row the first request created, as it was stored.
 */
export async function insertPaymentOnce(db: Executor, input: CreatePaymentInput, idempotencyKey: string) {
  const row = await db
    .insertInto('provider_payments')
    .values({
      idempotency_key: idempotencyKey,
      merchant_reference: input.bookingId,
      amount: input.amount,
      currency: input.currency,
      callback_url: input.callbackUrl,
      status: 'pending',
    })
    // A no-op update, so RETURNING yields the existing row on a conflict (DO NOTHING would return none).
    .onConflict((conflict) =>
      conflict
        .column('idempotency_key')
        .doUpdateSet((eb) => ({ idempotency_key: eb.ref('excluded.idempotency_key') })),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
  return withAmount(row);
}

export async function findPaymentForUpdate(trx: Transaction<DB>, id: string) {
  const row = await trx
    .selectFrom('provider_payments')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  return row && withAmount(row);
}

export async function markPaymentCompleted(
  trx: Transaction<DB>,
  id: string,
  status: 'succeeded' | 'failed',
  at: Date,
) {
  await trx.updateTable('provider_payments').set({ status, completed_at: at }).where('id', '=', id).execute();
}

export async function insertDelivery(
  trx: Transaction<DB>,
  delivery: { id: string; paymentId: string; body: string },
) {
  await trx
    .insertInto('provider_webhook_deliveries')
    .values({ id: delivery.id, payment_id: delivery.paymentId, body: delivery.body })
    .execute();
}

export async function findDelivery(db: Executor, id: string) {
  return db
    .selectFrom('provider_webhook_deliveries')
    .innerJoin('provider_payments', 'provider_payments.id', 'provider_webhook_deliveries.payment_id')
    .select([
      'provider_webhook_deliveries.id',
      'provider_webhook_deliveries.body',
      'provider_webhook_deliveries.attempts',
      'provider_webhook_deliveries.delivered_at',
      'provider_payments.callback_url',
    ])
    .where('provider_webhook_deliveries.id', '=', id)
    .executeTakeFirst();
}

export async function recordAttempt(
  db: Executor,
  id: string,
  result: { status?: number; error?: string; delivered: boolean; at: Date },
) {
  await db
    .updateTable('provider_webhook_deliveries')
    .set((eb) => ({
      attempts: eb('attempts', '+', 1),
      last_status: result.status ?? null,
      last_error: result.error ?? null,
      delivered_at: result.delivered ? result.at : null,
    }))
    .where('id', '=', id)
    .execute();
}
