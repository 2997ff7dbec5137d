import { httpHandler } from '#platform/http/handler';
import { ok } from '#platform/http/responses';
import { listOrders } from '../../list-orders.js';
import { ordersDeps } from '../../runtime.js';
import { ListOrdersQuery } from '../../schemas.js';

export const handler = httpHandler({
  auth: true,
  query: ListOrdersQuery,
  handler: async ({ user, query }) => ok(await listOrders(await ordersDeps(), user, query)),
});
