/**
 * POST /cart/checkout through the real handler and a fake Lambda Invoke API serving a double of the
 * orders context built on its real contract: the cart is cleared only when the order was created.
 */

import { getDb } from '#platform/db/index';
import { addToCart, readCart } from '../../../functions/cart/adapters/cart.repository.js';
import { handler as checkoutHandler } from '../../../functions/cart/handlers/http/checkout.js';
import { FIRST_SKU, ordersDouble, useOwnProductServiceToken } from '../../support/cart.js';
import { fakeLambdaApi } from '../../support/contracts.js';
import { callHttp } from '../../support/http-event.js';
import { createTestUser, type TestUser } from '../../support/users.js';

useOwnProductServiceToken();
const orders = ordersDouble();
let lambda: Awaited<ReturnType<typeof fakeLambdaApi>>;

beforeAll(async () => {
  lambda = await fakeLambdaApi(orders.functions);
  process.env.LAMBDA_ENDPOINT = lambda.endpoint;
});

afterEach(() => {
  orders.state.mode = 'create';
});

afterAll(async () => {
  await lambda.close();
});

async function userWithCart(lines: Array<[number, number]>) {
  const user = await createTestUser();
  for (const [sku, count] of lines) {
    await addToCart(await getDb(), user.id, { sku, count, limit: 10_000, maxLines: 100 });
  }
  return user;
}

const checkout = (user: TestUser) =>
  callHttp(checkoutHandler, { method: 'POST', path: '/cart/checkout', token: user.token });
const cartOf = async (user: TestUser) => (await readCart(await getDb(), user.id)).lines;

describe('POST /cart/checkout', () => {
  it('creates the order with the cart lines and an idempotency key, then clears the cart', async () => {
    const user = await userWithCart([
      [FIRST_SKU + 1, 2],
      [FIRST_SKU + 2, 1],
    ]);
    const response = await checkout(user);
    expect(response.status).toBe(201);
    expect(response.body).toEqual({ orderId: expect.any(String), status: 'awaiting_payment' });
    expect(response.headers.location).toBe(`/orders/${response.body.orderId}`);
    const created = orders.state.created.find((order) => order.orderId === response.body.orderId);
    expect(created).toMatchObject({
      userId: user.id,
      items: [
        { sku: FIRST_SKU + 1, count: 2 },
        { sku: FIRST_SKU + 2, count: 1 },
      ],
      idempotencyKey: expect.stringContaining(user.id),
    });
    expect(await cartOf(user)).toEqual([]);
  });

  it('answers 409 CART.EMPTY for an empty cart and orders nothing', async () => {
    const user = await createTestUser();
    const before = orders.state.created.length;
    const response = await checkout(user);
    expect(response.status).toBe(409);
    expect(response.body.code).toBe('CART.EMPTY');
    expect(orders.state.created).toHaveLength(before);
  });

  it('keeps the cart when the order failed for lack of stock (409), and the next try is a new order', async () => {
    const user = await userWithCart([[FIRST_SKU + 3, 4]]);
    orders.state.mode = 'fail-stock';
    const failed = await checkout(user);
    expect(failed.status).toBe(409);
    expect(failed.body.code).toBe('CART.INSUFFICIENT_STOCK');
    expect(await cartOf(user)).toEqual([{ sku: FIRST_SKU + 3, count: 4 }]);
    orders.state.mode = 'create';
    const ok = await checkout(user);
    expect(ok.status).toBe(201);
    expect(await cartOf(user)).toEqual([]);
  });

  it('keeps the cart when the orders context fails (503) or rejects the order', async () => {
    const user = await userWithCart([[FIRST_SKU + 4, 1]]);
    orders.state.mode = 'crash';
    const down = await checkout(user);
    expect(down.status).toBe(503);
    expect(down.body.code).toBe('SERVICE.DEPENDENCY_UNAVAILABLE');
    orders.state.mode = 'reject';
    const rejected = await checkout(user);
    expect(rejected.status).toBe(400);
    expect(rejected.body.code).toBe('ORDERS.INVALID');
    expect(await cartOf(user)).toEqual([{ sku: FIRST_SKU + 4, count: 1 }]);
  });

  it('sends the same idempotency key for the same cart, a new one once the cart changed', async () => {
    const user = await userWithCart([[FIRST_SKU + 5, 1]]);
    orders.state.mode = 'crash';
    await checkout(user); // the first try fails: the cart and its version stay
    orders.state.mode = 'create';
    const first = await checkout(user);
    const keyOf = (orderId: string) =>
      orders.state.created.find((o) => o.orderId === orderId)?.idempotencyKey;
    await addToCart(await getDb(), user.id, { sku: FIRST_SKU + 6, count: 1, limit: 10_000, maxLines: 100 });
    const second = await checkout(user);
    expect(second.body.orderId).not.toBe(first.body.orderId);
    expect(keyOf(second.body.orderId)).not.toBe(keyOf(first.body.orderId));
  });

  it('needs a signed-in user', async () => {
    expect((await callHttp(checkoutHandler, { method: 'POST', path: '/cart/checkout' })).status).toBe(401);
  });
});
