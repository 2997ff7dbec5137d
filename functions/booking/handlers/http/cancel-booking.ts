import { getDb } from '../../../../layers/platform/db/index.js';
import { httpHandler } from '../../../../layers/platform/http/handler.js';
import { ok } from '../../../../layers/platform/http/responses.js';
import { IdParams } from '../../../../layers/platform/validation/common.js';
import { cancelBooking } from '../../cancel-booking.js';

export const handler = httpHandler({
  auth: true,
  params: IdParams,
  handler: async ({ user, params }) =>
    ok(await cancelBooking({ db: await getDb(), now: () => new Date() }, user, params.id)),
});
