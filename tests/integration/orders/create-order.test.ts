/**
 * POST /orders and the createOrder / getStocks contracts: reservations in one transaction, never an
 * oversold unit under 50 concurrent buyers, bad input named by field, idempotency, GET /stocks/{sku}.
 */
import { randomUUID } from 'node:crypto';
import { invoker } from '#platform/contracts/invoke';
import { getDb } from '#platform/db/index';
import { CreateOrder, GetStocks } from '../../../functions/orders/contract.js';
import { handler as createOrderHandler } from '../../../functions/orders/handlers/http/create-order.js';
import { handler as getStockHandler } from '../../../functions/orders/handlers/http/get-stock.js';
import { handler as createOrderContract } from '../../../functions/orders/handlers/invoke/create-order-contract.js';
import { handler as getStocksContract } from '../../../functions/orders/handlers/invoke/get-stocks-contract.js';
import { directTransport } from '../../support/contracts.js';
import { callHttp } from '../../support/http-event.js';
import { stockedSkus, stockRow } from '../../support/orders.js';
import { createTestUser, type TestUser } from '../../support/users.js';

const order = (user: TestUser, body: unknown, headers: Record<string, string> = {}) =>
  callHttp(createOrderHandler, { method: 'POST', path: '/orders', token: user.token, body, headers });

let buyer: TestUser;
beforeAll(async () => {
  buyer = await createTestUser();
});

describe('POST /orders', () => {
  it('reserves every line in one transaction: awaiting_payment, stock reserved', async () => {
    const [a, b] = await stockedSkus(5, 3);
    const response = await order(buyer, {
      items: [
        { sku: a, count: 2 },
        { sku: b, count: 3 },
        { sku: a, count: 1 },
      ],
    });
    expect(response.status).toBe(201);
    expect(response.headers.location).toBe(`/orders/${response.body.id}`);
    // Repeated SKUs are added up; lines come back sorted by SKU.
    expect(response.body.status).toBe('awaiting_payment');
    expect(response.body.items).toEqual(
      [
        { sku: a, count: 3 },
        { sku: b, count: 3 },
      ].sort((x, y) => x.sku! - y.sku!),
    );
    expect(await stockRow(a!)).toMatchObject({ total: 5, reserved: 3, available: 2 });
    expect(await stockRow(b!)).toMatchObject({ total: 3, reserved: 3, available: 0 });
  });

  it('fails the order and reserves nothing when any line is short', async () => {
    const [a, b] = await stockedSkus(5, 1);
    const response = await order(buyer, {
      items: [
        { sku: a, count: 2 },
        { sku: b, count: 2 },
      ],
    });
    expect(response.status).toBe(201);
    expect(response.body.status).toBe('failed');
    expect(await stockRow(a!)).toMatchObject({ reserved: 0 });
    expect(await stockRow(b!)).toMatchObject({ reserved: 0 });
  });

  it('numbers the status changes per order: new (1) → awaiting_payment (2)', async () => {
    const [a] = await stockedSkus(5);
    const response = await order(buyer, { items: [{ sku: a, count: 1 }] });
    const row = await (await getDb())
      .selectFrom('orders')
      .select(['status', 'status_seq'])
      .where('id', '=', response.body.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'awaiting_payment', status_seq: 2 });
  });

  it('last unit, 50 concurrent buyers: exactly 1 awaiting_payment, 49 failed, stock never negative', async () => {
    const [sku] = await stockedSkus(1);
    const buyers = await Promise.all(Array.from({ length: 50 }, () => createTestUser()));
    const responses = await Promise.all(buyers.map((user) => order(user, { items: [{ sku, count: 1 }] })));
    expect(responses.map((response) => response.status)).toEqual(Array(50).fill(201));
    const statuses = responses.map((response) => response.body.status);
    expect(statuses.filter((status) => status === 'awaiting_payment')).toHaveLength(1);
    expect(statuses.filter((status) => status === 'failed')).toHaveLength(49);
    expect(await stockRow(sku!)).toEqual({ total: 1, reserved: 1, available: 0 });
  });

  it('an SKU without stock is a 404 ORDERS.SKU_NOT_FOUND and creates nothing', async () => {
    const [a] = await stockedSkus(5);
    const response = await order(buyer, {
      items: [
        { sku: a, count: 1 },
        { sku: 1, count: 1 },
      ],
    });
    expect(response.status).toBe(404);
    expect(response.body.code).toBe('ORDERS.SKU_NOT_FOUND');
    expect(await stockRow(a!)).toMatchObject({ reserved: 0 });
  });

  it('an unknown SKU after a short one is still a 404 and creates nothing', async () => {
    const [short, plenty] = await stockedSkus(1, 5);
    const before = await (await getDb())
      .selectFrom('orders')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('user_id', '=', buyer.id)
      .executeTakeFirstOrThrow();
    // SKUs are reserved in SKU order: `short` (smaller than 4,000,000,001) is reached first and is short.
    const response = await order(buyer, {
      items: [
        { sku: short, count: 2 },
        { sku: plenty, count: 1 },
        { sku: 4_000_000_001, count: 1 },
      ],
    });
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ code: 'ORDERS.SKU_NOT_FOUND' });
    expect(response.body.detail).toContain('4000000001');
    const after = await (await getDb())
      .selectFrom('orders')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('user_id', '=', buyer.id)
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
    expect(await stockRow(short!)).toMatchObject({ reserved: 0 });
  });

  it('lines of one SKU adding up to more than 10,000 are a 400 naming the line that goes over', async () => {
    const [sku] = await stockedSkus(20_000);
    const response = await order(buyer, {
      items: [
        { sku, count: 6_000 },
        { sku, count: 4_000 },
        { sku, count: 1 },
      ],
    });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([expect.objectContaining({ in: 'body', field: 'items.2.count' })]);
    expect(await stockRow(sku!)).toMatchObject({ reserved: 0 });
    const exactly = await order(buyer, {
      items: [
        { sku, count: 6_000 },
        { sku, count: 4_000 },
      ],
    });
    expect(exactly.status).toBe(201);
    expect(exactly.body.items).toEqual([{ sku, count: 10_000 }]);
  });

  it.each([
    ['count 0', { items: [{ sku: 1000001, count: 0 }] }, 'items.0.count'],
    ['a negative count', { items: [{ sku: 1000001, count: -1 }] }, 'items.0.count'],
    ['a fractional count', { items: [{ sku: 1000001, count: 1.5 }] }, 'items.0.count'],
    ['a count over 10,000', { items: [{ sku: 1000001, count: 10_001 }] }, 'items.0.count'],
    ['a fractional SKU', { items: [{ sku: 1.5, count: 1 }] }, 'items.0.sku'],
    ['no items', { items: [] }, 'items'],
    ['an unknown field', { items: [{ sku: 1000001, count: 1 }], coupon: 'FREE' }, 'coupon'],
    ['an unknown field in a line', { items: [{ sku: 1000001, count: 1, price: 1 }] }, 'items.0.price'],
  ])('%s → 400 naming the field', async (_case, body, field) => {
    const response = await order(buyer, body);
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
  });

  it('needs a token', async () => {
    const response = await callHttp(createOrderHandler, {
      method: 'POST',
      path: '/orders',
      body: { items: [] },
    });
    expect(response.status).toBe(401);
  });

  it('an Idempotency-Key makes a retry return the same order (reserved once)', async () => {
    const [sku] = await stockedSkus(10);
    const key = randomUUID();
    const [first, second] = await Promise.all([
      order(buyer, { items: [{ sku, count: 4 }] }, { 'idempotency-key': key }),
      order(buyer, { items: [{ sku, count: 4 }] }, { 'idempotency-key': key }),
    ]);
    expect(first.body.id).toBe(second.body.id);
    expect(await stockRow(sku!)).toMatchObject({ reserved: 4 });
  });
});

