import type { Context } from 'aws-lambda';
import { ConfigError, platformConfig } from '#platform/config';
import { invoker, lambdaTransport } from '#platform/contracts/invoke';
import { getDb } from '#platform/db/index';
import { httpPaymentProvider, type PaymentProvider } from './adapters/payment-provider.client.js';
import { type ContractCaller, callerThrough } from './adapters/users.client.js';
import { paymentProviderApiKey, paymentWebhookSecret } from './adapters/webhook-secret.js';
import { bookingConfig, paymentProviderUrl } from './config.js';
import type { CreateBookingDeps } from './create-booking.js';
import type { BookingDbDeps, StayQueryDeps } from './deps.js';
import type { WebhookDeps } from './handle-payment-webhook.js';

// The composition root: wires the use cases to the real adapters, once per container. Handlers take
// their dependencies from here and never build clients themselves; tests pass their own.

const providers = new Map<string, PaymentProvider>();

/**
 * `apiBaseUrl` is where this API is reachable (PUBLIC_BASE_URL, else the requested host): the provider
 * calls back to it, and the simulator lives under it unless PAYMENT_PROVIDER_URL points elsewhere.
 */
export async function createBookingDeps(
  apiBaseUrl: string,
  lambdaContext?: Context,
): Promise<CreateBookingDeps> {
  const config = bookingConfig();
  const providerUrl = paymentProviderUrl(apiBaseUrl);
  let provider = providers.get(providerUrl);
  if (!provider) {
    provider = httpPaymentProvider({
      baseUrl: providerUrl,
      apiKey: await paymentProviderApiKey(),
      timeoutMs: config.PAYMENT_PROVIDER_TIMEOUT_MS,
    });
    providers.set(providerUrl, provider);
  }
  return {
    db: await getDb(),
    now: () => new Date(),
    paymentProvider: provider,
    holdMinutes: config.HOLD_MINUTES,
    maxPendingBookings: config.MAX_PENDING_BOOKINGS,
    maxPendingPerNetwork: config.MAX_PENDING_BOOKINGS_PER_NETWORK,
    maxPendingPerHotel: config.MAX_PENDING_BOOKINGS_PER_HOTEL,
    maxNights: config.MAX_STAY_NIGHTS,
    callbackUrl: `${apiBaseUrl.replace(/\/$/, '')}/webhooks/payments`,
    lambdaContext,
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

/** Catalogue commands and booking lists: the database only. */
export async function bookingDbDeps(): Promise<BookingDbDeps> {
  return { db: await getDb() };
}

/** Queries and commands that judge a stay or a deadline against the clock. */
export async function stayQueryDeps(): Promise<Required<StayQueryDeps>> {
  return { db: await getDb(), now: () => new Date(), maxNights: bookingConfig().MAX_STAY_NIGHTS };
}

/**
 * A hold through the contract (the Telegram bot's): no request to take the host from, so the
 * provider's callback needs the API's public address.
 */
export async function contractHoldDeps(lambdaContext: Context): Promise<CreateBookingDeps> {
  const baseUrl = platformConfig().PUBLIC_BASE_URL;
  if (!baseUrl)
    throw new ConfigError(
      'PUBLIC_BASE_URL is required for createHoldContract: the payment provider calls back to <PUBLIC_BASE_URL>/webhooks/payments',
    );
  return createBookingDeps(baseUrl, lambdaContext);
}

/** Who a contract call (the Telegram bot's) acts for: the named user with their role from identity. */
export const contractCaller: ContractCaller = callerThrough(invoker(lambdaTransport));

/** The expireHolds cron: batches of 100, no new batch after 20 s (inside the 60 s timeout). */
export const expireHoldsOptions = { batchSize: 100, budgetMs: 20_000 };
