import { httpHandler } from '#platform/http/handler';
import { ok } from '#platform/http/responses';
import { IdParams } from '#platform/validation/common';
import { payOrder } from '../../pay-order.js';
import { ordersDeps } from '../../runtime.js';

export const handler = httpHandler({
  auth: true,
  params: IdParams,
  handler: async ({ user, params }) => ok(await payOrder(await ordersDeps(), user, params.id)),
});
