import { getDb } from '#platform/db/index';
import { callHttp, type HttpEventInput } from '../../tests/support/http-event.js';
import { createTestUser, type TestUser } from '../../tests/support/users.js';
import { FEED_LIMITS, renderFeed } from './feed.js';
import { handler as calendarFeed } from './handlers/http/calendar-feed.js';
import { handler as createEvent } from './handlers/http/create-event.js';
import { handler as deleteEvent } from './handlers/http/delete-event.js';
import { handler as getEvent } from './handlers/http/get-event.js';
import { handler as listDay } from './handlers/http/list-day.js';
import { handler as listMonth } from './handlers/http/list-month.js';
import { handler as listWeek } from './handlers/http/list-week.js';
import { handler as rotateFeedToken } from './handlers/http/rotate-feed-token.js';
import { handler as updateEvent } from './handlers/http/update-event.js';

const create = (user: TestUser, body: unknown) =>
  callHttp(createEvent, { method: 'POST', path: '/events', token: user.token, body });
const get = (user: TestUser, id: string) =>
  callHttp(getEvent, { path: `/events/${id}`, token: user.token, params: { id } });
const patch = (user: TestUser, id: string, body: unknown) =>
  callHttp(updateEvent, { method: 'PATCH', path: `/events/${id}`, token: user.token, params: { id }, body });
const remove = (user: TestUser, id: string) =>
  callHttp(deleteEvent, { method: 'DELETE', path: `/events/${id}`, token: user.token, params: { id } });
const list = (
  handler: typeof listWeek,
  kind: string,
  user: TestUser,
  date: string,
  query?: HttpEventInput['query'],
) => callHttp(handler, { path: `/events/${kind}/${date}`, token: user.token, params: { date }, query });

