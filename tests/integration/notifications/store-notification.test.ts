import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { getDb } from '#platform/db/index';
import { relayQuietly } from '#platform/messaging/outbox';
import { storeNotifications } from '../../../functions/notifications/store-notification.js';
import { message, record, store } from '../../support/notifications.js';
import { createTestUser } from '../../support/users.js';

describe('notification storer', () => {
  it('stores each notification once however often it is delivered', async () => {
    const user = await createTestUser();
    const first = message(user.id);
    const second = message(user.id, { title: 'Second' });
    expect(await store([record(first), record(second), record(first)])).toEqual({ batchItemFailures: [] });
    expect(await store([record(first)])).toEqual({ batchItemFailures: [] });

    const db = await getDb();
    const rows = await db
      .selectFrom('notifications')
      .select(['id', 'correlation_id'])
      .where('recipient_id', '=', user.id)
      .where('source', '=', 'test')
      .execute();
    expect(rows.map((row) => row.id).sort()).toEqual([first.notificationId, second.notificationId].sort());
    expect(rows[0]?.correlation_id).toBe('corr-1');
  });

  it('reports only the poison records as failures and stores the rest', async () => {
    const user = await createTestUser();
    const good = message(user.id);
    const notJson = record('{oops', 'poison-json');
    const breaksContract = record({ ...message(user.id), recipientId: 'not-a-uuid' }, 'poison-contract');
    const unknownRecipient = record(message(randomUUID()), 'poison-fk');
    const result = await store([notJson, record(good), breaksContract, unknownRecipient]);
    expect(result.batchItemFailures.map((failure) => failure.itemIdentifier).sort()).toEqual([
      'poison-contract',
      'poison-fk',
      'poison-json',
    ]);
    const db = await getDb();
    const stored = await db
      .selectFrom('notifications')
      .select('id')
      .where('id', '=', good.notificationId)
      .execute();
    expect(stored).toHaveLength(1);
  });
});

describe('concurrent batches (one module instance, as under serverless-offline --useInProcess)', () => {
  it('keeps each batch its own failures', async () => {
    const user = await createTestUser();
    const batchA = [
      record('{oops', 'a-poison'),
      ...Array.from({ length: 5 }, () => record(message(user.id))),
    ];
    const batchB = Array.from({ length: 5 }, () => record(message(user.id)));
    const [resultA, resultB] = await Promise.all([store(batchA), store(batchB)]);
    expect(resultA.batchItemFailures).toEqual([{ itemIdentifier: 'a-poison' }]);
    expect(resultB.batchItemFailures).toEqual([]);
  });
});

/** Delivery jobs the storer put in the outbox (read before they are relayed to the deliveries queue). */
function recordingRelay() {
  const jobs: { notificationId: string; channel: string; correlationId: string | null }[] = [];
  const relay = async (ids: string[]) => {
    const db = await getDb();
    if (ids.length > 0) {
      const rows = await db
        .selectFrom('outbox')
        .select(['body', 'correlation_id'])
        .where('id', 'in', ids)
        .execute();
      for (const row of rows) {
        const { notificationId, channel } = JSON.parse(row.body) as {
          notificationId: string;
          channel: string;
        };
        jobs.push({ notificationId, channel, correlationId: row.correlation_id });
      }
    }
    await relayQuietly(db, ids);
  };
  return { jobs, relay };
}

const telegramMessage = (recipientId: string) => message(recipientId, { channels: ['in_app', 'telegram'] });

async function storedRows(ids: string[]) {
  const db = await getDb();
  const notifications = await db
    .selectFrom('notifications')
    .select(['id', sql<string>`xmin::text`.as('transaction')])
    .where('id', 'in', ids)
    .execute();
  const deliveries = await db
    .selectFrom('notification_deliveries')
    .select(['notification_id', 'channel', 'status'])
    .where('notification_id', 'in', ids)
    .orderBy('notification_id')
    .orderBy('channel')
    .execute();
  return { notifications, deliveries };
}

