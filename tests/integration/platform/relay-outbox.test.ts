import { randomUUID } from 'node:crypto';
import { DeleteMessageBatchCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { z } from 'zod';
import { sqsClient } from '#platform/aws/clients';
import { getDb } from '#platform/db/index';
import { enqueue, MAX_ATTEMPTS, relay } from '#platform/messaging/outbox';
import { queueUrl } from '#platform/messaging/queues';
import { runInInvocation } from '#platform/observability';

// Every relay here names its rows (ids): the one test of the relayOutbox cron, which relays every
// pending row, lives in relay-outbox-outage.test.ts, so no other file's relay takes these rows.
// The notifications DLQ has no consumer in tests, so this test can own what arrives on it.
const queue = { name: 'notifications-dlq', schema: z.object({ marker: z.string(), n: z.number() }) };

async function drain(marker: string, expected: number) {
  const url = await queueUrl(queue.name);
  const seen: { n: number; correlationId?: string }[] = [];
  for (let round = 0; round < 20 && seen.length < expected; round++) {
    const batch = await sqsClient().send(
      new ReceiveMessageCommand({
        QueueUrl: url,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
        MessageAttributeNames: ['All'],
      }),
    );
    const mine = (batch.Messages ?? []).filter((item) => JSON.parse(item.Body ?? '{}').marker === marker);
    seen.push(
      ...mine.map((item) => ({
        n: JSON.parse(item.Body!).n,
        correlationId: item.MessageAttributes?.correlationId?.StringValue,
      })),
    );
    if (mine.length) {
      await sqsClient().send(
        new DeleteMessageBatchCommand({
          QueueUrl: url,
          Entries: mine.map((item, index) => ({ Id: String(index), ReceiptHandle: item.ReceiptHandle! })),
        }),
      );
    }
  }
  return seen;
}

describe('transactional outbox', () => {
  it('sends nothing for a rolled-back transaction and everything for a committed one, with its correlation id', async () => {
    const db = await getDb();
    const marker = randomUUID();
    await expect(
      db.transaction().execute(async (trx) => {
        await enqueue(trx, queue, [{ marker, n: -1 }]);
        throw new Error('business rule failed');
      }),
    ).rejects.toThrow('business rule failed');

    const ids = await runInInvocation('corr-outbox', () =>
      db.transaction().execute((trx) =>
        enqueue(
          trx,
          queue,
          Array.from({ length: 12 }, (_, n) => ({ marker, n })),
        ),
      ),
    );
    expect(await relay(db, { ids })).toEqual({ sent: 12, failed: 0 });
    expect(await relay(db, { ids })).toEqual({ sent: 0, failed: 0 }); // already sent and removed

    const received = await drain(marker, 12);
    expect(received.map((item) => item.n).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 12 }, (_, n) => n),
    );
    expect(new Set(received.map((item) => item.correlationId))).toEqual(new Set(['corr-outbox']));
  });

  it('keeps a group SQS refuses for the next run without holding back the others', async () => {
    const db = await getDb();
    const marker = randomUUID();
    const [stuck] = await enqueue(db, { name: 'no-such-queue', schema: queue.schema }, [{ marker, n: 1 }]);
    const [fine] = await enqueue(db, queue, [{ marker, n: 2 }]);
    expect(await relay(db, { ids: [stuck!, fine!] })).toEqual({ sent: 1, failed: 1 });
    const left = await db.selectFrom('outbox').select('id').where('id', 'in', [stuck!, fine!]).execute();
    expect(left.map((row) => row.id)).toEqual([stuck]);
    expect((await drain(marker, 1)).map((item) => item.n)).toEqual([2]);
    await db.deleteFrom('outbox').where('id', '=', stuck!).execute();
  });

  it('sets a message aside after repeated refusals, with its last error, and stops claiming it', async () => {
    const db = await getDb();
    const [stuck] = await enqueue(db, { name: 'no-such-queue', schema: queue.schema }, [
      { marker: randomUUID(), n: 1 },
    ]);
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      expect(await relay(db, { ids: [stuck!] })).toEqual({ sent: 0, failed: 1 });
    }
    const row = await db.selectFrom('outbox').selectAll().where('id', '=', stuck!).executeTakeFirstOrThrow();
    expect(row.attempts).toBe(MAX_ATTEMPTS);
    expect(row.set_aside_at).not.toBeNull();
    expect(row.last_error).toMatch(/queue/i);
    expect(await relay(db, { ids: [stuck!] })).toEqual({ sent: 0, failed: 0 });
    await db.deleteFrom('outbox').where('id', '=', stuck!).execute();
  });
});
