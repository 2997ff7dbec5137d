import { sqsHandler } from '#platform/messaging/consumer';
import { paymentWebhooksQueue } from '../../contract.js';
import { deliverWebhook } from '../../deliver-webhook.js';
import { deliverWebhookDeps } from '../../runtime.js';

export const handler = sqsHandler({
  queue: paymentWebhooksQueue,
  handle: async (message) => {
    await deliverWebhook(await deliverWebhookDeps(), message);
  },
});
