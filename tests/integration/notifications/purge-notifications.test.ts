import { randomUUID } from 'node:crypto';
import { getDb } from '#platform/db/index';
import { handler as purgeHandler } from '../../../functions/notifications/handlers/cron/purge-notifications.js';
import { purgeNotifications } from '../../../functions/notifications/purge-notifications.js';
import { lambdaContext } from '../../support/http-event.js';
import { createTestUser } from '../../support/users.js';

describe('purgeNotifications', () => {
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
    const result = await purgeNotifications(
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
    const ninetyDays = 90 * 86_400_000;
    const before = Date.now();
    const result = await purgeHandler({ id: randomUUID() }, lambdaContext('purgeNotifications'));
    const after = Date.now();
    // Exactly 90 days before the run: a 365-day (or 89-day) default fails here.
    expect(Date.parse(result.cutoff)).toBeGreaterThanOrEqual(before - ninetyDays);
    expect(Date.parse(result.cutoff)).toBeLessThanOrEqual(after - ninetyDays);
  });
});
