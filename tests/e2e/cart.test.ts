import fs from 'node:fs/promises';
import path from 'node:path';
import { request } from '../support/http.js';
import { disposeStack, type Stack, startStack } from '../support/stack.js';

// The shop through `npm start`'s runtime: the seeded product service simulator behind its token, the
// cart's functions reaching it over HTTP with the generated token and the shared limiter, and the orders
// context's contract functions (getStocks, createOrder) through the Lambda invoke API.

describe('cart through the running stack', () => {
  let stack: Stack;
  let productToken: string;
  let buyer: { token: string; id: string };

  beforeAll(async () => {
    stack = await startStack();
    const secrets = JSON.parse(await fs.readFile(path.join(stack.dataDir, 'secrets.json'), 'utf8'));
    productToken = secrets.PRODUCT_SERVICE_TOKEN;
    const login = await request<{ token: string; user: { id: string } }>(
      stack.baseUrl,
      'POST',
      '/auth/login',
      {
        body: { email: 'demo-client@syncore.local', password: 'syncore-demo-1234' },
      },
    );
    buyer = { token: login.json.token, id: login.json.user.id };
  }, 120_000);
  afterAll(() => disposeStack(stack));

  const product = async (sku: number) => {
    const response = await fetch(`${stack.baseUrl}/product-service/products/${sku}`, {
      headers: { 'x-product-service-token': productToken },
    });
    expect(response.status).toBe(200);
    return JSON.parse(await response.text()) as { name: string; price: { amount: number } };
  };
  const available = async (sku: number) =>
    (await request<{ available: number }>(stack.baseUrl, 'GET', `/stocks/${sku}`, { token: buyer.token }))
      .json.available;

  it('serves the seeded catalogue to the token only', async () => {
    expect((await product(1_010_000)).name).toMatch(/\S/);
    expect((await fetch(`${stack.baseUrl}/product-service/products/1010000`)).status).toBe(401);
  });

  it('adds items, lists them with names and prices from the simulator, checks out and pays the order', async () => {
    const skus = [1_000_003, 1_000_001];
    const before = await Promise.all(skus.map(available));
    for (const sku of skus) {
      const added = await request(stack.baseUrl, 'POST', '/cart/items', {
        token: buyer.token,
        body: { sku, count: 2 },
      });
      expect(added.status).toBe(200);
    }
    const tooMany = await request<{ code: string }>(stack.baseUrl, 'POST', '/cart/items', {
      token: buyer.token,
      body: { sku: 1_000_001, count: 10_000 },
    });
    expect([409, 400]).toContain(tooMany.status);

    const cart = await request<{
      items: Array<{ sku: number; name: string; count: number }>;
      totalPrice: { amount: number };
    }>(stack.baseUrl, 'GET', '/cart', { token: buyer.token });
    expect(cart.status).toBe(200);
    const [third, first] = await Promise.all(skus.map(product));
    expect(cart.json.items.map((item) => [item.sku, item.name, item.count])).toEqual([
      [1_000_003, third!.name, 2],
      [1_000_001, first!.name, 2],
    ]);
    expect(cart.json.totalPrice.amount).toBe(2 * (third!.price.amount + first!.price.amount));

    const checkout = await request<{ orderId: string }>(stack.baseUrl, 'POST', '/cart/checkout', {
      token: buyer.token,
    });
    expect(checkout.status).toBe(201);
    const order = await request<{ status: string; items: { sku: number; count: number }[] }>(
      stack.baseUrl,
      'GET',
      `/orders/${checkout.json.orderId}`,
      { token: buyer.token },
    );
    expect(order.json.status).toBe('awaiting_payment');
    expect(order.json.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ sku: 1_000_003, count: 2 }),
        expect.objectContaining({ sku: 1_000_001, count: 2 }),
      ]),
    );
    expect(await Promise.all(skus.map(available))).toEqual(before.map((count) => count - 2));
    const emptied = await request<{ items: unknown[] }>(stack.baseUrl, 'GET', '/cart', {
      token: buyer.token,
    });
    expect(emptied.json.items).toEqual([]);

    const paid = await request<{ status: string }>(
      stack.baseUrl,
      'POST',
      `/orders/${checkout.json.orderId}/pay`,
      { token: buyer.token },
    );
    expect(paid.json.status).toBe('payed');
  });

  it('answers 404 for a SKU the product service does not know, 400 for bad input', async () => {
    const unknown = await request<{ code: string }>(stack.baseUrl, 'POST', '/cart/items', {
      token: buyer.token,
      body: { sku: 999, count: 1 },
    });
    expect(unknown.status).toBe(404);
    expect(unknown.json.code).toBe('CART.PRODUCT_NOT_FOUND');
    const bad = await request<{ errors: Array<{ field: string }> }>(stack.baseUrl, 'POST', '/cart/items', {
      token: buyer.token,
      body: { sku: 1_000_001, count: 0.5 },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.errors[0]!.field).toBe('count');
  });

  it('empties the cart', async () => {
    expect((await request(stack.baseUrl, 'DELETE', '/cart', { token: buyer.token })).status).toBe(204);
    const checkout = await request<{ code: string }>(stack.baseUrl, 'POST', '/cart/checkout', {
      token: buyer.token,
    });
    expect(checkout.status).toBe(409);
    expect(checkout.json.code).toBe('CART.EMPTY');
  });
});
