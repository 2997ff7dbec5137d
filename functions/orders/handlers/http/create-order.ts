import { httpHandler } from '#platform/http/handler';
import { created } from '#platform/http/responses';
import { createOrder } from '../../create-order.js';
import { ordersDeps } from '../../runtime.js';
import { CreateOrderBody } from '../../schemas.js';

export const handler = httpHandler({
  auth: true,
  body: CreateOrderBody,
  handler: async ({ user, body, headers }) => {
    const order = await createOrder(await ordersDeps(), user, {
      items: body.items,
      idempotencyKey: headers['idempotency-key']?.trim().slice(0, 200) || undefined,
    });
    return created(order, `/orders/${order.id}`);
  },
});
