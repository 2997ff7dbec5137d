/**
 * The shared limiter: several cart invocations at once, each with its own client (as separate Lambda
 * containers have), take distinct send slots at least 1000/10 ms apart from the one shared record, and
 * every request waits for its slot instead of failing. What the simulator then counts per wall-clock
 * second depends on how late each send leaves and arrives on a loaded machine (a send stalled past its
 * slot can land in the next second beside the on-time ones), so the test checks the slots the limiter
 * gave, which is what the limiter decides; the margin between slots (PRODUCT_SERVICE_SLOT_MARGIN_MS)
 * is what absorbs ordinary jitter in production, and a 429 that gets through is retried in a new slot.
 */

import { getDb } from '#platform/db/index';
import { addToCart } from '../../../functions/cart/adapters/cart.repository.js';
import { getCart } from '../../../functions/cart/get-cart.js';
import {
  cartDepsFor,
  FIRST_SKU,
  LIMITER_INTERVAL_MS,
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

it('gives 5 concurrent GET /cart invocations (40 uncached lookups) distinct slots ≥ 100 ms apart, and every lookup its answer', async () => {
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
  const slots: number[] = [];
  const results = await Promise.all(
    // A generous per-attempt timeout: this test is about the request rate, and on a loaded machine a 2 s
    // timeout (then retries, then the client's breaker) would turn slowness into failed lookups.
    carts.map(async (user) =>
      getCart(await cartDepsFor(bridge, orders, { lookupConcurrency: 4, timeoutMs: 10_000, slots }), user),
    ),
  );
  // Every lookup got its answer: the limiter made them wait, it did not make them fail.
  expect(results.flatMap((cart) => cart.items).every((item) => item.name !== null)).toBe(true);
  // Every request that reached the simulator took a slot of its own, and no two slots are closer than
  // the interval: at most 10 sends are released in any one second, across the five clients.
  const seconds = await bridge.counts(from);
  const sent = seconds.reduce((sum, s) => sum + s.requests, 0);
  expect(sent).toBeGreaterThanOrEqual(40);
  expect(slots.length).toBeGreaterThanOrEqual(sent); // no request went out without a slot
  const ordered = [...slots].sort((a, b) => a - b);
  const gaps = ordered.slice(1).map((slot, i) => slot - ordered[i]!);
  expect(Math.min(...gaps)).toBeGreaterThanOrEqual(LIMITER_INTERVAL_MS);
});
