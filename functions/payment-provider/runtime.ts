import { getDb } from '#platform/db/index';
import { publish } from '#platform/messaging/queues';
import { apiKey, signingSecret } from './adapters/signing-secret.js';
import { providerConfig } from './config.js';
import { paymentWebhooksQueue } from './contract.js';
import type { PaymentDeps } from './create-payment.js';
import type { DeliverDeps } from './deliver-webhook.js';

// The composition root: wires the simulator's use cases to the real adapters and configuration, once
// per container. Handlers take their dependencies from here; tests pass their own (a fake fetch, ...).

export async function paymentDeps(): Promise<PaymentDeps> {
  return { db: await getDb(), now: () => new Date() };
}

/** The merchant API key every simulator endpoint requires (see domain/api-key.ts). */
export const merchantApiKey = () => apiKey();

export async function deliverWebhookDeps(): Promise<DeliverDeps> {
  const config = providerConfig();
  return {
    db: await getDb(),
    now: () => new Date(),
    secret: await signingSecret(),
    maxAttempts: config.WEBHOOK_MAX_ATTEMPTS,
    timeoutMs: config.WEBHOOK_TIMEOUT_MS,
    scheduleRetry: (next, delaySeconds) => publish(paymentWebhooksQueue, [{ message: next, delaySeconds }]),
  };
}
