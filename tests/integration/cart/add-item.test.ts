/**
 * POST /cart/items through the real handler: the product looked up at the simulator (over HTTP), the
 * stock asked from the orders context's contract (a double served through a fake Lambda Invoke API).
 */
import { getDb } from '#platform/db/index';
import { handler as addItemHandler } from '../../../functions/cart/handlers/http/add-item.js';
import { handler as getCartHandler } from '../../../functions/cart/handlers/http/get-cart.js';
import {
  FIRST_SKU,
  LAST_SKU,
  ordersDouble,
  productServiceBridge,
  seedCatalogue,
  useOwnProductServiceToken,
} from '../../support/cart.js';
import { fakeLambdaApi } from '../../support/contracts.js';
import { callHttp } from '../../support/http-event.js';
import { createTestUser, type TestUser } from '../../support/users.js';

useOwnProductServiceToken();
const SKU = FIRST_SKU + 11;
const orders = ordersDouble({ [SKU]: 5, [FIRST_SKU + 12]: 20_000 });
let bridge: Awaited<ReturnType<typeof productServiceBridge>>;
let lambda: Awaited<ReturnType<typeof fakeLambdaApi>>;
let user: TestUser;

beforeAll(async () => {
  await seedCatalogue();
  bridge = await productServiceBridge();
  lambda = await fakeLambdaApi(orders.functions);
  process.env.PRODUCT_SERVICE_URL = bridge.baseUrl;
  process.env.LAMBDA_ENDPOINT = lambda.endpoint;
  user = await createTestUser();
});

afterAll(async () => {
  await bridge.close();
  await lambda.close();
});

const add = (body: unknown, token = user.token) =>
  callHttp(addItemHandler, { method: 'POST', path: '/cart/items', body, token });

describe('POST /cart/items', () => {
  it('adds a SKU and adds up repeated adds of it', async () => {
    const first = await add({ sku: SKU, count: 2 });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ sku: SKU, count: 2 });
    expect((await add({ sku: SKU, count: 3 })).body).toEqual({ sku: SKU, count: 5 });
    const cart = await callHttp(getCartHandler, { path: '/cart', token: user.token });
    expect(cart.body.items).toEqual([
      { sku: SKU, count: 5, name: expect.any(String), price: expect.any(Object) },
    ]);
  });

  it('refuses a total above the available stock with 409 CART.INSUFFICIENT_STOCK, keeping the cart', async () => {
    const response = await add({ sku: SKU, count: 1 });
    expect(response.status).toBe(409);
    expect(response.body.code).toBe('CART.INSUFFICIENT_STOCK');
    const cart = await callHttp(getCartHandler, { path: '/cart', token: user.token });
    expect(cart.body.items[0].count).toBe(5);
  });

  it("moves the cart's version (a checkout's idempotency key) on an accepted add only, never on a refused one", async () => {
    const buyer = await createTestUser();
    const version = async () =>
      (
        await (
          await getDb()
        )
          .selectFrom('carts')
          .select('version')
          .where('user_id', '=', buyer.id)
          .executeTakeFirstOrThrow()
      ).version;
    expect((await add({ sku: SKU, count: 5 }, buyer.token)).status).toBe(200);
    const accepted = Number(await version());
    expect((await add({ sku: SKU, count: 1 }, buyer.token)).status).toBe(409);
    expect((await add({ sku: SKU, count: 1 }, buyer.token)).status).toBe(409);
    expect(Number(await version())).toBe(accepted);
    expect((await add({ sku: FIRST_SKU + 12, count: 1 }, buyer.token)).status).toBe(200);
    expect(Number(await version())).toBe(accepted + 1);
  });

  it('never lets concurrent adds of one user exceed the stock', async () => {
    const buyer = await createTestUser();
    const results = await Promise.all(
      Array.from({ length: 6 }, () => add({ sku: SKU, count: 1 }, buyer.token)),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(5);
    expect(results.filter((r) => r.status === 409)).toHaveLength(1);
  });

  it('caps one SKU at 10,000 in a cart even with more stock', async () => {
    const buyer = await createTestUser();
    expect((await add({ sku: FIRST_SKU + 12, count: 10_000 }, buyer.token)).status).toBe(200);
    const over = await add({ sku: FIRST_SKU + 12, count: 1 }, buyer.token);
    expect(over.status).toBe(409);
    expect(over.body.detail).toMatch(/10000/);
  });

  it('answers 404 CART.PRODUCT_NOT_FOUND for a SKU the product service does not know', async () => {
    const response = await add({ sku: LAST_SKU + 1, count: 1 });
    expect(response.status).toBe(404);
    expect(response.body.code).toBe('CART.PRODUCT_NOT_FOUND');
  });

  it.each([
    [{ sku: SKU, count: 0 }, 'count'],
    [{ sku: SKU, count: -1 }, 'count'],
    [{ sku: SKU, count: 1.5 }, 'count'],
    [{ sku: SKU, count: 10_001 }, 'count'],
    [{ sku: SKU, count: '2' }, 'count'],
    [{ sku: 'abc', count: 1 }, 'sku'],
    [{ sku: SKU }, 'count'],
    [{ sku: SKU, count: 1, price: 1 }, 'price'],
  ])('answers 400 naming the field for %j', async (body, field) => {
    const response = await add(body);
    expect(response.status).toBe(400);
    expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('needs a signed-in user', async () => {
    const response = await callHttp(addItemHandler, {
      method: 'POST',
      path: '/cart/items',
      body: { sku: SKU, count: 1 },
    });
    expect(response.status).toBe(401);
  });
});
