import { contractHandler } from '#platform/contracts/invoke';
import { CreateOrder } from '../../contract.js';
import { createOrder } from '../../create-order.js';
import { ordersDeps } from '../../runtime.js';

/** The createOrder contract (cart checkout): the user comes from the caller, who authenticated them. */
export const handler = contractHandler(CreateOrder, async ({ userId, items, idempotencyKey }) => {
  const order = await createOrder(await ordersDeps(), { id: userId }, { items, idempotencyKey });
  return { orderId: order.id, status: order.status };
});
