import { ConfigError, platformConfig } from '#platform/config';
import { contractHandler } from '#platform/contracts/invoke';
import { CreateHold } from '../../contract.js';
import { toBookingSummary } from '../../contract-views.js';
import { createBooking } from '../../create-booking.js';
import { contractCaller, createBookingDeps } from '../../runtime.js';

// The existing createBooking use case (its Idempotency-Key included) for a user named by the caller.
export const handler = contractHandler(
  CreateHold,
  async ({ userId, idempotencyKey, ...body }, lambdaContext) => {
    // No request to take the host from: the provider's callback needs the API's public address.
    const baseUrl = platformConfig().PUBLIC_BASE_URL;
    if (!baseUrl)
      throw new ConfigError(
        'PUBLIC_BASE_URL is required for createHoldContract: the payment provider calls back to <PUBLIC_BASE_URL>/webhooks/payments',
      );
    const result = await createBooking(
      await createBookingDeps(baseUrl, lambdaContext),
      await contractCaller(userId),
      body,
      idempotencyKey,
    );
    return { booking: toBookingSummary(result.booking), paymentId: result.payment.providerPaymentId ?? null };
  },
);
