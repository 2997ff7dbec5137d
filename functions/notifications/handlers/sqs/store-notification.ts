import { getDb } from '../../../../layers/platform/db/index.js';
import { sqsHandler } from '../../../../layers/platform/messaging/consumer.js';
import { currentCorrelationId } from '../../../../layers/platform/observability.js';
import { notificationsQueue } from '../../contract.js';
import { storeNotification } from '../../store-notification.js';

export const handler = sqsHandler({
  queue: notificationsQueue,
  handle: async (message) => {
    await storeNotification({ db: await getDb() }, message, currentCorrelationId());
  },
});
