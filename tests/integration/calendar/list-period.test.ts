import { handler as listDay } from '../../../functions/calendar/handlers/http/list-day.js';
import { handler as listMonth } from '../../../functions/calendar/handlers/http/list-month.js';
import { handler as listWeek } from '../../../functions/calendar/handlers/http/list-week.js';
import { create, list } from '../../support/calendar-http.js';
import { createTestUser } from '../../support/users.js';

describe('GET /events/day|week|month/{date}', () => {
  it('lists occurrences per day, week and month across a DST change, expanding recurring events', async () => {
    const user = await createTestUser({ timeZone: 'Europe/Berlin' });
    const standup = await create(user, {
      title: 'Stand-up',
      startsAt: '2026-03-02T09:00:00+01:00',
      durationMinutes: 15,
      recurrence: 'FREQ=WEEKLY;BYDAY=MO,TH',
    });
    expect(standup.status).toBe(201);
    await create(user, { title: 'Late dinner', startsAt: '2026-03-29T23:30:00+02:00', durationMinutes: 60 });
    await create(user, { title: 'Far away', startsAt: '2026-06-01T09:00:00+02:00', durationMinutes: 60 });

    const week = await list(listWeek, 'week', user, '2026-03-29');
    expect(week.status).toBe(200);
    expect(week.body).toMatchObject({
      period: 'week',
      timeZone: 'Europe/Berlin',
      from: '2026-03-23T00:00:00+01:00',
      to: '2026-03-30T00:00:00+02:00',
    });
    expect(
      week.body.items.map((item: { title: string; startsAt: string }) => [item.title, item.startsAt]),
    ).toEqual([
      ['Stand-up', '2026-03-23T09:00:00+01:00'],
      ['Stand-up', '2026-03-26T09:00:00+01:00'],
      ['Late dinner', '2026-03-29T23:30:00+02:00'],
    ]);
    expect(week.body.items[0].seriesId).toBe(standup.body.id);
    expect(week.body.items[2].seriesId).toBeNull();

    // After the change the stand-up is still 09:00 local; the dinner running past midnight overlaps Monday too.
    const day = await list(listDay, 'day', user, '2026-03-30');
    expect(day.body.items.map((item: { startsAt: string }) => item.startsAt)).toEqual([
      '2026-03-29T23:30:00+02:00',
      '2026-03-30T09:00:00+02:00',
    ]);

    // The same day seen from New York.
    const nyDay = await list(listDay, 'day', user, '2026-03-30', { tz: 'America/New_York' });
    expect(nyDay.body.items.map((item: { startsAt: string }) => item.startsAt)).toEqual([
      '2026-03-30T03:00:00-04:00',
    ]);

    const month = await list(listMonth, 'month', user, '2026-03-15');
    expect(month.body.items.filter((item: { title: string }) => item.title === 'Stand-up')).toHaveLength(9);
    expect(month.body.items.some((item: { title: string }) => item.title === 'Far away')).toBe(false);
  });
});
