import { httpHandler } from '#platform/http/handler';
import { created } from '#platform/http/responses';
import { checkout } from '../../checkout.js';
import { checkoutDeps } from '../../runtime.js';

export const handler = httpHandler({
  auth: true,
  handler: async ({ user }) => {
    const order = await checkout(await checkoutDeps(), user);
    return created(order, `/orders/${order.orderId}`);
  },
});