describe('GET /stocks/{sku}', () => {
  it('answers total − reserved, and 0 for an SKU without stock', async () => {
    const [sku] = await stockedSkus(7);
    await order(buyer, { items: [{ sku, count: 2 }] });
    const stock = await callHttp(getStockHandler, {
      path: `/stocks/${sku}`,
      params: { sku: String(sku) },
      token: buyer.token,
    });
    expect(stock.status).toBe(200);
    expect(stock.body).toEqual({ sku, available: 5 });
    const none = await callHttp(getStockHandler, {
      path: '/stocks/3',
      params: { sku: '3' },
      token: buyer.token,
    });
    expect(none.body).toEqual({ sku: 3, available: 0 });
    const bad = await callHttp(getStockHandler, {
      path: '/stocks/x',
      params: { sku: 'x' },
      token: buyer.token,
    });
    expect(bad.status).toBe(400);
  });
});

describe('the createOrder and getStocks contracts (as the cart calls them)', () => {
  const invoke = invoker(directTransport({ createOrderContract, getStocksContract }));

  it('creates the order for the given user and reports stock', async () => {
    const [sku] = await stockedSkus(3);
    const created = await invoke(CreateOrder, {
      userId: buyer.id,
      items: [{ sku: sku!, count: 2 }],
      idempotencyKey: randomUUID(),
    });
    expect(created.status).toBe('awaiting_payment');
    const short = await invoke(CreateOrder, { userId: buyer.id, items: [{ sku: sku!, count: 2 }] });
    expect(short.status).toBe('failed');
    expect(await invoke(GetStocks, { skus: [sku!, 5] })).toEqual({
      stocks: [
        { sku, available: 1 },
        { sku: 5, available: 0 },
      ],
    });
  });

  it('a domain error crosses as data (404 ORDERS.SKU_NOT_FOUND)', async () => {
    await expect(
      invoke(CreateOrder, { userId: buyer.id, items: [{ sku: 7, count: 1 }] }),
    ).rejects.toMatchObject({
      status: 404,
      code: 'ORDERS.SKU_NOT_FOUND',
    });
  });
});
