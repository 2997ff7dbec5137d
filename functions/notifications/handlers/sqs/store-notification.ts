import { batchPerTurn } from '#platform/messaging/batching';
import { sqsHandler } from '#platform/messaging/consumer';
import { currentCorrelationId } from '#platform/observability';
import { currentTraceparent } from '#platform/telemetry/trace';
import { notificationsQueue } from '../../contract.js';
import { storeDeps } from '../../runtime.js';
import { type StoreRequest, storeNotifications } from '../../store-notification.js';

// The consumer starts every record of a batch at once; they meet here and are stored in one transaction.
const store = batchPerTurn(async (requests: StoreRequest[]) =>
  storeNotifications(await storeDeps(), requests),
);

export const handler = sqsHandler({
  queue: notificationsQueue,
  handle: async (message) => {
    await store({ message, correlationId: currentCorrelationId(), traceparent: currentTraceparent() });
  },
});
