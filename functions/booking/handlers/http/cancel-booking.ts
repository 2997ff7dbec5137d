import { httpHandler } from '#platform/http/handler';
import { ok } from '#platform/http/responses';
import { IdParams } from '#platform/validation/common';
import { cancelBooking } from '../../cancel-booking.js';
import { stayQueryDeps } from '../../runtime.js';

export const handler = httpHandler({
  auth: true,
  params: IdParams,
  handler: async ({ user, params }) => ok(await cancelBooking(await stayQueryDeps(), user, params.id)),
});
