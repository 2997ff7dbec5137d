import { z } from 'zod';
import { ConfigError, lazyConfig, parseEnv } from '#platform/config';

const CartEnv = z.object({
  /** The product service's API. Required where no simulator is deployed (prod). */
  PRODUCT_SERVICE_URL: z.url().optional(),
  /** `true` on stages that deploy the simulator (serverless.yml `params.<stage>.productServiceSimulator`). */
  PRODUCT_SERVICE_SIMULATOR: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true'),
  /** Locally generated into the environment; on AWS read from SSM (PRODUCT_SERVICE_TOKEN_PARAMETER). */
  PRODUCT_SERVICE_TOKEN: z.string().min(16).optional(),
  PRODUCT_SERVICE_TOKEN_PARAMETER: z.string().optional(),
  /** The product service's limit per token; the shared limiter keeps every cart function under it together. */
  PRODUCT_SERVICE_RPS: z.coerce.number().int().min(1).max(1_000).default(10),
  /** Added to 1000/RPS between send slots, so latency differences cannot push 11 into one second there. */
  PRODUCT_SERVICE_SLOT_MARGIN_MS: z.coerce.number().int().min(0).max(1_000).default(10),
  PRODUCT_SERVICE_TIMEOUT_MS: z.coerce.number().int().min(50).default(2_000),
  PRODUCT_SERVICE_RETRIES: z.coerce.number().int().min(0).max(5).default(2),
  PRODUCT_CACHE_TTL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  /** Product lookups in flight at once for GET /cart. */
  CART_LOOKUP_CONCURRENCY: z.coerce.number().int().min(1).max(20).default(4),
  CART_MAX_ITEMS: z.coerce.number().int().min(1).max(100).default(100),
});

/**
 * Without PRODUCT_SERVICE_URL the simulator under this API is used, but only on a stage that deploys
 * it; elsewhere every lookup would 404 and the function refuses to start instead.
 */
export function parseCartConfig(env: NodeJS.ProcessEnv = process.env) {
  const config = parseEnv(CartEnv, env);
  if (!config.PRODUCT_SERVICE_URL && !config.PRODUCT_SERVICE_SIMULATOR) {
    throw new ConfigError(
      'invalid configuration: PRODUCT_SERVICE_URL: required on a stage without the product service simulator (PRODUCT_SERVICE_SIMULATOR is not true)',
    );
  }
  return config;
}

export const cartConfig = lazyConfig(() => parseCartConfig());

/** The product service's API: PRODUCT_SERVICE_URL, or the simulator served by this same API. */
export const productServiceUrl = (apiBaseUrl: string) =>
  (cartConfig().PRODUCT_SERVICE_URL ?? `${apiBaseUrl.replace(/\/$/, '')}/product-service`).replace(/\/$/, '');
