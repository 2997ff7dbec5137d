import type { Kysely } from 'kysely';
import type { DB } from '#platform/db/schema';
import { ValidationError } from '#platform/errors';
import { insertPaymentOnce } from './adapters/payments.repository.js';
import { callbackUrlProblem } from './domain/callback-url.js';
import { MissingProviderIdempotencyKeyError, ProviderIdempotencyKeyReusedError } from './domain/errors.js';
import type { CreatePaymentInput } from './schemas.js';

export interface PaymentDeps {
  db: Kysely<DB>;
  now: () => Date;
}

/**
 * A merchant asks for a payment, once per Idempotency-Key: a retry with the same key (even concurrent)
 * gets the same payment back; the same key for another payment → 422. The webhook can only go back to
 * the API serving the simulator (`apiBaseUrl`): see callbackUrlProblem.
 */
export async function createPayment(
  { db, apiBaseUrl }: PaymentDeps & { apiBaseUrl: string },
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
