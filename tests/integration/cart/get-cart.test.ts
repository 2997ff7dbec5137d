/**
 * GET /cart: names and prices from the simulator through the bounded pool and the cached, rate-limited
 * client; order kept; per-item errors instead of a failed list; bounded by the deadline, never a hang.
 */
import { randomUUID } from 'node:crypto';
import { addToCart } from '../../../functions/cart/adapters/cart.repository.js';
import { getCart } from '../../../functions/cart/get-cart.js';
import { catalogueProduct } from '../../../functions/product-service/domain/catalogue.js';
import {
  cartDepsFor,
  FIRST_SKU,
  LAST_SKU,
  nowSecond,
  ordersDouble,
  productServiceBridge,
  seedCatalogue,
  useOwnProductServiceToken,
} from '../../support/cart.js';
import { createTestUser } from '../../support/users.js';

useOwnProductServiceToken();
const orders = ordersDouble();
let bridge: Awaited<ReturnType<typeof productServiceBridge>>;

beforeAll(async () => {
  await seedCatalogue();
  bridge = await productServiceBridge();
});

afterEach(async () => {
  await bridge.setFaults({});
});

afterAll(async () => {
  await bridge.close();
});

/** A user whose cart holds these SKUs (count 2 each), in this order. */
async function userWithCart(skus: number[]) {
  const user = await createTestUser();
  const deps = await cartDepsFor(bridge, orders);
  for (const sku of skus) {
    await addToCart(deps.db, user.id, { sku, count: 2, limit: 10_000, maxLines: 100 });
  }
  return user;
}

const requestsSince = async (from: number) =>
  (await bridge.counts(from)).reduce((sum, second) => sum + second.requests, 0);

/** Runs `fn` and returns how many requests the simulator received meanwhile (counted there). */
async function simulatorRequestsDuring<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const from = nowSecond() - 1;
  const before = await requestsSince(from);
  const result = await fn();
  return [result, (await requestsSince(from)) - before];
}

describe('GET /cart', () => {
  it('lists the items in the order they were added, with names, prices and the total', async () => {
    const skus = [FIRST_SKU + 40, FIRST_SKU + 20, FIRST_SKU + 30];
    const user = await userWithCart(skus);
    const cart = await getCart(await cartDepsFor(bridge, orders), user);
    expect(cart.items.map((item) => item.sku)).toEqual(skus);
    const expected = skus.map((sku) => catalogueProduct(sku));
    expect(cart.items.map((item) => item.name)).toEqual(expected.map((p) => p.name));
    expect(cart.totalPrice).toEqual({
      amount: expected.reduce((sum, p) => sum + p.priceAmount * 2, 0),
      currency: 'EUR',
    });
  });

  it('answers an empty cart with no items and no total', async () => {
    const user = await createTestUser();
    expect(await getCart(await cartDepsFor(bridge, orders), user)).toEqual({ items: [], totalPrice: null });
  });

  it('serves repeat lookups from the cache: no request reaches the product service', async () => {
    const user = await userWithCart([FIRST_SKU + 50, FIRST_SKU + 51, FIRST_SKU + 52]);
    const cacheKeyPrefix = `test:${randomUUID()}`;
    const [, firstTime] = await simulatorRequestsDuring(async () =>
      getCart(await cartDepsFor(bridge, orders, { cacheKeyPrefix }), user),
    );
    expect(firstTime).toBe(3);
    const [again, secondTime] = await simulatorRequestsDuring(async () =>
      getCart(await cartDepsFor(bridge, orders, { cacheKeyPrefix }), user),
    );
    expect(again.items.every((item) => item.name !== null)).toBe(true);
    expect(secondTime).toBe(0);
  });

  it('shows a per-item error for a product that no longer exists, and no total', async () => {
    const user = await userWithCart([FIRST_SKU + 60, LAST_SKU + 7]);
    const cart = await getCart(await cartDepsFor(bridge, orders), user);
    expect(cart.items[0]!.name).toBe(catalogueProduct(FIRST_SKU + 60).name);
    expect(cart.items[1]).toMatchObject({ sku: LAST_SKU + 7, name: null, price: null });
    expect(cart.items[1]!.error?.code).toBe('CART.PRODUCT_NOT_FOUND');
    expect(cart.totalPrice).toBeNull();
  });

  it('fails item by item, cleanly, when the product service keeps answering 503 (bounded retries)', async () => {
    const user = await userWithCart([FIRST_SKU + 70, FIRST_SKU + 71]);
    await bridge.setFaults({ errorRate: 1, errorStatus: 503 });
    const [cart, requests] = await simulatorRequestsDuring(async () =>
      getCart(await cartDepsFor(bridge, orders, { retries: 2 }), user),
    );
    expect(cart.items.map((item) => item.error?.code)).toEqual([
      'CART.PRODUCT_SERVICE_UNAVAILABLE',
      'CART.PRODUCT_SERVICE_UNAVAILABLE',
    ]);
    // Retried, but never more than 2 items × (1 attempt + 2 retries); the circuit breaker (open after 5
    // consecutive failures) may spare the last one.
    expect(requests).toBeGreaterThan(2);
    expect(requests).toBeLessThanOrEqual(6);
  });

  it('never hangs on a slow product service: each lookup gives up at the deadline', async () => {
    const user = await userWithCart([FIRST_SKU + 80, FIRST_SKU + 81, FIRST_SKU + 82]);
    await bridge.setFaults({ latencyMs: 3_000 });
    const deps = await cartDepsFor(bridge, orders, {
      timeoutMs: 500,
      retries: 1,
      deadline: Date.now() + 1_500,
    });
    const cart = await getCart(deps, user);
    expect(cart.items).toHaveLength(3);
    expect(cart.items.every((item) => item.error?.code === 'CART.PRODUCT_SERVICE_UNAVAILABLE')).toBe(true);
  });

  it('recovers from occasional 429/5xx with retries', async () => {
    const user = await userWithCart([FIRST_SKU + 90, FIRST_SKU + 91, FIRST_SKU + 92, FIRST_SKU + 93]);
    await bridge.setFaults({ errorRate: 0.2, errorStatus: 429 });
    const cart = await getCart(await cartDepsFor(bridge, orders, { retries: 5 }), user);
    // With 6 attempts each, all four fail only with probability 0.2^6 per item.
    expect(cart.items.every((item) => item.name !== null)).toBe(true);
  });
});
