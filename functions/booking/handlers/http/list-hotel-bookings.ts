import { getDb } from '../../../../layers/platform/db/index.js';
import { httpHandler } from '../../../../layers/platform/http/handler.js';
import { ok } from '../../../../layers/platform/http/responses.js';
import { IdParams } from '../../../../layers/platform/validation/common.js';
import { hotelBookings } from '../../bookings.js';
import { HotelBookingsQuery } from '../../schemas.js';

export const handler = httpHandler({
  auth: true,
  params: IdParams,
  query: HotelBookingsQuery,
  handler: async ({ user, params, query }) =>
    ok(await hotelBookings({ db: await getDb() }, user, params.id, query)),
});
