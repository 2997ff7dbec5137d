import { createHash } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { resolveSecret } from '#platform/aws/secrets';
import { invoker, lambdaTransport } from '#platform/contracts/invoke';
import { getDb } from '#platform/db/index';
import { dynamoProductCache } from './adapters/product-cache.js';
import { type ProductCatalog, productServiceClient } from './adapters/product-service.client.js';
import { dynamoSlotStore, slotRateLimiter } from './adapters/rate-limiter.js';
import { cartConfig, productServiceUrl } from './config.js';
import type { CartDeps } from './deps.js';

// Wires the use cases to the real adapters, once per container; tests pass their own dependencies.

/** Time kept back from the invocation for answering after the last call to another system. */
const RESERVE_MS = 500;

const catalogs = new Map<string, ProductCatalog>();

/** The shared limiter record of a token: one per token, whatever function or container uses it. */
export const limiterKey = (token: string) =>
  `product-service-client:${createHash('sha256').update(token).digest('hex').slice(0, 16)}`;

/** The token for the product service: from the environment locally, from SSM (SecureString) on AWS. */
const productServiceToken = () => {
  const { PRODUCT_SERVICE_TOKEN, PRODUCT_SERVICE_TOKEN_PARAMETER } = cartConfig();
  return resolveSecret(
    'PRODUCT_SERVICE_TOKEN',
    { value: PRODUCT_SERVICE_TOKEN, parameter: PRODUCT_SERVICE_TOKEN_PARAMETER },
    16,
  );
};

/**
 * The product service client every cart function shares: its rate limiter is one record in DynamoDB
 * per token, so all cart functions in all containers together stay under the service's limit.
 */
export function productCatalog(baseUrl: string, token: string): ProductCatalog {
  const config = cartConfig();
  const key = `${baseUrl}|${limiterKey(token)}`;
  let catalog = catalogs.get(key);
  if (!catalog) {
    catalog = productServiceClient({
      baseUrl,
      token,
      timeoutMs: config.PRODUCT_SERVICE_TIMEOUT_MS,
      retries: config.PRODUCT_SERVICE_RETRIES,
      limiter: slotRateLimiter(dynamoSlotStore(limiterKey(token)), {
        intervalMs: Math.ceil(1000 / config.PRODUCT_SERVICE_RPS) + config.PRODUCT_SERVICE_SLOT_MARGIN_MS,
      }),
      cache: dynamoProductCache({ ttlSeconds: config.PRODUCT_CACHE_TTL_SECONDS }),
    });
    catalogs.set(key, catalog);
  }
  return catalog;
}

export async function cartDeps(apiBaseUrl: string, lambdaContext: Context): Promise<CartDeps> {
  const config = cartConfig();
  const now = () => Date.now();
  return {
    db: await getDb(),
    products: productCatalog(productServiceUrl(apiBaseUrl), await productServiceToken()),
    orders: invoker(lambdaTransport),
    deadline: now() + lambdaContext.getRemainingTimeInMillis() - RESERVE_MS,
    now,
    lookupConcurrency: config.CART_LOOKUP_CONCURRENCY,
    maxItems: config.CART_MAX_ITEMS,
  };
}

/** Checkout: the cart's tables and the orders contract (no product lookups). */
export async function checkoutDeps(): Promise<Pick<CartDeps, 'db' | 'orders'>> {
  return { db: await getDb(), orders: invoker(lambdaTransport) };
}

/** For operations that touch only the cart's own tables. */
export async function storeDeps() {
  return { db: await getDb() };
}
