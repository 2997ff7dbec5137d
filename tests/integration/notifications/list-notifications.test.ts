import { randomUUID } from 'node:crypto';
import { getDb } from '#platform/db/index';
import { handler as listHandler } from '../../../functions/notifications/handlers/http/list-notifications.js';
import { callHttp } from '../../support/http-event.js';
import { message, record, store, titlesPageByPage } from '../../support/notifications.js';
import { createTestUser } from '../../support/users.js';

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
    // Recent, so the purge test running beside this one (everything older than 90 days) leaves them be.
    const millisecond = new Date(Date.now() - 3_600_000).toISOString().slice(0, -1); // …HH:MM:SS.mmm
    for (const [index, micros] of ['100', '200', '300'].entries()) {
      await db
        .insertInto('notifications')
        .values({
          id: `same-ms-${index}-${randomUUID()}`,
          recipient_id: user.id,
          source: 'test',
          type: 't',
          title: `m${index}`,
          due_at: new Date(),
          created_at: `${millisecond}${micros}Z`,
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

  it('answers 400 for a cursor whose timestamp would overflow the database, not 500', async () => {
    const user = await createTestUser();
    for (const raw of ['9999999999999999999|x', '99999999999999999|x']) {
      const cursor = Buffer.from(raw).toString('base64url');
      const response = await callHttp(listHandler, { token: user.token, query: { cursor } });
      expect(response.status).toBe(400);
      expect(response.body.errors[0].field).toBe('cursor');
    }
  });
});
