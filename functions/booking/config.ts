import { z } from 'zod';
import { ConfigError, lazyConfig, parseEnv } from '../../layers/platform/config.js';

export const bookingConfig = lazyConfig(() =>
  parseEnv(
    z.object({
      HOLD_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
      MAX_PENDING_BOOKINGS: z.coerce.number().int().min(1).default(5),
      MAX_STAY_NIGHTS: z.coerce.number().int().min(1).default(30),
      /** Where this API is reachable from the provider: the webhook callbackUrl is derived from it. */
      PUBLIC_BASE_URL: z.url().optional(),
      /** Defaults to the simulator under PUBLIC_BASE_URL. */
      PAYMENT_PROVIDER_URL: z.url().optional(),
      PAYMENT_PROVIDER_TIMEOUT_MS: z.coerce.number().int().min(100).default(3000),
      /** Locally generated into the environment; on AWS read from SSM (PAYMENT_WEBHOOK_SECRET_PARAMETER). */
      PAYMENT_WEBHOOK_SECRET: z.string().min(16).optional(),
      PAYMENT_WEBHOOK_SECRET_PARAMETER: z.string().optional(),
      WEBHOOK_TOLERANCE_SECONDS: z.coerce.number().int().min(1).default(300),
    }),
  ),
);

/** PUBLIC_BASE_URL without a trailing slash; a booking cannot be paid without it, so its absence fails loudly. */
export const publicBaseUrl = () => {
  const url = bookingConfig().PUBLIC_BASE_URL;
  if (!url)
    throw new ConfigError(
      'invalid configuration: PUBLIC_BASE_URL is required (the payment webhook callbackUrl derives from it)',
    );
  return url.replace(/\/$/, '');
};

export const paymentProviderUrl = () =>
  (bookingConfig().PAYMENT_PROVIDER_URL ?? `${publicBaseUrl()}/payment-provider`).replace(/\/$/, '');