describe('calendar events API', () => {
  it('creates, reads, updates and deletes an event', async () => {
    const user = await createTestUser({ timeZone: 'Europe/Berlin' });
    const created = await create(user, {
      title: 'Dentist',
      description: 'Bring the form',
      startsAt: '2030-05-06T10:00:00+02:00',
      durationMinutes: 45,
      reminders: [{ minutesBefore: 60 }, { minutesBefore: 10 }],
    });
    expect(created.status).toBe(201);
    expect(created.headers.location).toBe(`/events/${created.body.id}`);
    expect(created.body).toMatchObject({
      title: 'Dentist',
      startsAt: '2030-05-06T10:00:00+02:00',
      endsAt: '2030-05-06T10:45:00+02:00',
      timeZone: 'Europe/Berlin', // the user's zone by default
      reminders: [{ minutesBefore: 10 }, { minutesBefore: 60 }],
      recurrence: null,
    });

    const read = await get(user, created.body.id);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);

    const updated = await patch(user, created.body.id, {
      endsAt: '2030-05-06T11:30:00+02:00',
      description: null,
      reminders: [],
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ durationMinutes: 90, description: null, reminders: [] });

    expect((await remove(user, created.body.id)).status).toBe(204);
    expect((await get(user, created.body.id)).status).toBe(404);
  });

  it("answers 404 for someone else's event, as for a missing one", async () => {
    const [owner, other] = await Promise.all([createTestUser(), createTestUser()]);
    const created = await create(owner, {
      title: 'Private',
      startsAt: '2030-01-01T10:00:00Z',
      durationMinutes: 30,
    });
    for (const response of [
      await get(other, created.body.id),
      await patch(other, created.body.id, { title: 'Mine now' }),
      await remove(other, created.body.id),
      await get(other, '00000000-0000-4000-8000-000000000000'),
    ]) {
      expect(response.status).toBe(404);
      expect(response.body.code).toBe('EVENT.NOT_FOUND');
    }
    expect((await get(owner, created.body.id)).body.title).toBe('Private');
  });

  it('rejects bad input with 400 naming the field', async () => {
    const user = await createTestUser();
    const base = { title: 'x', startsAt: '2030-01-01T10:00:00Z', durationMinutes: 30 };
    const cases: Array<[unknown, string]> = [
      [{ ...base, durationMinutes: undefined, endsAt: '2030-01-01T10:00:00Z' }, 'endsAt'],
      [{ ...base, timeZone: 'Mars/Olympus' }, 'timeZone'],
      [{ ...base, recurrence: 'FREQ=SECONDLY' }, 'recurrence'],
      [{ ...base, reminders: [1, 2, 3, 4, 5, 6].map((minutesBefore) => ({ minutesBefore })) }, 'reminders'],
      [{ ...base, reminders: [{ minutesBefore: 40_321 }] }, 'reminders.0.minutesBefore'],
      [{ ...base, title: 'x'.repeat(201) }, 'title'],
      [{ ...base, startsAt: '2030-01-01T10:00:00' }, 'startsAt'],
      [{ ...base, colour: 'red' }, 'colour'],
      [{ ...base, durationMinutes: undefined }, 'endsAt'],
      // 2030-01-01 is a Tuesday: not an occurrence of "every Monday".
      [{ ...base, recurrence: 'FREQ=WEEKLY;BYDAY=MO' }, 'startsAt'],
    ];
    for (const [body, field] of cases) {
      const response = await create(user, body);
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toBe('application/problem+json');
      expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
    }
    const notADate = await list(listDay, 'day', user, '2026-02-30');
    expect(notADate.status).toBe(400);
    expect(notADate.body.errors[0]).toMatchObject({ in: 'path', field: 'date' });
    const unknownParam = await list(listDay, 'day', user, '2026-02-03', { zone: 'UTC' });
    expect(unknownParam.status).toBe(400);
    const badPatch = await patch(user, (await create(user, base)).body.id, {
      endsAt: '2029-01-01T00:00:00Z',
    });
    expect(badPatch.status).toBe(400);
    expect(badPatch.body.errors[0].field).toBe('endsAt');
  });

  it('rejects a rule too sparse to reach its COUNT within 100 years, and views far away stay bounded', async () => {
    const user = await createTestUser({ timeZone: 'Europe/Berlin' });
    // Monday 31 August 2026; Mondays the 31st come about once a year, so COUNT=5000 would run to year ~7000.
    const sparse = { title: 'Rare', startsAt: '2026-08-31T09:00:00+02:00', durationMinutes: 30 };
    const tooSparse = await create(user, {
      ...sparse,
      recurrence: 'FREQ=DAILY;COUNT=5000;BYMONTHDAY=31;BYDAY=MO',
    });
    expect(tooSparse.status).toBe(400);
    expect(tooSparse.body.errors).toEqual([
      expect.objectContaining({
        in: 'body',
        field: 'recurrence',
        message: expect.stringMatching(/too sparse/),
      }),
    ]);
    const unbounded = await create(user, { ...sparse, recurrence: 'FREQ=DAILY;BYMONTHDAY=31;BYDAY=MO' });
    expect(unbounded.status).toBe(201);
    const day = await list(listDay, 'day', user, '6000-01-31');
    expect(day.status).toBe(200);
    expect(day.body.items.map((item: { startsAt: string }) => item.startsAt)).toEqual([
      '6000-01-31T09:00:00+01:00',
    ]);
  });

  it('keeps all-day events to whole local days on DST days and across a zone change', async () => {
    const user = await createTestUser({ timeZone: 'Europe/Berlin' });
    const holiday = await create(user, {
      title: 'Holiday',
      startsAt: '2026-10-25T00:00:00+02:00',
      endsAt: '2026-10-26T00:00:00+01:00', // 25 hours: one calendar day
      allDay: true,
    });
    expect(holiday.status).toBe(201);
    expect(holiday.body).toMatchObject({ endsAt: '2026-10-26T00:00:00+01:00', durationMinutes: 1440 });
    const day = await list(listDay, 'day', user, '2026-10-25');
    expect(day.body.items.map((item: { endsAt: string }) => item.endsAt)).toEqual([
      '2026-10-26T00:00:00+01:00',
    ]);
    const spring = await create(user, {
      title: 'Spring',
      startsAt: '2026-03-29T00:00:00+01:00',
      allDay: true,
    });
    expect((await list(listDay, 'day', user, '2026-03-30')).body.items).toEqual([]);
    // Only the zone changes: still 25 October, now midnight in New York.
    const moved = await patch(user, holiday.body.id, { timeZone: 'America/New_York' });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({
      startsAt: '2026-10-25T00:00:00-04:00',
      endsAt: '2026-10-26T00:00:00-04:00',
    });
    expect(spring.status).toBe(201);
  });

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

  it('serves an ICS feed by token and rotates the token', async () => {
    const user = await createTestUser({ name: 'Feed Owner', timeZone: 'Europe/Berlin' });
    await create(user, {
      title: 'Yoga, weekly',
      startsAt: '2030-01-07T18:00:00+01:00',
      durationMinutes: 60,
      recurrence: 'FREQ=WEEKLY;COUNT=10',
      reminders: [{ minutesBefore: 30 }],
    });
    const first = await callHttp(rotateFeedToken, {
      method: 'POST',
      path: '/me/calendar-token',
      token: user.token,
    });
    expect(first.status).toBe(201);
    expect(first.body.url).toContain(`/calendar.ics?token=${first.body.token}`);

    const feed = await callHttp(calendarFeed, { path: '/calendar.ics', query: { token: first.body.token } });
    expect(feed.status).toBe(200);
    expect(feed.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(feed.raw).toContain('SUMMARY:Yoga\\, weekly');
    expect(feed.raw).toContain('DTSTART;TZID=Europe/Berlin:20300107T180000');
    expect(feed.raw).toContain('RRULE:FREQ=WEEKLY;COUNT=10');
    expect(feed.raw).toContain('TRIGGER:-PT30M');

    const second = await callHttp(rotateFeedToken, {
      method: 'POST',
      path: '/me/calendar-token',
      token: user.token,
    });
    expect(
      (await callHttp(calendarFeed, { path: '/calendar.ics', query: { token: first.body.token } })).status,
    ).toBe(404);
    expect(
      (await callHttp(calendarFeed, { path: '/calendar.ics', query: { token: second.body.token } })).status,
    ).toBe(200);
    expect((await callHttp(calendarFeed, { path: '/calendar.ics', query: { token: 'nope' } })).status).toBe(
      404,
    );
  });

  it('feeds events reaching into the last year, running and nearest ones first when capped', async () => {
    const user = await createTestUser({ timeZone: 'UTC' });
    const at = (iso: string, title: string, more: object = {}) =>
      create(user, { title, startsAt: iso, durationMinutes: 60, ...more });
    const now = new Date();
    const shift = (days: number) => new Date(now.getTime() + days * 86_400_000).toISOString();
    await at(shift(-800), 'Two years ago');
    await at(shift(-200), 'Half a year ago');
    await at(shift(-3000), 'Daily since long ago', { recurrence: 'FREQ=DAILY' });
    await at(shift(7), 'Next week');
    await at(shift(5000), 'Far future');
    const { token } = (
      await callHttp(rotateFeedToken, { method: 'POST', path: '/me/calendar-token', token: user.token })
    ).body;
    const titles = async (limits = FEED_LIMITS) =>
      [
        ...(await renderFeed({ db: await getDb() }, token, 'http://localhost', limits)).matchAll(
          /SUMMARY:(.*)\r\n/g,
        ),
      ]
        .map((match) => match[1])
        .sort();
    expect(await titles()).toEqual(['Daily since long ago', 'Far future', 'Half a year ago', 'Next week']);
    expect(await titles({ ...FEED_LIMITS, events: 3 })).toEqual([
      'Daily since long ago',
      'Half a year ago',
      'Next week',
    ]);
  });

  it('requires a bearer token', async () => {
    const response = await callHttp(createEvent, { method: 'POST', path: '/events', body: { title: 'x' } });
    expect(response.status).toBe(401);
  });
});
