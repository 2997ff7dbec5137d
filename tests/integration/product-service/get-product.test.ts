/**
 * The product service simulator over loopback HTTP: token check, products and SKU pages, the limit of
 * 10 requests per second per token (counted across instances in DynamoDB), and the fault knobs.
 */
import { closeDb } from '#platform/db/index';
import {
  FIRST_SKU,
  LAST_SKU,
  nowSecond,
  productServiceBridge,
  seedCatalogue,
  useOwnProductServiceToken,
} from '../../support/cart.js';

const token = useOwnProductServiceToken();
let bridge: Awaited<ReturnType<typeof productServiceBridge>>;

beforeAll(async () => {
  await seedCatalogue();
  bridge = await productServiceBridge();
});

afterAll(async () => {
  await bridge.setFaults({});
  await bridge.close();
  // setFaults went through the simulator's handler, which reopened the shared pool that
  // tests/support/after-each-file.ts had already closed (its afterAll runs first).
  await closeDb();
});

const get = (path: string, headers: Record<string, string> = { 'x-product-service-token': token }) =>
  fetch(`${bridge.baseUrl}${path}`, { headers });

describe('product service simulator', () => {
  it('answers a product with its name and price in minor units', async () => {
    const response = await get(`/products/${FIRST_SKU}`);
    expect(response.status).toBe(200);
    const body = JSON.parse(await response.text());
    expect(body).toEqual({
      sku: FIRST_SKU,
      name: expect.any(String),
      price: { amount: expect.any(Number), currency: 'EUR' },
    });
    expect(Number.isInteger(body.price.amount)).toBe(true);
  });

  it('answers 404 for an unknown SKU and 400 for a SKU that is not a number', async () => {
    expect((await get(`/products/${LAST_SKU + 1}`)).status).toBe(404);
    const bad = await get('/products/abc');
    expect(bad.status).toBe(400);
    expect(JSON.parse(await bad.text()).errors[0].field).toBe('sku');
  });

  it('answers 401 without the token or with a wrong one', async () => {
    expect((await get(`/products/${FIRST_SKU}`, {})).status).toBe(401);
    const wrong = await get(`/products/${FIRST_SKU}`, { 'x-product-service-token': `${token}x` });
    expect(wrong.status).toBe(401);
    expect(JSON.parse(await wrong.text()).code).toBe('PRODUCT_SERVICE.UNAUTHORIZED');
  });

  it('pages through the SKUs in order', async () => {
    const first = await (await get(`/skus?after=0&limit=3`)).json();
    expect(first).toEqual({ skus: [FIRST_SKU, FIRST_SKU + 1, FIRST_SKU + 2], next: FIRST_SKU + 2 });
    const last = await (await get(`/skus?after=${LAST_SKU - 2}&limit=5`)).json();
    expect(last).toEqual({ skus: [LAST_SKU - 1, LAST_SKU], next: null });
    expect((await get('/skus?limit=0')).status).toBe(400);
  });

  it('answers 429 with Retry-After above 10 requests in one second, and counts every request', async () => {
    const from = nowSecond();
    const responses = await Promise.all(Array.from({ length: 30 }, () => get(`/products/${FIRST_SKU + 5}`)));
    const statuses = responses.map((response) => response.status);
    const limited = responses.filter((response) => response.status === 429);
    expect(statuses.every((status) => status === 200 || status === 429)).toBe(true);
    expect(limited.length).toBeGreaterThan(0);
    expect(limited[0]!.headers.get('retry-after')).toBe('1');
    const seconds = await bridge.counts(from);
    const total = seconds.reduce((sum, s) => sum + s.requests, 0);
    expect(total).toBeGreaterThanOrEqual(30);
    for (const second of seconds) {
      // Never more than 10 answered in one second; everything above was refused.
      expect(second.requests - second.rejected).toBeLessThanOrEqual(10);
      expect(second.rejected).toBe(Math.max(0, second.requests - 10));
    }
    expect(seconds.reduce((sum, s) => sum + s.rejected, 0)).toBe(limited.length);
  });

  it('injects errors with the fault knobs', async () => {
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // a fresh second after the burst above
    await bridge.setFaults({ errorRate: 1, errorStatus: 502 });
    const failed = await get(`/products/${FIRST_SKU}`);
    expect(failed.status).toBe(502);
    expect(JSON.parse(await failed.text()).code).toBe('PRODUCT_SERVICE.INJECTED_FAULT');
    await bridge.setFaults({});
    expect((await get(`/products/${FIRST_SKU}`)).status).toBe(200);
  });

  it('rejects fault knobs out of range, naming the field', async () => {
    const response = await fetch(`${bridge.baseUrl}/admin/faults`, {
      method: 'PUT',
      headers: { 'x-product-service-token': token, 'content-type': 'application/json' },
      body: JSON.stringify({ errorRate: 2 }),
    });
    expect(response.status).toBe(400);
    expect(JSON.parse(await response.text()).errors[0].field).toBe('errorRate');
  });
});
