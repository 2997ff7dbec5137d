import { httpHandler } from '#platform/http/handler';
import { ok } from '#platform/http/responses';
import { IdParams } from '#platform/validation/common';
import { bookingDbDeps } from '../../runtime.js';
import { UpdateHotelBody } from '../../schemas.js';
import { updateHotel } from '../../update-hotel.js';

export const handler = httpHandler({
  auth: true,
  params: IdParams,
  body: UpdateHotelBody,
  handler: async ({ user, params, body }) =>
    ok(await updateHotel(await bookingDbDeps(), user, params.id, body)),
});
