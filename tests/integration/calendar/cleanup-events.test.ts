import { getDb } from '#platform/db/index';
import { cleanupEvents } from '../../../functions/calendar/cleanup-events.js';
import { createEvent } from '../../../functions/calendar/create-event.js';
import { createTestUser, type TestUser } from '../../support/users.js';

const MINUTE = 60_000;
const caller = (user: TestUser) => ({ id: user.id, role: 'client' as const });
const inMinutes = (minutes: number, from = Date.now()) => new Date(from + minutes * MINUTE).toISOString();

describe('cleanupEvents', () => {
  it('cleanup deletes events whose last occurrence ended past the retention period, with their reminders', async () => {
    const user = await createTestUser();
    const db = await getDb();
    const old = await createEvent({ db }, caller(user), {
      title: 'Old',
      startsAt: inMinutes(-400 * 1440),
      durationMinutes: 60,
      timeZone: 'UTC',
    });
    const recent = await createEvent({ db }, caller(user), {
      title: 'Recent',
      startsAt: inMinutes(-100 * 1440),
      durationMinutes: 60,
      timeZone: 'UTC',
    });
    const endless = await createEvent({ db }, caller(user), {
      title: 'Weekly forever',
      startsAt: inMinutes(-400 * 1440),
      durationMinutes: 60,
      timeZone: 'UTC',
      recurrence: 'FREQ=WEEKLY',
      reminders: [{ minutesBefore: 5 }],
    });
    const result = await cleanupEvents({ db }, { retentionDays: 365, batchSize: 1, budgetMs: 10_000 });
    expect(result.deleted).toBeGreaterThanOrEqual(1);
    const left = await db
      .selectFrom('calendar_events')
      .select('id')
      .where('owner_id', '=', user.id)
      .execute();
    expect(left.map((row) => row.id).sort()).toEqual([recent.id, endless.id].sort());
    expect(left.some((row) => row.id === old.id)).toBe(false);
  });
});
