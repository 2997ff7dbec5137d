import { httpHandler } from '#platform/http/handler';
import { ok } from '#platform/http/responses';
import { IdParams } from '#platform/validation/common';
import { getHotel } from '../../get-hotel.js';
import { bookingDbDeps } from '../../runtime.js';

export const handler = httpHandler({
  auth: true,
  params: IdParams,
  handler: async ({ params }) => ok(await getHotel(await bookingDbDeps(), params.id)),
});
