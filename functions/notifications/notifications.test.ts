import { randomUUID } from 'node:crypto';
import type { SQSRecord } from 'aws-lambda';
import { getDb } from '#platform/db/index';
import { callHttp, lambdaContext } from '../../tests/support/http-event.js';
import { createTestUser } from '../../tests/support/users.js';
import type { NotificationMessage } from './contract.js';
import { handler as purgeHandler } from './handlers/cron/purge-notifications.js';
import { handler as listHandler } from './handlers/http/list-notifications.js';
import { handler as storeHandler } from './handlers/sqs/store-notification.js';
import { purgeOldNotifications } from './purge-notifications.js';

function message(recipientId: string, overrides: Partial<NotificationMessage> = {}): NotificationMessage {
  return {
    notificationId: `test:${randomUUID()}`,
    recipientId,
    source: 'test',
    type: 'test.ping',
    title: 'Ping',
    data: { n: 1 },
    dueAt: new Date().toISOString(),
    channels: ['in_app'],
    ...overrides,
  };
}

function record(body: unknown, messageId: string = randomUUID()): SQSRecord {
  return {
    messageId,
    receiptHandle: `rh-${messageId}`,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: String(Date.now()),
      SenderId: 'test',
      ApproximateFirstReceiveTimestamp: String(Date.now()),
    },
    messageAttributes: {
      correlationId: {
        stringValue: 'corr-1',
        dataType: 'String',
        stringListValues: [],
        binaryListValues: [],
      },
    },
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:eu-central-1:000000000000:syncore-local-notifications',
    awsRegion: 'eu-central-1',
  };
}

/** Follows nextCursor to the end and returns the titles of this test's notifications, in order. */
async function titlesPageByPage(token: string, limit: number): Promise<string[]> {
  const titles: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await callHttp(listHandler, {
      token,
      query: cursor ? { limit: String(limit), cursor } : { limit: String(limit) },
    });
    expect(page.status).toBe(200);
    titles.push(
      ...page.body.items
        .filter((item: { source: string }) => item.source === 'test')
        .map((item: { title: string }) => item.title),
    );
    cursor = page.body.nextCursor ?? undefined;
  } while (cursor);
  return titles;
}

const store = (records: SQSRecord[]) =>
  storeHandler({ Records: records }, lambdaContext('storeNotification'));

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

describe('GET /notifications', () => {
  it("pages through the caller's notifications newest first and never shows another user's", async () => {
    const user = await createTestUser();
    const other = await createTestUser();
    const db = await getDb();
    const base = Date.now();
    const mine = Array.from({ length: 5 }, (_, index) => message(user.id, { title: `n${index}` }));
    for (const [index, item] of mine.entries()) {
      await db
        .insertInto('notifications')
        .values({
          id: item.notificationId,
          recipient_id: user.id,
          source: 'test',
          type: 't',
          title: item.title,
          due_at: item.dueAt,
          created_at: new Date(base + index * 1000),
        })
        .execute();
    }
    await store([record(message(other.id, { title: 'not yours' }))]);

    expect(await titlesPageByPage(user.token, 2)).toEqual(['n4', 'n3', 'n2', 'n1', 'n0']);
  });

  it('pages exactly through notifications stored within the same millisecond', async () => {
    const user = await createTestUser();
    const db = await getDb();
    for (const [index, micros] of ['.123100', '.123200', '.123300'].entries()) {
      await db
        .insertInto('notifications')
        .values({
          id: `same-ms-${index}-${randomUUID()}`,
          recipient_id: user.id,
          source: 'test',
          type: 't',
          title: `m${index}`,
          due_at: new Date(),
          created_at: `2026-01-01T00:00:00${micros}Z`,
        })
        .execute();
    }
    expect(await titlesPageByPage(user.token, 1)).toEqual(['m2', 'm1', 'm0']);
  });

  it('rejects a forged cursor, an unknown parameter and an out-of-range limit', async () => {
    const user = await createTestUser();
    const forged = await callHttp(listHandler, { token: user.token, query: { cursor: 'bm9wZQ' } });
    expect(forged.status).toBe(400);
    expect(forged.body.errors[0].field).toBe('cursor');
    const unknown = await callHttp(listHandler, { token: user.token, query: { sort: 'asc' } });
    expect(unknown.body.errors[0]).toMatchObject({ in: 'query', field: 'sort' });
    const tooMany = await callHttp(listHandler, { token: user.token, query: { limit: '1000' } });
    expect(tooMany.status).toBe(400);
  });
});

describe('purge', () => {
  it('deletes only notifications older than the retention, in batches', async () => {
    const user = await createTestUser();
    const db = await getDb();
    // Relative to the real clock, so rows of concurrently running tests (all recent) are never touched.
    const now = new Date();
    const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000);
    const old = Array.from({ length: 7 }, () => `old:${randomUUID()}`);
    const fresh = `fresh:${randomUUID()}`;
    const row = (id: string, createdAt: Date) => ({
      id,
      recipient_id: user.id,
      source: 'test',
      type: 't',
      title: 't',
      due_at: createdAt,
      created_at: createdAt,
    });
    await db
      .insertInto('notifications')
      .values([...old.map((id) => row(id, daysAgo(200))), row(fresh, daysAgo(10))])
      .execute();
    const result = await purgeOldNotifications(
      { db, now: () => now },
      { retentionDays: 90, batchSize: 3, budgetMs: 10_000 },
    );
    expect(result.deleted).toBeGreaterThanOrEqual(7);
    const left = await db
      .selectFrom('notifications')
      .select('id')
      .where('recipient_id', '=', user.id)
      .where('source', '=', 'test')
      .execute();
    expect(left.map((item) => item.id)).toEqual([fresh]);
  });

  it('runs on schedule with the configured retention (90 days by default)', async () => {
    const result = await purgeHandler({ id: randomUUID() }, lambdaContext('purgeNotifications'));
    expect(Date.parse(result.cutoff)).toBeLessThan(Date.now() - 89 * 86_400_000);
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
