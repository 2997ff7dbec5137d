/**
 * The shared limiter: several cart invocations at once, each with its own client (as separate Lambda
 * containers have), never send the product service more than 10 requests in any one second, as counted
 * by the simulator itself; requests wait for their slot instead of failing.
 */

import { getDb } from '#platform/db/index';
import { addToCart } from '../../../functions/cart/adapters/cart.repository.js';
import { getCart } from '../../../functions/cart/get-cart.js';
import {
  cartDepsFor,
  FIRST_SKU,
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

afterAll(async () => {
  await bridge.close();
});

it('keeps 5 concurrent GET /cart invocations (40 uncached lookups) at ≤ 10 requests per second', async () => {
  const carts = await Promise.all(
    Array.from({ length: 5 }, async (_, c) => {
      const user = await createTestUser();
      for (let i = 0; i < 8; i += 1) {
        await addToCart(await getDb(), user.id, {
          sku: FIRST_SKU + 200 + c * 8 + i,
          count: 1,
          limit: 10,
          maxLines: 100,
        });
      }
      return user;
    }),
  );
  const from = nowSecond();
  const results = await Promise.all(
    // A generous per-attempt timeout: this test is about the request rate, and on a loaded machine a 2 s
    // timeout (then retries, then the client's breaker) would turn slowness into failed lookups.
    carts.map(async (user) =>
      getCart(await cartDepsFor(bridge, orders, { lookupConcurrency: 4, timeoutMs: 10_000 }), user),
    ),
  );
  // Every lookup got its answer: the limiter made them wait, it did not make them fail.
  expect(results.flatMap((cart) => cart.items).every((item) => item.name !== null)).toBe(true);
  const seconds = await bridge.counts(from);
  // Each lookup reached the simulator at least once (more if an attempt timed out and was retried).
  expect(seconds.reduce((sum, s) => sum + s.requests, 0)).toBeGreaterThanOrEqual(40);
  expect(seconds.length).toBeGreaterThanOrEqual(4);
  for (const second of seconds) {
    expect(second.requests).toBeLessThanOrEqual(10);
    expect(second.rejected).toBe(0);
  }
});
