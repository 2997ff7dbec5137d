import {
  BrokenCircuitError,
  ConsecutiveBreaker,
  circuitBreaker,
  ExponentialBackoff,
  handleWhen,
  retry,
  wrap,
} from 'cockatiel';
import { log } from '#platform/observability';
import { ProductServiceUnavailableError } from '../domain/errors.js';
import { Product } from '../domain/product.js';
import type { ProductCache } from './product-cache.js';
import { NoSlotBeforeDeadlineError, type RateLimiter } from './rate-limiter.js';

/** The port the cart use cases see. */
export interface ProductCatalog {
  /** The product, or null if the service does not know the SKU. `deadline` (epoch ms) bounds the whole call. */
  getProduct(sku: number, deadline: number): Promise<Product | null>;
}

/** One failed attempt; `retryable` for 429, 5xx, timeouts and network errors. */
export class ProductServiceCallError extends Error {
  override name = 'ProductServiceCallError';
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

export interface ProductServiceClientOptions {
  baseUrl: string;
  token: string;
  /** Per attempt (never beyond the deadline). */
  timeoutMs: number;
  /** Retries after the first attempt (bounded; each one takes its own limiter slot). */
  retries: number;
  limiter: RateLimiter;
  cache?: ProductCache;
  fetch?: typeof fetch;
  now?: () => number;
  backoff?: { initialDelay: number; maxDelay: number };
}

/** No attempt starts with less time than this before the deadline. */
const MIN_ATTEMPT_MS = 50;

/**
 * The client of the external product service, as a stack of middlewares around one HTTP GET:
 * cache (DynamoDB, short TTL) → circuit breaker + bounded retries with jittered exponential backoff
 * on 429/5xx/timeouts (cockatiel) → the shared rate limiter (waits for a send slot, bounded by the
 * deadline) → fetch with a per-attempt timeout. Every failure ends as ProductServiceUnavailableError.
 */
export function productServiceClient(options: ProductServiceClientOptions): ProductCatalog {
  const now = options.now ?? Date.now;
  const doFetch = options.fetch ?? fetch;
  const baseUrl = options.baseUrl.replace(/\/$/, '');
  const retryable = handleWhen((error) => error instanceof ProductServiceCallError && error.retryable);
  const policy = wrap(
    retry(retryable, {
      maxAttempts: options.retries,
      // Default generator: decorrelated jitter, so concurrent callers do not retry in lockstep.
      backoff: new ExponentialBackoff(options.backoff ?? { initialDelay: 100, maxDelay: 1_000 }),
    }),
    circuitBreaker(retryable, { halfOpenAfter: 5_000, breaker: new ConsecutiveBreaker(5) }),
  );

  const attempt = async (sku: number, deadline: number): Promise<Product | null> => {
    if (deadline - now() < MIN_ATTEMPT_MS)
      throw new ProductServiceCallError('no time left for an attempt', false);
    await options.limiter.acquire(deadline - MIN_ATTEMPT_MS);
    const timeoutMs = Math.max(1, Math.min(options.timeoutMs, deadline - now()));
    let response: Response;
    let body: unknown;
    try {
      response = await doFetch(`${baseUrl}/products/${sku}`, {
        headers: { 'x-product-service-token': options.token, accept: 'application/json' },
        signal: AbortSignal.timeout(timeoutMs),
      });
      body = response.ok ? await response.json() : undefined;
      if (!response.ok) await response.body?.cancel();
    } catch (error) {
      throw new ProductServiceCallError(`request failed (${(error as Error).name})`, true);
    }
    if (response.status === 404) return null;
    if (response.status === 429 || response.status >= 500) {
      throw new ProductServiceCallError(`answered ${response.status}`, true);
    }
    if (!response.ok) throw new ProductServiceCallError(`answered ${response.status}`, false);
    const product = Product.safeParse(body);
    if (!product.success) throw new ProductServiceCallError('answered an unexpected body', false);
    return product.data;
  };

  const fetchProduct = async (sku: number, deadline: number) => {
    try {
      return await policy.execute(() => attempt(sku, deadline));
    } catch (error) {
      if (error instanceof NoSlotBeforeDeadlineError) {
        throw new ProductServiceUnavailableError('no request slot before the deadline', error);
      }
      if (error instanceof BrokenCircuitError)
        throw new ProductServiceUnavailableError('circuit open', error);
      if (error instanceof ProductServiceCallError) {
        log().warn('product service call failed', { sku, reason: error.message });
        throw new ProductServiceUnavailableError(error.message, error);
      }
      throw error;
    }
  };

  return {
    async getProduct(sku, deadline) {
      const cached = await options.cache?.get(sku).catch((error) => {
        log().warn('product cache read failed', { error: error as Error });
        return undefined;
      });
      if (cached) return cached;
      const product = await fetchProduct(sku, deadline);
      if (product) {
        await options.cache?.put(product).catch((error) => {
          log().warn('product cache write failed', { error: error as Error });
        });
      }
      return product;
    },
  };
}
