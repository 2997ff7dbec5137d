import { sqsHandler } from '#platform/messaging/consumer';
import { currentCorrelationId } from '#platform/observability';
import { notificationsQueue } from '../../contract.js';
import { storeDeps } from '../../runtime.js';
import { storeNotification } from '../../store-notification.js';

export const handler = sqsHandler({
  queue: notificationsQueue,
  handle: async (message) => {
    await storeNotification(await storeDeps(), message, currentCorrelationId());
  },
});
