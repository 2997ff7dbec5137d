import { z } from 'zod';
import { ConfigError, lazyConfig, parseEnv } from '#platform/config';

export const bookingConfig = lazyConfig(() =>
  parseEnv(
    z.object({
      HOLD_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
      MAX_PENDING_BOOKINGS: z.coerce.number().int().min(1).default(5),
      /** Holds awaiting payment per client network (IPv4 address or IPv6 /64), across accounts. */
      MAX_PENDING_BOOKINGS_PER_NETWORK: z.coerce.number().int().min(1).default(20),
      /** Holds awaiting payment per hotel, across clients. */
      MAX_PENDING_BOOKINGS_PER_HOTEL: z.coerce.number().int().min(1).default(200),
      MAX_STAY_NIGHTS: z.coerce.number().int().min(1).max(365).default(30),
      PAYMENT_PROVIDER_TIMEOUT_MS: z.coerce.number().int().min(100).default(3000),
      /** Locally generated into the environment; on AWS read from SSM (PAYMENT_WEBHOOK_SECRET_PARAMETER). */
      PAYMENT_WEBHOOK_SECRET: z.string().min(16).optional(),
      PAYMENT_WEBHOOK_SECRET_PARAMETER: z.string().optional(),
      WEBHOOK_TOLERANCE_SECONDS: z.coerce.number().int().min(1).default(300),
      /** The merchant's secret API key for the payment provider; on AWS from SSM (…_PARAMETER). */
      PAYMENT_PROVIDER_API_KEY: z.string().min(16).optional(),
      PAYMENT_PROVIDER_API_KEY_PARAMETER: z.string().optional(),
    }),
  ),
);

const PaymentProviderEnv = z.object({
  /** The provider's API. Required where no simulator is deployed (prod). */
  PAYMENT_PROVIDER_URL: z.url().optional(),
  /** `true` on stages that deploy the simulator (serverless.yml `params.<stage>.paymentSimulator`). */
  PAYMENT_SIMULATOR: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true'),
});

/**
 * Where payments are requested. Without PAYMENT_PROVIDER_URL the simulator under this API is used, but
 * only on a stage that deploys it: elsewhere every provider call would 404 and each hold would silently
 * expire, so the function refuses to start instead.
 */
export function parsePaymentProviderConfig(env: NodeJS.ProcessEnv = process.env) {
  const config = parseEnv(PaymentProviderEnv, env);
  if (!config.PAYMENT_PROVIDER_URL && !config.PAYMENT_SIMULATOR) {
    throw new ConfigError(
      'invalid configuration: PAYMENT_PROVIDER_URL: required on a stage without the payment simulator (PAYMENT_SIMULATOR is not true)',
    );
  }
  return config;
}

export const paymentProviderConfig = lazyConfig(() => parsePaymentProviderConfig());

/** The provider's API: PAYMENT_PROVIDER_URL, or the simulator served by this same API. */
export const paymentProviderUrl = (apiBaseUrl: string) =>
  (
    paymentProviderConfig().PAYMENT_PROVIDER_URL ?? `${apiBaseUrl.replace(/\/$/, '')}/payment-provider`
  ).replace(/\/$/, '');
