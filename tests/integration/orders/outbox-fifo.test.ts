/**
 * The local runtime honours SQS FIFO, and the outbox sends FIFO rows in order: fauxqs keeps each group's
 * order, never hands out a group's next message while one is in flight, drops a repeated deduplication
 * id; the relay never sends a row ahead of an earlier row of its group that another relay holds.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  CreateQueueCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
} from '@aws-sdk/client-sqs';
import { z } from 'zod';
import { getDb } from '#platform/db/index';
import { enqueue, relay } from '#platform/messaging/outbox';
import type { QueueContract } from '#platform/messaging/queues';
import type { QueueInfo } from '../../../local/resources.js';
import { restoreQueues, saveQueues } from '../../../local/sqs-snapshot.js';
import { privateOrderQueues } from '../../support/orders-queues.js';

let queues: Awaited<ReturnType<typeof privateOrderQueues>>;
beforeAll(async () => {
  queues = await privateOrderQueues({ visibilityTimeoutSeconds: 1 });
});
afterAll(async () => {
  await queues.restore();
});

const Message = z.object({ group: z.string(), n: z.number(), id: z.string() });
const fifoQueue: QueueContract<typeof Message> = {
  name: 'order-status.fifo',
  schema: Message,
  fifo: { groupId: (message) => message.group, deduplicationId: (message) => message.id },
};

const receive = async (max = 10) =>
  (
    (
      await queues.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queues.fifo.url,
          MaxNumberOfMessages: max,
          WaitTimeSeconds: 0,
          MessageSystemAttributeNames: ['All'],
        }),
      )
    ).Messages ?? []
  ).map((message) => ({ ...JSON.parse(message.Body!), groupId: message.Attributes?.MessageGroupId }));

describe('fauxqs FIFO semantics (what the local poller relies on)', () => {
  it('keeps order per group, holds a group while one of its messages is in flight, and deduplicates', async () => {
    const entry = (group: string, n: number, id = `${group}-${n}`) => ({
      Id: `${group}${n}${Math.random().toString(36).slice(2, 6)}`,
      MessageBody: JSON.stringify({ group, n, id }),
      MessageGroupId: group,
      MessageDeduplicationId: id,
    });
    const [a, b] = [randomUUID(), randomUUID()];
    await queues.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queues.fifo.url,
        Entries: [entry(a, 1), entry(b, 1), entry(a, 2), entry(a, 3), entry(b, 2)],
      }),
    );
    // The same deduplication id again within the window: dropped.
    await queues.sqs.send(
      new SendMessageBatchCommand({ QueueUrl: queues.fifo.url, Entries: [entry(a, 9, `${a}-1`)] }),
    );

    const first = await receive(1);
    expect(first.map((m) => [m.group, m.n])).toEqual([[a, 1]]);
    expect(first[0]!.groupId).toBe(a);
    // a1 is in flight: a2 must not be handed out to anyone.
    const second = await receive(10);
    expect(second.every((m) => m.group !== a)).toBe(true);
    // Not deleted: after the visibility timeout a1 comes back first, then the rest in order.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const all = await queues.drain(queues.fifo.url);
    const seen = [...first, ...second, ...all.map((m) => JSON.parse(m.Body!))];
    const ofA = all.map((m) => JSON.parse(m.Body!)).filter((m) => m.group === a);
    expect(ofA.map((m) => m.n)).toEqual([1, 2, 3]);
    expect(seen.some((m) => m.n === 9)).toBe(false);
  });
});

describe('outbox relay to a FIFO queue', () => {
  it('never sends a row while an earlier row of its group is held by another relay; then sends both in order', async () => {
    const db = await getDb();
    const group = randomUUID();
    const other = randomUUID();
    const ids = await db.transaction().execute((trx) =>
      enqueue(trx, fifoQueue, [
        { group, n: 1, id: randomUUID() },
        { group, n: 2, id: randomUUID() },
        { group: other, n: 1, id: randomUUID() },
      ]),
    );
    const rows = await db
      .selectFrom('outbox')
      .select(['id', 'message_group_id', 'message_deduplication_id'])
      .where('id', 'in', ids)
      .orderBy('id')
      .execute();
    expect(rows.map((row) => row.message_group_id)).toEqual([group, group, other]);

    // Another relay holds row 1 (its transaction is still open) while this one is asked for rows 2 and 3.
    let outcome: { sent: number; failed: number } | undefined;
    await db.transaction().execute(async (trx) => {
      await trx.selectFrom('outbox').select('id').where('id', '=', ids[0]!).forUpdate().execute();
      outcome = await relay(db, { ids: [ids[1]!, ids[2]!] });
    });
    // Only the other group's row went out; row 2 waits: not sent in this run, but no attempt counted.
    expect(outcome).toEqual({ sent: 1, failed: 1 });
    const waiting = await db
      .selectFrom('outbox')
      .select(['id', 'attempts'])
      .where('id', 'in', ids)
      .orderBy('id')
      .execute();
    expect(waiting).toEqual([
      { id: ids[0], attempts: 0 },
      { id: ids[1], attempts: 0 },
    ]);

    expect(await relay(db, { ids })).toEqual({ sent: 2, failed: 0 });
    const received = (await queues.drain(queues.fifo.url)).map((m) => JSON.parse(m.Body!));
    expect(received.filter((m) => m.group === group).map((m) => m.n)).toEqual([1, 2]);
    expect(received.filter((m) => m.group === other).map((m) => m.n)).toEqual([1]);
  });

  it('a refused row stops its group (later rows wait, uncounted) but not other groups', async () => {
    const db = await getDb();
    // SQS refuses every send to a queue that does not exist; the group's rows there are refused in turn.
    const missing: QueueContract<typeof Message> = { ...fifoQueue, name: `missing-${randomUUID()}.fifo` };
    const [group, other] = [randomUUID(), randomUUID()];
    const ids = await db.transaction().execute(async (trx) => [
      ...(await enqueue(trx, missing, [
        { group, n: 1, id: randomUUID() },
        { group, n: 2, id: randomUUID() },
      ])),
      ...(await enqueue(trx, fifoQueue, [{ group: other, n: 1, id: randomUUID() }])),
    ]);
    try {
      // Not sent: the refused row (one attempt counted) and the row behind it (waiting, uncounted).
      expect(await relay(db, { ids })).toEqual({ sent: 1, failed: 2 });
      const left = await db
        .selectFrom('outbox')
        .select(['id', 'attempts'])
        .where('id', 'in', ids)
        .orderBy('id')
        .execute();
      expect(left).toEqual([
        { id: ids[0], attempts: 1 },
        { id: ids[1], attempts: 0 },
      ]);
      const received = (await queues.drain(queues.fifo.url)).map((m) => JSON.parse(m.Body!));
      expect(received.map((m) => [m.group, m.n])).toEqual([[other, 1]]);
    } finally {
      await db.deleteFrom('outbox').where('id', 'in', ids).execute();
    }
  });

  it('sends many rows of one group in id order across batches', async () => {
    const db = await getDb();
    const group = randomUUID();
    const ids = await db.transaction().execute((trx) =>
      enqueue(
        trx,
        fifoQueue,
        Array.from({ length: 25 }, (_, n) => ({
          group: n % 5 === 0 ? randomUUID() : group,
          n,
          id: randomUUID(),
        })),
      ),
    );
    expect(await relay(db, { ids })).toEqual({ sent: 25, failed: 0 });
    const received = (await queues.drain(queues.fifo.url)).map((m) => JSON.parse(m.Body!));
    const ns = received.filter((m) => m.group === group).map((m) => m.n);
    expect(ns).toEqual(Array.from({ length: 25 }, (_, n) => n).filter((n) => n % 5 !== 0));
  });
});

describe('graceful stop of the local runtime (queue snapshot) with a FIFO queue', () => {
  it('saves every message of every group, not just the first of each, and restores them in order', async () => {
    const fifo: QueueInfo = {
      logicalId: 'OrderStatusQueue',
      name: `${queues.prefix}order-status.fifo`,
      url: queues.fifo.url,
      arn: queues.fifo.arn,
    };
    const [a, b] = [randomUUID(), randomUUID()];
    await queues.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: fifo.url,
        Entries: [
          [a, 1],
          [b, 1],
          [a, 2],
          [a, 3],
          [b, 2],
        ].map(([group, n], index) => ({
          Id: String(index),
          MessageBody: JSON.stringify({ group, n }),
          MessageGroupId: String(group),
          MessageDeduplicationId: randomUUID(),
        })),
      }),
    );
    const file = path.join(
      await fs.mkdtemp(path.join(os.tmpdir(), 'syncore-snapshot-')),
      'sqs-snapshot.json',
    );
    expect(await saveQueues(queues.sqs, [fifo], file)).toBe(5);
    expect(await restoreQueues(queues.sqs, [fifo], file)).toBe(5);
    const received = (await queues.drain(fifo.url)).map((m) => JSON.parse(m.Body!));
    expect(received.filter((m) => m.group === a).map((m) => m.n)).toEqual([1, 2, 3]);
    expect(received.filter((m) => m.group === b).map((m) => m.n)).toEqual([1, 2]);
  });
});

describe('a FIFO queue with a FIFO dead-letter queue in the emulator', () => {
  it('moves a message received maxReceiveCount times to the DLQ, after which its group moves on', async () => {
    const name = `${queues.prefix}poison-${randomUUID().slice(0, 6)}`;
    const dlq = await queues.sqs.send(
      new CreateQueueCommand({ QueueName: `${name}-dlq.fifo`, Attributes: { FifoQueue: 'true' } }),
    );
    const { Attributes } = await queues.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl, AttributeNames: ['QueueArn'] }),
    );
    const main = await queues.sqs.send(
      new CreateQueueCommand({
        QueueName: `${name}.fifo`,
        Attributes: {
          FifoQueue: 'true',
          VisibilityTimeout: '1',
          RedrivePolicy: JSON.stringify({ deadLetterTargetArn: Attributes!.QueueArn, maxReceiveCount: 2 }),
        },
      }),
    );
    const group = randomUUID();
    await queues.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: main.QueueUrl,
        Entries: [1, 2].map((n) => ({
          Id: String(n),
          MessageBody: JSON.stringify({ n }),
          MessageGroupId: group,
          MessageDeduplicationId: randomUUID(),
        })),
      }),
    );
    const receiveFrom = async (url: string) =>
      (
        (
          await queues.sqs.send(
            new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 2 }),
          )
        ).Messages ?? []
      ).map((message) => JSON.parse(message.Body!).n);
    // Received twice without being deleted (the consumer kept failing it): never message 2 meanwhile.
    expect(await receiveFrom(main.QueueUrl!)).toEqual([1]);
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect(await receiveFrom(main.QueueUrl!)).toEqual([1]);
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect(await receiveFrom(main.QueueUrl!)).toEqual([2]);
    expect(await receiveFrom(dlq.QueueUrl!)).toEqual([1]);
    for (const url of [main.QueueUrl!, dlq.QueueUrl!])
      await queues.sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
  });
});
