import type { Context } from 'aws-lambda';
import { platformConfig } from '#platform/config';
import { contractHandler } from '#platform/contracts/invoke';
import { CreateHold } from '../../contract.js';
import { toBookingSummary } from '../../contract-views.js';
import { createBooking } from '../../create-booking.js';
import { createBookingDeps } from '../../runtime.js';

// The existing createBooking use case (its Idempotency-Key included) for a user named by the caller.
export const handler = contractHandler(CreateHold, async ({ userId, idempotencyKey, ...body }) => {
  const baseUrl = platformConfig().PUBLIC_BASE_URL ?? 'http://localhost:3000';
  const result = await createBooking(
    await createBookingDeps(baseUrl, undefined as Context | undefined),
    { id: userId, role: 'client' },
    body,
    idempotencyKey,
  );
  return { booking: toBookingSummary(result.booking), paymentId: result.payment.providerPaymentId ?? null };
});
