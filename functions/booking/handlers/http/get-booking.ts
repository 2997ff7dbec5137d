import { httpHandler } from '#platform/http/handler';
import { ok } from '#platform/http/responses';
import { IdParams } from '#platform/validation/common';
import { getBooking } from '../../get-booking.js';
import { bookingDbDeps } from '../../runtime.js';

export const handler = httpHandler({
  auth: true,
  params: IdParams,
  handler: async ({ user, params }) => ok(await getBooking(await bookingDbDeps(), user, params.id)),
});
