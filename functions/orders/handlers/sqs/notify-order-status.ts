import { sqsHandler } from '#platform/messaging/consumer';
import { orderStatusQueue } from '../../events.js';
import { notifyOrderStatus } from '../../notify-order-status.js';
import { ordersDeps } from '../../runtime.js';

/** FIFO consumer: a failed event fails the rest of its order's events in the batch (they come back in order). */
export const handler = sqsHandler({
  queue: orderStatusQueue,
  fifo: true,
  handle: async (event) => {
    await notifyOrderStatus(await ordersDeps(), event);
  },
});