describe('storing a whole batch at once', () => {
  it('stores the records of one SQS batch in one transaction', async () => {
    const user = await createTestUser();
    const messages = Array.from({ length: 6 }, () => telegramMessage(user.id));
    expect(await store(messages.map((body) => record(body)))).toEqual({ batchItemFailures: [] });
    const { notifications, deliveries } = await storedRows(messages.map((m) => m.notificationId));
    expect(notifications).toHaveLength(6);
    // Rows written by one transaction share its id (xmin).
    expect(new Set(notifications.map((row) => row.transaction)).size).toBe(1);
    expect(deliveries).toHaveLength(6 * 3); // in_app sent, telegram queued, email skipped (no SMTP)
  });

  it('falls back to one transaction per record: the poison record fails alone, the others are stored once with one job each', async () => {
    const user = await createTestUser();
    const good = Array.from({ length: 4 }, () => telegramMessage(user.id));
    const poison = telegramMessage(randomUUID()); // no such user: the foreign key fails the batch
    const requests = [good[0], good[1], poison, good[2], good[3]].map((m, index) => ({
      message: m!,
      correlationId: `corr-${index}`,
    }));
    const { jobs, relay } = recordingRelay();
    const deps = { db: await getDb(), availableChannels: ['telegram' as const], relay };

    const outcomes = await storeNotifications(deps, requests);

    expect(outcomes.map((outcome) => outcome.ok)).toEqual([true, true, false, true, true]);
    expect(outcomes.filter((outcome) => outcome.ok).map((outcome) => outcome.ok && outcome.value)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    const { notifications, deliveries } = await storedRows([...good, poison].map((m) => m.notificationId));
    expect(notifications.map((row) => row.id).sort()).toEqual(good.map((m) => m.notificationId).sort());
    expect(deliveries).toHaveLength(4 * 3);
    expect(jobs.map((job) => job.notificationId).sort()).toEqual(good.map((m) => m.notificationId).sort());
    expect(new Set(jobs.map((job) => job.channel))).toEqual(new Set(['telegram']));
    // Each job keeps the correlation id of the record that carried its notification.
    expect(jobs.find((job) => job.notificationId === good[3]!.notificationId)?.correlationId).toBe('corr-4');

    // The batch comes again (SQS redelivers the poison record with its batch): nothing new.
    const again = await storeNotifications(deps, requests);
    expect(again.map((outcome) => (outcome.ok ? outcome.value : 'error'))).toEqual([
      false,
      false,
      'error',
      false,
      false,
    ]);
    expect(jobs).toHaveLength(4);
    expect((await storedRows(good.map((m) => m.notificationId))).deliveries).toHaveLength(4 * 3);
  });

  it('is idempotent: the same batch twice stores nothing more and queues no second delivery job', async () => {
    const user = await createTestUser();
    const messages = Array.from({ length: 5 }, () => telegramMessage(user.id));
    const requests = [...messages, messages[0]!].map((m) => ({ message: m, correlationId: 'corr-batch' }));
    const { jobs, relay } = recordingRelay();
    const deps = { db: await getDb(), availableChannels: ['telegram' as const], relay };

    const first = await storeNotifications(deps, requests);
    // The repeat of messages[0] inside the batch is a duplicate, not a second notification.
    expect(first.map((outcome) => outcome.ok && outcome.value)).toEqual([
      true,
      true,
      true,
      true,
      true,
      false,
    ]);
    const second = await storeNotifications(deps, requests);
    expect(second.map((outcome) => outcome.ok && outcome.value)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
    ]);

    const ids = messages.map((m) => m.notificationId);
    const { notifications, deliveries } = await storedRows(ids);
    expect(notifications).toHaveLength(5);
    expect(new Set(notifications.map((row) => row.transaction)).size).toBe(1);
    expect(deliveries).toHaveLength(5 * 3);
    expect(jobs.map((job) => job.notificationId).sort()).toEqual([...ids].sort());
  });
});
