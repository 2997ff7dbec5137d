import { contractHandler } from '#platform/contracts/invoke';
import { CreateHold } from '../../contract.js';
import { toBookingSummary } from '../../contract-views.js';
import { createBooking } from '../../create-booking.js';
import { contractCaller, contractHoldDeps } from '../../runtime.js';

// The existing createBooking use case (its Idempotency-Key included) for a user named by the caller.
export const handler = contractHandler(
  CreateHold,
  async ({ userId, idempotencyKey, ...body }, lambdaContext) => {
    const result = await createBooking(
      await contractHoldDeps(lambdaContext),
      await contractCaller(userId),
      body,
      idempotencyKey,
    );
    return { booking: toBookingSummary(result.booking), paymentId: result.payment.providerPaymentId ?? null };
  },
);
