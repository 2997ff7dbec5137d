import type { Kysely } from 'kysely';
import type { DB } from '#platform/db/schema';
import { log, MetricUnit, metrics } from '#platform/observability';
import { findDelivery, recordAttempt } from './adapters/payments.repository.js';
import type { WebhookDeliveryMessage } from './contract.js';
import { WebhookDeliveryFailedError } from './domain/errors.js';
import { backoffSeconds, signatureHeader } from './domain/signature.js';

export interface DeliverDeps {
  db: Kysely<DB>;
  now: () => Date;
  secret: string;
  maxAttempts: number;
  timeoutMs: number;
  /** Queues the next attempt after a delay (SQS DelaySeconds). */
  scheduleRetry: (message: WebhookDeliveryMessage, delaySeconds: number) => Promise<void>;
  fetch?: typeof fetch;
}

/**
 * Sends one webhook attempt, signed at send time. Any non-2xx answer or network error schedules the
 * next attempt with exponential backoff; after the last attempt the message fails (→ SQS redelivers it,
 * then the DLQ). Attempts are counted on the delivery row, so there are exactly `maxAttempts` of them:
 * SQS's redeliveries of the failed last message send nothing and fail again on their way to the DLQ.
 * Delivered events are not sent again, so a redelivered queue message is harmless.
 */
export async function deliverWebhook(
  deps: DeliverDeps,
  message: WebhookDeliveryMessage,
): Promise<'delivered' | 'retry_scheduled' | 'already_delivered'> {
  const delivery = await findDelivery(deps.db, message.deliveryId);
  if (!delivery) throw new WebhookDeliveryFailedError(`unknown delivery ${message.deliveryId}`);
  if (delivery.delivered_at) return 'already_delivered';
  if (delivery.attempts >= deps.maxAttempts) {
    throw new WebhookDeliveryFailedError(
      `webhook ${delivery.id} not accepted after ${delivery.attempts} attempts; no more are made`,
    );
  }
  const at = deps.now();
  let status: number | undefined;
  let error: string | undefined;
  try {
    const response = await (deps.fetch ?? fetch)(delivery.callback_url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'syncore-signature': signatureHeader(deps.secret, delivery.body, at),
      },
      body: delivery.body,
      signal: AbortSignal.timeout(deps.timeoutMs),
    });
    status = response.status;
    await response.text().catch(() => undefined);
  } catch (cause) {
    error = (cause as Error).message;
  }
  const delivered = status !== undefined && status >= 200 && status < 300;
  await recordAttempt(deps.db, delivery.id, { status, error, delivered, at });
  metrics.addMetric(delivered ? 'WebhookDelivered' : 'WebhookAttemptFailed', MetricUnit.Count, 1);
  if (delivered) return 'delivered';
  log().warn('webhook attempt failed', { deliveryId: delivery.id, attempt: message.attempt, status, error });
  if (delivery.attempts + 1 >= deps.maxAttempts) {
    throw new WebhookDeliveryFailedError(
      `webhook ${delivery.id} not accepted after ${delivery.attempts + 1} attempts`,
    );
  }
  const next = message.attempt + 1;
  await deps.scheduleRetry({ deliveryId: delivery.id, attempt: next }, backoffSeconds(next));
  return 'retry_scheduled';
}
