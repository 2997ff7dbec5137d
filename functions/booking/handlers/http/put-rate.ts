import { httpHandler } from '#platform/http/handler';
import { ok } from '#platform/http/responses';
import { IdParams } from '#platform/validation/common';
import { putRate } from '../../put-rate.js';
import { bookingDbDeps } from '../../runtime.js';
import { PutRateBody } from '../../schemas.js';

export const handler = httpHandler({
  auth: true,
  params: IdParams,
  body: PutRateBody,
  handler: async ({ user, params, body }) => ok(await putRate(await bookingDbDeps(), user, params.id, body)),
});
