import fs from 'node:fs/promises';
import path from 'node:path';
import { createDb } from '#platform/db/client';
import { addToCart } from '../../functions/cart/adapters/cart.repository.js';
import { catalogueProduct } from '../../functions/product-service/domain/catalogue.js';
import { request } from '../support/http.js';
import { disposeStack, type Stack, startStack } from '../support/stack.js';

// The cart through `npm start`'s runtime: the seeded product service simulator behind its token, the
// cart's functions reaching it over HTTP with the generated token and the shared limiter. (Adding items
// and checkout also need the orders context's contract functions: see tests/integration/cart.)

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

  it('serves the seeded catalogue to the token only', async () => {
    const ok = await fetch(`${stack.baseUrl}/product-service/products/1010000`, {
      headers: { 'x-product-service-token': productToken },
    });
    expect(ok.status).toBe(200);
    expect(JSON.parse(await ok.text()).name).toBe(catalogueProduct(1_010_000).name);
    expect((await fetch(`${stack.baseUrl}/product-service/products/1010000`)).status).toBe(401);
  });

  it('lists a cart with names and prices fetched from the simulator', async () => {
    const db = createDb((await stack.state()).databaseUrl, { max: 1 });
    try {
      for (const sku of [1_000_003, 1_000_001]) {
        await addToCart(db, buyer.id, { sku, count: 2, limit: 10_000, maxLines: 100 });
      }
    } finally {
      await db.destroy();
    }
    const cart = await request<{
      items: Array<{ sku: number; name: string }>;
      totalPrice: { amount: number };
    }>(stack.baseUrl, 'GET', '/cart', { token: buyer.token });
    expect(cart.status).toBe(200);
    expect(cart.json.items.map((item) => [item.sku, item.name])).toEqual([
      [1_000_003, catalogueProduct(1_000_003).name],
      [1_000_001, catalogueProduct(1_000_001).name],
    ]);
    expect(cart.json.totalPrice.amount).toBe(
      2 * (catalogueProduct(1_000_003).priceAmount + catalogueProduct(1_000_001).priceAmount),
    );
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
