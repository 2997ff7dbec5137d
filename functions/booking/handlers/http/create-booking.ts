import { httpHandler } from '#platform/http/handler';
import { created } from '#platform/http/responses';
import { createBooking } from '../../create-booking.js';
import { createBookingDeps } from '../../runtime.js';
import { CreateBookingBody } from '../../schemas.js';

export const handler = httpHandler({
  auth: true,
  body: CreateBookingBody,
  handler: async ({ user, body, headers, baseUrl, lambdaContext, sourceIp }) => {
    const result = await createBooking(
      await createBookingDeps(baseUrl, lambdaContext),
      user,
      body,
      headers['idempotency-key']?.trim() || undefined,
      { ip: sourceIp },
    );
    return created(result, `/bookings/${result.booking.id}`);
  },
});
