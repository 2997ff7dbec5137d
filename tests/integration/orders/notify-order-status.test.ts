/**
 * Order-status events: outbox → SQS FIFO (fauxqs) → local poller → notifyOrderStatus. Every order's
 * events are applied in order and exactly once, also when relays race, when the consumer dies
 * mid-batch and the batch comes back, and when one event of a FIFO batch fails.
 */
import { randomUUID } from 'node:crypto';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { getDb } from '#platform/db/index';
import { relay } from '#platform/messaging/outbox';
import { cancelOrder } from '../../../functions/orders/cancel-order.js';
import { createOrder } from '../../../functions/orders/create-order.js';
import type { OrderStatusEvent } from '../../../functions/orders/events.js';
import { handler } from '../../../functions/orders/handlers/sqs/notify-order-status.js';
import { payOrder } from '../../../functions/orders/pay-order.js';
import { SqsPoller } from '../../../local/sqs-poller.js';
import { lambdaContext } from '../../support/http-event.js';
import { ordersDeps, stockedSkus } from '../../support/orders.js';
import { privateOrderQueues } from '../../support/orders-queues.js';
import { createTestUser, type TestUser } from '../../support/users.js';

let queues: Awaited<ReturnType<typeof privateOrderQueues>>;
let buyer: TestUser;

beforeAll(async () => {
  // Long enough that a batch still being handled on a loaded machine is never redelivered meanwhile:
  // the first test counts two batches of one group in flight at once as a broken FIFO.
  queues = await privateOrderQueues({ visibilityTimeoutSeconds: 30 });
  buyer = await createTestUser();
});
afterAll(async () => {
  await queues.restore();
});

const cursors = async (orderIds: string[]) =>
  (await getDb()).selectFrom('order_status_cursors').selectAll().where('order_id', 'in', orderIds).execute();

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 40_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('notifyOrderStatus through the FIFO queue', () => {
  it('many orders with several transitions each: every order’s events applied once, in order', async () => {
    const [sku] = await stockedSkus(1_000);
    const deps = await ordersDeps();
    const db = await getDb();
    const orders = await Promise.all(
      Array.from({ length: 30 }, () => createOrder(deps, buyer, { items: [{ sku: sku!, count: 1 }] })),
    );
    const ids = orders.map((order) => order.id);

    // A relay racing the after-commit relays (as the relayOutbox cron does): it must never send an
    // order's later event ahead of an earlier one another relay still holds.
    let transitioning = true;
    const racingRelay = (async () => {
      while (transitioning) {
        const pending = await db
          .selectFrom('outbox')
          .select('id')
          .where('message_group_id', 'in', ids)
          .execute();
        await relay(db, { ids: pending.map((row) => row.id) });
      }
    })();
    await Promise.all(
      orders.map((order, index) =>
        index % 2 === 0 ? payOrder(deps, buyer, order.id) : cancelOrder(deps, buyer, order.id),
      ),
    );
    transitioning = false;
    await racingRelay;
    // Whatever a lost race left behind goes out now (the cron's job).
    const left = await db.selectFrom('outbox').select('id').where('message_group_id', 'in', ids).execute();
    await relay(db, { ids: left.map((row) => row.id) });

    const applied = new Map<string, number[]>();
    const failures: string[] = [];
    const inFlight = new Set<string>();
    let overlaps = 0;
    const poller = new SqsPoller({
      sqs: queues.sqs,
      region: 'eu-central-1',
      concurrency: 4,
      waitTimeSeconds: 1,
      log: () => undefined,
      invoke: async (_functionKey, event) => {
        const records = (event as SQSEvent).Records;
        const groups = [...new Set(records.map((record) => record.attributes.MessageGroupId!))];
        // FIFO: no two batches in flight may hold messages of one group.
        for (const group of groups) {
          if (inFlight.has(group)) overlaps++;
          inFlight.add(group);
        }
        try {
          const response = (await handler(
            event as SQSEvent,
            lambdaContext('notifyOrderStatus'),
          )) as SQSBatchResponse;
          const failed = new Set(response.batchItemFailures.map((failure) => failure.itemIdentifier));
          for (const record of records) {
            const body = JSON.parse(record.body) as OrderStatusEvent;
            const seen = applied.get(body.orderId) ?? [];
            if (failed.has(record.messageId)) failures.push(`${body.orderId}#${body.seq}`);
            // A message handled again (a redelivery) must be ignored by the consumer; the notifications
            // below prove it was.
            else if (!seen.includes(body.seq)) applied.set(body.orderId, [...seen, body.seq]);
          }
          return { payload: response };
        } finally {
          for (const group of groups) inFlight.delete(group);
        }
      },
    });
    poller.start([
      {
        functionKey: 'notifyOrderStatus',
        queueUrl: queues.fifo.url,
        queueArn: queues.fifo.arn,
        batchSize: 10,
        maximumBatchingWindow: 0,
        reportBatchItemFailures: true,
      },
    ]);
    try {
      await until(
        async () => (await cursors(ids)).filter((cursor) => cursor.last_seq === 3).length === ids.length,
        'all events',
      );
    } finally {
      await poller.stop();
    }

    for (const id of ids) expect(applied.get(id)).toEqual([1, 2, 3]);
    expect(failures).toEqual([]); // nothing arrived early: the relay and the queue kept each order's order
    expect(overlaps).toBe(0);
    const finals = new Map((await cursors(ids)).map((cursor) => [cursor.order_id, cursor.status]));
    expect(ids.map((id) => finals.get(id))).toEqual(
      ids.map((_, index) => (index % 2 === 0 ? 'payed' : 'cancelled')),
    );

    // The buyer is notified of each change once (not of `new`), in order.
    const notifications = (await queues.drainNotifications()).filter((n) => ids.includes(n.data.orderId));
    expect(notifications).toHaveLength(60);
    expect(new Set(notifications.map((n) => n.notificationId)).size).toBe(60);
    for (const [index, id] of ids.entries()) {
      const types = notifications.filter((n) => n.data.orderId === id).map((n) => n.type);
      expect(types).toEqual(['order.awaiting_payment', index % 2 === 0 ? 'order.payed' : 'order.cancelled']);
    }
  });
});

