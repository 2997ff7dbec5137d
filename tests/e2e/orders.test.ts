import { randomUUID } from 'node:crypto';
import { eventually, request } from '../support/http.js';
import { disposeStack, type Stack, startStack } from '../support/stack.js';

// Orders end to end through `npm start`'s runtime: seeded demo stock → create → pay, create → cancel
// (and the contract function the cart invokes), with every status change travelling outbox → SQS FIFO
// (fauxqs) → the local poller → notifyOrderStatus → the notifications pipeline → GET /notifications.

const DEMO_SKU = 1_000_001;

interface Order {
  id: string;
  status: string;
  items: { sku: number; count: number }[];
}

describe('orders through the running stack', () => {
  let stack: Stack;
  let token: string;

  beforeAll(async () => {
    stack = await startStack();
    const response = await request<{ token: string }>(stack.baseUrl, 'POST', '/auth/register', {
      body: {
        email: `buyer-${randomUUID()}@example.test`,
        password: 'correct horse battery staple',
        name: 'Buyer',
      },
    });
    expect(response.status).toBe(201);
    token = response.json.token;
  }, 120_000);
  afterAll(() => disposeStack(stack));

  const available = async () =>
    (await request<{ available: number }>(stack.baseUrl, 'GET', `/stocks/${DEMO_SKU}`, { token })).json
      .available;
  const notificationTypes = (orderId: string, expected: number) =>
    eventually(
      async () => {
        const page = await request<{ items: Array<{ type: string; data: { orderId?: string } }> }>(
          stack.baseUrl,
          'GET',
          '/notifications',
          { token },
        );
        const mine = page.json.items.filter((n) => n.data.orderId === orderId).map((n) => n.type);
        return mine.length >= expected ? mine.sort() : undefined;
      },
      `notifications of order ${orderId}`,
      30_000,
    );

  it('create → pay: stock reserved then written off, the buyer notified of each change', async () => {
    const before = await available();
    expect(before).toBeGreaterThan(2);
    const created = await request<Order>(stack.baseUrl, 'POST', '/orders', {
      token,
      body: { items: [{ sku: DEMO_SKU, count: 2 }] },
    });
    expect(created.status).toBe(201);
    expect(created.json.status).toBe('awaiting_payment');
    expect(await available()).toBe(before - 2);

    const paid = await request<Order>(stack.baseUrl, 'POST', `/orders/${created.json.id}/pay`, { token });
    expect(paid.status).toBe(200);
    expect(paid.json.status).toBe('payed');
    expect(await available()).toBe(before - 2);
    const again = await request<{ code: string }>(stack.baseUrl, 'POST', `/orders/${created.json.id}/pay`, {
      token,
    });
    expect([again.status, again.json.code]).toEqual([409, 'ORDERS.INVALID_STATUS']);

    expect(await notificationTypes(created.json.id, 2)).toEqual(['order.awaiting_payment', 'order.payed']);
  });

  it('create → cancel: stock released; bad input is a 400 naming the field', async () => {
    const before = await available();
    const created = await request<Order>(stack.baseUrl, 'POST', '/orders', {
      token,
      body: { items: [{ sku: DEMO_SKU, count: 1 }] },
    });
    expect(await available()).toBe(before - 1);
    const cancelled = await request<Order>(stack.baseUrl, 'POST', `/orders/${created.json.id}/cancel`, {
      token,
    });
    expect(cancelled.json.status).toBe('cancelled');
    expect(await available()).toBe(before);
    expect(await notificationTypes(created.json.id, 2)).toEqual([
      'order.awaiting_payment',
      'order.cancelled',
    ]);

    const listed = await request<{ items: Order[] }>(stack.baseUrl, 'GET', '/orders', { token });
    expect(listed.json.items.map((order) => order.id)).toContain(created.json.id);

    const bad = await request<{ errors: { field: string }[] }>(stack.baseUrl, 'POST', '/orders', {
      token,
      body: { items: [{ sku: DEMO_SKU, count: 0 }], extra: true },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.errors.map((error) => error.field).sort()).toEqual(['extra', 'items.0.count']);
  });

  it('serves the createOrder contract through the Lambda invoke API (as the cart calls it)', async () => {
    const me = await request<{ id: string }>(stack.baseUrl, 'GET', '/me', { token });
    const result = await stack.invoke('createOrderContract', {
      input: { userId: me.json.id, items: [{ sku: DEMO_SKU + 1, count: 1 }] },
    });
    expect(result.functionError).toBeUndefined();
    expect(result.payload).toMatchObject({ ok: true, value: { status: 'awaiting_payment' } });
  });
});
