import { z } from 'zod';
import { lazyConfig, parseEnv } from '#platform/config';

export const providerConfig = lazyConfig(() =>
  parseEnv(
    z.object({
      /**
       * The provider's own webhook signing secret (a real provider shows it in its dashboard and the
       * merchant copies it into PAYMENT_WEBHOOK_SECRET). Locally the same generated value; on AWS from SSM.
       */
      PAYMENT_PROVIDER_WEBHOOK_SECRET: z.string().min(16).optional(),
      PAYMENT_PROVIDER_WEBHOOK_SECRET_PARAMETER: z.string().optional(),
      /** The merchant's secret API key: every call to the simulator sends it as `Authorization: Bearer`. */
      PAYMENT_PROVIDER_API_KEY: z.string().min(16).optional(),
      PAYMENT_PROVIDER_API_KEY_PARAMETER: z.string().optional(),
      WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(30).default(8),
      WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).default(5000),
    }),
  ),
);
