/** POST /orders/{id}/cancel: reservations released exactly once, even when cancels race. */
import { handler as cancelHandler } from '../../../functions/orders/handlers/http/cancel-order.js';
import { handler as createOrderHandler } from '../../../functions/orders/handlers/http/create-order.js';
import { handler as payHandler } from '../../../functions/orders/handlers/http/pay-order.js';
import { callHttp } from '../../support/http-event.js';
import { stockedSkus, stockRow } from '../../support/orders.js';
import { createTestUser, type TestUser } from '../../support/users.js';

let buyer: TestUser;
beforeAll(async () => {
  buyer = await createTestUser();
});

const create = async (items: { sku: number; count: number }[]) =>
  (
    await callHttp(createOrderHandler, {
      method: 'POST',
      path: '/orders',
      token: buyer.token,
      body: { items },
    })
  ).body;
const cancel = (id: string) =>
  callHttp(cancelHandler, {
    method: 'POST',
    path: `/orders/${id}/cancel`,
    params: { id },
    token: buyer.token,
  });

describe('POST /orders/{id}/cancel', () => {
  it('cancels an order awaiting payment and releases its stock', async () => {
    const [a, b] = await stockedSkus(5, 2);
    const order = await create([
      { sku: a!, count: 5 },
      { sku: b!, count: 1 },
    ]);
    expect((await stockRow(a!)).available).toBe(0);
    const response = await cancel(order.id);
    expect(response.status).toBe(200);
    expect(response.body.status).toBe('cancelled');
    expect(await stockRow(a!)).toEqual({ total: 5, reserved: 0, available: 5 });
    expect(await stockRow(b!)).toEqual({ total: 2, reserved: 0, available: 2 });
  });

  it('concurrent cancels and a pay of one order: exactly one wins, the stock moves once', async () => {
    const [sku] = await stockedSkus(4);
    const order = await create([{ sku: sku!, count: 3 }]);
    const responses = await Promise.all([
      cancel(order.id),
      cancel(order.id),
      callHttp(payHandler, {
        method: 'POST',
        path: `/orders/${order.id}/pay`,
        params: { id: order.id },
        token: buyer.token,
      }),
    ]);
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses).toEqual([200, 409, 409]);
    const winner = responses.find((response) => response.status === 200)!.body.status;
    expect(await stockRow(sku!)).toEqual(
      winner === 'payed' ? { total: 1, reserved: 0, available: 1 } : { total: 4, reserved: 0, available: 4 },
    );
  });
});
