import { getDb } from '#platform/db/index';
import { httpHandler } from '#platform/http/handler';
import { ok } from '#platform/http/responses';
import { IdParams } from '#platform/validation/common';
import { hotelBookings } from '../../bookings.js';
import { HotelBookingsQuery } from '../../schemas.js';

export const handler = httpHandler({
  auth: true,
  params: IdParams,
  query: HotelBookingsQuery,
  handler: async ({ user, params, query }) =>
    ok(await hotelBookings({ db: await getDb() }, user, params.id, query)),
});
