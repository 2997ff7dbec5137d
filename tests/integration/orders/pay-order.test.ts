/** POST /orders/{id}/pay and GET /orders(/{id}): reservations written off, wrong status 409, others' orders 404. */
import { randomUUID } from 'node:crypto';
import { handler as cancelHandler } from '../../../functions/orders/handlers/http/cancel-order.js';
import { handler as createOrderHandler } from '../../../functions/orders/handlers/http/create-order.js';
import { handler as getOrderHandler } from '../../../functions/orders/handlers/http/get-order.js';
import { handler as listOrdersHandler } from '../../../functions/orders/handlers/http/list-orders.js';
import { handler as payHandler } from '../../../functions/orders/handlers/http/pay-order.js';
import { callHttp } from '../../support/http-event.js';
import { stockedSkus, stockRow } from '../../support/orders.js';
import { createTestUser, type TestUser } from '../../support/users.js';

const create = async (user: TestUser, items: { sku: number; count: number }[]) => {
  const response = await callHttp(createOrderHandler, {
    method: 'POST',
    path: '/orders',
    token: user.token,
    body: { items },
  });
  expect(response.status).toBe(201);
  return response.body as { id: string; status: string };
};
const pay = (user: TestUser, id: string) =>
  callHttp(payHandler, { method: 'POST', path: `/orders/${id}/pay`, params: { id }, token: user.token });
const cancel = (user: TestUser, id: string) =>
  callHttp(cancelHandler, {
    method: 'POST',
    path: `/orders/${id}/cancel`,
    params: { id },
    token: user.token,
  });
const get = (user: TestUser, id: string) =>
  callHttp(getOrderHandler, { path: `/orders/${id}`, params: { id }, token: user.token });

let buyer: TestUser;
let stranger: TestUser;
beforeAll(async () => {
  [buyer, stranger] = await Promise.all([createTestUser(), createTestUser()]);
});

describe('POST /orders/{id}/pay', () => {
  it('pays an order awaiting payment and writes its reservations off the stock', async () => {
    const [sku] = await stockedSkus(10);
    const order = await create(buyer, [{ sku: sku!, count: 4 }]);
    const response = await pay(buyer, order.id);
    expect(response.status).toBe(200);
    expect(response.body.status).toBe('payed');
    expect(await stockRow(sku!)).toEqual({ total: 6, reserved: 0, available: 6 });
    expect((await get(buyer, order.id)).body.status).toBe('payed');
  });

  it('wrong status → 409 ORDERS.INVALID_STATUS (paid twice, a failed order, a cancelled one)', async () => {
    const [sku] = await stockedSkus(1);
    const paid = await create(buyer, [{ sku: sku!, count: 1 }]);
    await pay(buyer, paid.id);
    const again = await pay(buyer, paid.id);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('ORDERS.INVALID_STATUS');
    expect(await stockRow(sku!)).toEqual({ total: 0, reserved: 0, available: 0 });

    const failed = await create(buyer, [{ sku: sku!, count: 1 }]);
    expect(failed.status).toBe('failed');
    expect((await pay(buyer, failed.id)).status).toBe(409);
    expect((await cancel(buyer, failed.id)).status).toBe(409);
    expect((await cancel(buyer, paid.id)).status).toBe(409);
  });

  it("someone else's order is a 404 ORDERS.NOT_FOUND for every route, and nothing changes", async () => {
    const [sku] = await stockedSkus(3);
    const order = await create(buyer, [{ sku: sku!, count: 1 }]);
    for (const response of [
      await get(stranger, order.id),
      await pay(stranger, order.id),
      await cancel(stranger, order.id),
    ]) {
      expect(response.status).toBe(404);
      expect(response.body.code).toBe('ORDERS.NOT_FOUND');
    }
    expect((await get(buyer, order.id)).body.status).toBe('awaiting_payment');
    expect((await get(buyer, randomUUID())).status).toBe(404);
    expect((await get(buyer, 'not-a-uuid')).status).toBe(400);
  });
});

describe('GET /orders', () => {
  it('lists only my orders, newest first, a page at a time', async () => {
    const me = await createTestUser();
    const [sku] = await stockedSkus(10);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await create(me, [{ sku: sku!, count: 1 }])).id);
    await create(stranger, [{ sku: sku!, count: 1 }]);
    const first = await callHttp(listOrdersHandler, {
      path: '/orders',
      query: { limit: '2' },
      token: me.token,
    });
    expect(first.status).toBe(200);
    expect(first.body.items.map((order: { id: string }) => order.id)).toEqual([ids[2], ids[1]]);
    const second = await callHttp(listOrdersHandler, {
      path: '/orders',
      query: { limit: '2', cursor: first.body.nextCursor },
      token: me.token,
    });
    expect(second.body.items.map((order: { id: string }) => order.id)).toEqual([ids[0]]);
    expect(second.body.nextCursor).toBeNull();
    const bad = await callHttp(listOrdersHandler, { path: '/orders', query: { sort: 'x' }, token: me.token });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('sort');
  });

  it.each([
    ['not base64 JSON', 'garbage'],
    ['JSON that is not a position', Buffer.from('{"a":1}').toString('base64url')],
    ['a position without a valid id', Buffer.from('["2026-01-01T00:00:00.000Z","x"]').toString('base64url')],
  ])('a cursor that is %s is a 400 naming cursor, not the first page again', async (_case, cursor) => {
    const me = await createTestUser();
    const response = await callHttp(listOrdersHandler, {
      path: '/orders',
      query: { cursor },
      token: me.token,
    });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([expect.objectContaining({ in: 'query', field: 'cursor' })]);
  });
});
