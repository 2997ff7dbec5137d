import { ProductServiceUnavailableError } from '../domain/errors.js';
import { memoryProductCache } from './product-cache.js';
import { productServiceClient } from './product-service.client.js';
import { memorySlotStore, slotRateLimiter } from './rate-limiter.js';

const product = { sku: 1_000_001, name: 'Amber Oak Mug', price: { amount: 1299, currency: 'EUR' } };

/** A fake product service answering with the scripted statuses in turn (a number, or 'hang'). */
function scripted(script: Array<number | 'hang'>) {
  const calls: string[] = [];
  const fake = (async (url: string, init: RequestInit) => {
    calls.push(url);
    const step = script[Math.min(calls.length - 1, script.length - 1)]!;
    if (step === 'hang') {
      return new Promise((_, reject) => {
        init.signal?.addEventListener('abort', () => reject(init.signal?.reason));
      });
    }
    return new Response(step === 200 ? JSON.stringify(product) : '{}', {
      status: step,
      headers: { 'content-type': 'application/json' },
    });
  }) as unknown as typeof fetch;
  return { fetch: fake, calls };
}

const client = (fake: typeof fetch, overrides: Partial<Parameters<typeof productServiceClient>[0]> = {}) =>
  productServiceClient({
    baseUrl: 'http://product-service.test',
    token: 'token-token-token',
    timeoutMs: 50,
    retries: 2,
    limiter: slotRateLimiter(memorySlotStore(), { intervalMs: 0 }),
    fetch: fake,
    backoff: { initialDelay: 1, maxDelay: 5 },
    ...overrides,
  });

const soon = () => Date.now() + 5_000;

describe('product service client', () => {
  it('retries a 429 and a 503 and returns the product', async () => {
    const fake = scripted([429, 503, 200]);
    await expect(client(fake.fetch).getProduct(1_000_001, soon())).resolves.toEqual(product);
    expect(fake.calls).toHaveLength(3);
  });

  it('gives up after the bounded number of attempts with a clean 503', async () => {
    const fake = scripted([500]);
    const error = await client(fake.fetch)
      .getProduct(1_000_001, soon())
      .catch((e) => e);
    expect(error).toBeInstanceOf(ProductServiceUnavailableError);
    expect(error.status).toBe(503);
    expect(fake.calls).toHaveLength(3);
  });

  it('times out a hanging service per attempt, retries, then fails cleanly', async () => {
    const fake = scripted(['hang']);
    const started = Date.now();
    const error = await client(fake.fetch)
      .getProduct(1_000_001, soon())
      .catch((e) => e);
    expect(error).toBeInstanceOf(ProductServiceUnavailableError);
    expect(fake.calls).toHaveLength(3);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('answers null for an unknown SKU without retrying', async () => {
    const fake = scripted([404]);
    await expect(client(fake.fetch).getProduct(9, soon())).resolves.toBeNull();
    expect(fake.calls).toHaveLength(1);
  });

  it('does not retry a 401 (a configuration problem)', async () => {
    const fake = scripted([401, 200]);
    await expect(client(fake.fetch).getProduct(1_000_001, soon())).rejects.toBeInstanceOf(
      ProductServiceUnavailableError,
    );
    expect(fake.calls).toHaveLength(1);
  });

  it('serves a cached product without calling the service', async () => {
    const fake = scripted([200]);
    const cache = memoryProductCache();
    const cached = client(fake.fetch, { cache });
    await cached.getProduct(1_000_001, soon());
    await cached.getProduct(1_000_001, soon());
    expect(fake.calls).toHaveLength(1);
    expect(cache.size()).toBe(1);
  });

  it('fails at once when no slot is free before the deadline', async () => {
    const fake = scripted([200]);
    const limiter = slotRateLimiter(memorySlotStore(), { intervalMs: 10_000 });
    const slow = client(fake.fetch, { limiter });
    await slow.getProduct(1_000_001, soon());
    await expect(slow.getProduct(1_000_002, Date.now() + 1_000)).rejects.toThrow(/no request slot/);
    expect(fake.calls).toHaveLength(1);
  });

  it('stops calling a service that keeps failing (circuit breaker) and fails fast', async () => {
    const fake = scripted([503]);
    const breaking = client(fake.fetch, { retries: 0 });
    for (let i = 0; i < 5; i += 1) await breaking.getProduct(1_000_001, soon()).catch(() => undefined);
    expect(fake.calls).toHaveLength(5);
    await expect(breaking.getProduct(1_000_001, soon())).rejects.toThrow(/circuit open/);
    expect(fake.calls).toHaveLength(5);
  });
});
