import { getDb } from '#platform/db/index';
import { handler as listDay } from '../../../functions/calendar/handlers/http/list-day.js';
import { handler as listMonth } from '../../../functions/calendar/handlers/http/list-month.js';
import { handler as listWeek } from '../../../functions/calendar/handlers/http/list-week.js';
import { listPeriod } from '../../../functions/calendar/list-period.js';
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

describe('a month view of pathological recurrences (Monday the 31st, 95 times, from 1970)', () => {
  const rule = 'FREQ=DAILY;BYMONTHDAY=31;BYDAY=MO;COUNT=95';
  const titles = Array.from({ length: 40 }, (_, index) => `Rare ${String(index).padStart(2, '0')}`);

  it('lists every occurrence in the month, none after the 95th, and caps the events per view', async () => {
    const user = await createTestUser({ timeZone: 'UTC' });
    for (const title of titles) {
      // 1970-08-31 is the first Monday the 31st after the epoch; the 95th is 2063-12-31.
      const created = await create(user, {
        title,
        startsAt: '1970-08-31T09:00:00Z',
        durationMinutes: 60,
        recurrence: rule,
      });
      expect(created.status).toBe(201);
    }
    const month = (date: string) => list(listMonth, 'month', user, date);

    const august = await month('2026-08-01');
    expect(august.status).toBe(200);
    expect(
      august.body.items.map((item: { title: string; startsAt: string }) => [item.title, item.startsAt]),
    ).toEqual(titles.map((title) => [title, '2026-08-31T09:00:00Z']));
    expect((await month('2026-07-01')).body.items).toEqual([]);
    const last = await month('2063-12-01');
    expect(last.body.items).toHaveLength(40);
    expect(last.body.items[0].startsAt).toBe('2063-12-31T09:00:00Z');
    // 2064-03-31 is a Monday the 31st too, but it would be the 96th occurrence.
    expect((await month('2064-03-01')).body.items).toEqual([]);

    const db = await getDb();
    const capped = listPeriod(
      { db, maxEventsPerView: 39 },
      { id: user.id, role: 'client' },
      'month',
      '2026-08-01',
    );
    await expect(capped).rejects.toMatchObject({ status: 400, code: 'CALENDAR.TOO_MANY_EVENTS_IN_VIEW' });
    const fits = await listPeriod(
      { db, maxEventsPerView: 40 },
      { id: user.id, role: 'client' },
      'month',
      '2026-08-01',
    );
    expect(fits.items).toHaveLength(40);
  });
});
