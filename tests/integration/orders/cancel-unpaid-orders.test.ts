/** The cancelUnpaidOrders cron with an injected clock: only orders unpaid for the timeout, stock released. */
import { getDb } from '#platform/db/index';
import { cancelUnpaidOrders } from '../../../functions/orders/cancel-unpaid-orders.js';
import { createOrder } from '../../../functions/orders/create-order.js';
import { handler as cronHandler } from '../../../functions/orders/handlers/cron/cancel-unpaid-orders.js';
import { payOrder } from '../../../functions/orders/pay-order.js';
import { lambdaContext } from '../../support/http-event.js';
import { ordersDeps, stockedSkus, stockRow } from '../../support/orders.js';
import { createTestUser } from '../../support/users.js';

const statusOf = async (id: string) =>
  (await (await getDb()).selectFrom('orders').select('status').where('id', '=', id).executeTakeFirstOrThrow())
    .status;

describe('cancelUnpaidOrders', () => {
  it('cancels orders awaiting payment past the timeout and releases their stock; paid and recent ones stay', async () => {
    const buyer = await createTestUser();
    const [sku] = await stockedSkus(10);
    // Created "in the past" by a clock 11 and 5 minutes behind; the cron then runs at the real now.
    const at = (minutesAgo: number) => () => new Date(Date.now() - minutesAgo * 60_000);
    const stale = await createOrder(await ordersDeps(at(11)), buyer, { items: [{ sku: sku!, count: 2 }] });
    const stalePaid = await createOrder(await ordersDeps(at(12)), buyer, {
      items: [{ sku: sku!, count: 1 }],
    });
    await payOrder(await ordersDeps(at(11)), buyer, stalePaid.id);
    const recent = await createOrder(await ordersDeps(at(5)), buyer, { items: [{ sku: sku!, count: 3 }] });
    expect(await stockRow(sku!)).toEqual({ total: 9, reserved: 5, available: 4 });

    const result = await cancelUnpaidOrders(await ordersDeps(), {
      timeoutMinutes: 10,
      batchSize: 1,
      budgetMs: 10_000,
    });
    expect(result.cancelled).toBeGreaterThanOrEqual(1);
    expect(await statusOf(stale.id)).toBe('cancelled');
    expect(await statusOf(stalePaid.id)).toBe('payed');
    expect(await statusOf(recent.id)).toBe('awaiting_payment');
    expect(await stockRow(sku!)).toEqual({ total: 9, reserved: 3, available: 6 });

    // Five minutes later (injected clock) the recent one is past the timeout too: the cron handler takes it.
    const later = () => new Date(Date.now() + 5 * 60_000 + 1000);
    await cancelUnpaidOrders(await ordersDeps(later), {
      timeoutMinutes: 10,
      batchSize: 100,
      budgetMs: 10_000,
    });
    expect(await statusOf(recent.id)).toBe('cancelled');
    expect(await stockRow(sku!)).toEqual({ total: 9, reserved: 0, available: 9 });
    // The deployed handler runs with the real clock and the configured timeout: nothing left to do here.
    await expect(cronHandler({ id: 'test-run' }, lambdaContext('cancelUnpaidOrders'))).resolves.toMatchObject(
      {
        cancelled: expect.any(Number),
      },
    );
  });

  it('an order locked by a concurrent pay is skipped (SKIP LOCKED) and never both paid and cancelled', async () => {
    const buyer = await createTestUser();
    const [sku] = await stockedSkus(2);
    const order = await createOrder(await ordersDeps(() => new Date(Date.now() - 20 * 60_000)), buyer, {
      items: [{ sku: sku!, count: 2 }],
    });
    const db = await getDb();
    let cancelled = -1;
    await db.transaction().execute(async (trx) => {
      await trx.selectFrom('orders').select('id').where('id', '=', order.id).forUpdate().execute();
      // The cron runs while the row is held by "a pay request" (this transaction).
      cancelled = (
        await cancelUnpaidOrders(
          { db, now: () => new Date() },
          { timeoutMinutes: 10, batchSize: 100, budgetMs: 5_000 },
        )
      ).cancelled;
    });
    expect(await statusOf(order.id)).toBe('awaiting_payment');
    expect(cancelled).toBeGreaterThanOrEqual(0);
    await cancelUnpaidOrders(
      { db, now: () => new Date() },
      { timeoutMinutes: 10, batchSize: 100, budgetMs: 5_000 },
    );
    expect(await statusOf(order.id)).toBe('cancelled');
    expect(await stockRow(sku!)).toEqual({ total: 2, reserved: 0, available: 2 });
  });
});
