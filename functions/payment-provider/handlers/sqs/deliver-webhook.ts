import { getDb } from '#platform/db/index';
import { sqsHandler } from '#platform/messaging/consumer';
import { publish } from '#platform/messaging/queues';
import { signingSecret } from '../../adapters/signing-secret.js';
import { providerConfig } from '../../config.js';
import { paymentWebhooksQueue } from '../../contract.js';
import { deliverWebhook } from '../../deliver-webhook.js';

export const handler = sqsHandler({
  queue: paymentWebhooksQueue,
  handle: async (message) => {
    const config = providerConfig();
    await deliverWebhook(
      {
        db: await getDb(),
        now: () => new Date(),
        secret: await signingSecret(),
        maxAttempts: config.WEBHOOK_MAX_ATTEMPTS,
        timeoutMs: config.WEBHOOK_TIMEOUT_MS,
        scheduleRetry: (next, delaySeconds) =>
          publish(paymentWebhooksQueue, [{ message: next, delaySeconds }]),
      },
      message,
    );
  },
});
