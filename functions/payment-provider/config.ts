import { z } from 'zod';
import { lazyConfig, parseEnv } from '#platform/config';

export const providerConfig = lazyConfig(() =>
  parseEnv(
    z.object({
      /** The provider's signing secret (shared with the merchant). Locally generated; on AWS from SSM. */
      PAYMENT_WEBHOOK_SECRET: z.string().min(16).optional(),
      PAYMENT_WEBHOOK_SECRET_PARAMETER: z.string().optional(),
      WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(30).default(8),
      WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).default(5000),
    }),
  ),
);
