import { z } from 'zod';
import { lazyConfig, parseEnv } from '#platform/config';

export const productServiceConfig = lazyConfig(() =>
  parseEnv(
    z.object({
      /** The token callers must send in X-Product-Service-Token. Locally generated (local/secrets.ts). */
      PRODUCT_SERVICE_TOKEN: z.string().min(16, 'must be at least 16 characters'),
      /** Requests per second and token, counted across all instances (DynamoDB); above it: 429. */
      PRODUCT_SERVICE_RPS_LIMIT: z.coerce.number().int().min(1).max(10_000).default(10),
    }),
  ),
);
