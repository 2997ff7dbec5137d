import { randomUUID } from 'node:crypto';
import { getDb } from '#platform/db/index';
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
