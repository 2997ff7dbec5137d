import { getDb } from '../../layers/platform/db/index.js';
import { httpPaymentProvider, type PaymentProvider } from './adapters/payment-provider.client.js';
import { paymentWebhookSecret } from './adapters/webhook-secret.js';
import { bookingConfig, paymentProviderUrl, publicBaseUrl } from './config.js';
import type { CreateBookingDeps } from './create-booking.js';
import type { WebhookDeps } from './handle-payment-webhook.js';

// Wires the use cases to the real adapters, once per container; tests pass their own dependencies.

let provider: PaymentProvider | undefined;

export async function createBookingDeps(): Promise<CreateBookingDeps> {
  const config = bookingConfig();
  provider ??= httpPaymentProvider({
    baseUrl: paymentProviderUrl(),
    timeoutMs: config.PAYMENT_PROVIDER_TIMEOUT_MS,
  });
  return {
    db: await getDb(),
    now: () => new Date(),
    paymentProvider: provider,
    holdMinutes: config.HOLD_MINUTES,
    maxPendingBookings: config.MAX_PENDING_BOOKINGS,
    maxNights: config.MAX_STAY_NIGHTS,
    callbackUrl: `${publicBaseUrl()}/webhooks/payments`,
  };
}

export async function webhookDeps(): Promise<WebhookDeps> {
  return {
    db: await getDb(),
    now: () => new Date(),
    secret: await paymentWebhookSecret(),
    toleranceSeconds: bookingConfig().WEBHOOK_TOLERANCE_SECONDS,
  };
}

export async function queryDeps() {
  return { db: await getDb(), now: () => new Date(), maxNights: bookingConfig().MAX_STAY_NIGHTS };
}
