import { sqsHandler } from '#platform/messaging/consumer';
import { deliverNotification } from '../../deliver-notification.js';
import { deliveryDeps } from '../../runtime.js';
import { deliveriesQueue } from '../../schemas.js';

export const handler = sqsHandler({
  queue: deliveriesQueue,
  handle: async (job) => deliverNotification(await deliveryDeps(), job),
});