/** An SQS FIFO record as Lambda delivers it. */
const record = (event: OrderStatusEvent): SQSRecord => ({
  messageId: randomUUID(),
  receiptHandle: randomUUID(),
  body: JSON.stringify(event),
  attributes: {
    ApproximateReceiveCount: '1',
    SentTimestamp: String(Date.now()),
    SenderId: 'test',
    ApproximateFirstReceiveTimestamp: String(Date.now()),
    MessageGroupId: event.orderId,
    MessageDeduplicationId: event.eventId,
    SequenceNumber: String(event.seq),
  },
  messageAttributes: {},
  md5OfBody: '',
  eventSource: 'aws:sqs',
  eventSourceARN: queues.fifo.arn,
  awsRegion: 'eu-central-1',
});

const STATUSES = ['new', 'awaiting_payment', 'payed'] as const;
const eventsOf = (orderId: string, userId: string): OrderStatusEvent[] =>
  STATUSES.map((status, index) => ({
    eventId: randomUUID(),
    orderId,
    userId,
    seq: index + 1,
    status,
    previousStatus: index === 0 ? null : STATUSES[index - 1]!,
    occurredAt: new Date().toISOString(),
  }));

const invoke = async (records: SQSRecord[]) =>
  (
    (await handler({ Records: records }, lambdaContext('notifyOrderStatus'))) as SQSBatchResponse
  ).batchItemFailures.map((failure) => failure.itemIdentifier);

describe('notifyOrderStatus, batch by batch', () => {
  it('consumer killed mid-batch, the whole batch redelivered: no event applied twice', async () => {
    const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()].map((id) => eventsOf(id, buyer.id)) as [
      OrderStatusEvent[],
      OrderStatusEvent[],
      OrderStatusEvent[],
    ];
    // Interleaved across orders, in order within each (as a FIFO batch is).
    const batch = [a[0], b[0], a[1], c[0], b[1], a[2], c[1], b[2], c[2]].map((event) => record(event!));
    // The first invocation handles five records, then the process dies: nothing was deleted.
    expect(await invoke(batch.slice(0, 5))).toEqual([]);
    // SQS redelivers the whole batch after the visibility timeout.
    expect(await invoke(batch)).toEqual([]);
    const orderIds = [a, b, c].map((events) => events[0]!.orderId);
    expect((await cursors(orderIds)).map((cursor) => cursor.last_seq)).toEqual([3, 3, 3]);
    const notifications = (await queues.drainNotifications()).filter((n) =>
      orderIds.includes(n.data.orderId),
    );
    // awaiting_payment and payed for each order, each exactly once.
    expect(notifications).toHaveLength(6);
    expect(new Set(notifications.map((n) => n.notificationId)).size).toBe(6);
  });

  it('an early event fails, and so does the rest of its group in the batch; other groups go on', async () => {
    const a = eventsOf(randomUUID(), buyer.id);
    const b = eventsOf(randomUUID(), buyer.id);
    const [a1, a2, a3] = a.map(record);
    const [b1, b2, b3] = b.map(record);
    // a2 is missing from this batch (it went to another one): a3 is early and must not be applied.
    const failed = await invoke([a1!, b1!, a3!, b2!, b3!]);
    expect(failed).toEqual([a3!.messageId]);
    const [cursorA] = await cursors([a[0]!.orderId]);
    expect(cursorA!.last_seq).toBe(1);
    // Once the earlier event fails, the later ones of its group are failed unprocessed (even a2 after a3).
    const next = await invoke([a3!, a2!, b3!]);
    expect(next).toEqual([a3!.messageId, a2!.messageId]);
    expect((await cursors([a[0]!.orderId]))[0]!.last_seq).toBe(1);
    // Redelivered in order, they apply.
    expect(await invoke([a2!, a3!])).toEqual([]);
    expect((await cursors([a[0]!.orderId, b[0]!.orderId])).map((cursor) => cursor.last_seq)).toEqual([3, 3]);
  });

  it('a record that breaks the contract fails alone (poison → DLQ after maxReceiveCount)', async () => {
    const good = record(eventsOf(randomUUID(), buyer.id)[0]!);
    const poison = { ...record(eventsOf(randomUUID(), buyer.id)[0]!), body: '{"orderId":"nope"}' };
    expect(await invoke([poison, good])).toEqual([poison.messageId]);
  });
});
