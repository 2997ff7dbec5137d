import { httpHandler } from '#platform/http/handler';
import { ok } from '#platform/http/responses';
import { IdParams } from '#platform/validation/common';
import { listHotelBookings } from '../../list-hotel-bookings.js';
import { bookingDbDeps } from '../../runtime.js';
import { HotelBookingsQuery } from '../../schemas.js';

export const handler = httpHandler({
  auth: true,
  params: IdParams,
  query: HotelBookingsQuery,
  handler: async ({ user, params, query }) =>
    ok(await listHotelBookings(await bookingDbDeps(), user, params.id, query)),
});
