import { getDb } from '#platform/db/index';
import { sqsHandler } from '#platform/messaging/consumer';
import { currentCorrelationId } from '#platform/observability';
import { notificationsQueue } from '../../contract.js';
import { storeNotification } from '../../store-notification.js';

export const handler = sqsHandler({
  queue: notificationsQueue,
  handle: async (message) => {
    await storeNotification({ db: await getDb() }, message, currentCorrelationId());
  },
});
