import { z } from 'zod';
import { lazyConfig, parseEnv } from '../../layers/platform/config.js';

export const bookingConfig = lazyConfig(() =>
  parseEnv(
    z.object({
      HOLD_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
      MAX_PENDING_BOOKINGS: z.coerce.number().int().min(1).default(5),
      MAX_STAY_NIGHTS: z.coerce.number().int().min(1).max(365).default(30),
      /** Defaults to the simulator under this API's own base URL. */
      PAYMENT_PROVIDER_URL: z.url().optional(),
      PAYMENT_PROVIDER_TIMEOUT_MS: z.coerce.number().int().min(100).default(3000),
      /** Locally generated into the environment; on AWS read from SSM (PAYMENT_WEBHOOK_SECRET_PARAMETER). */
      PAYMENT_WEBHOOK_SECRET: z.string().min(16).optional(),
      PAYMENT_WEBHOOK_SECRET_PARAMETER: z.string().optional(),
      WEBHOOK_TOLERANCE_SECONDS: z.coerce.number().int().min(1).default(300),
    }),
  ),
);

/** The provider's API: PAYMENT_PROVIDER_URL, or the simulator served by this same API. */
export const paymentProviderUrl = (apiBaseUrl: string) =>
  (bookingConfig().PAYMENT_PROVIDER_URL ?? `${apiBaseUrl.replace(/\/$/, '')}/payment-provider`).replace(
    /\/$/,
    '',
  );
