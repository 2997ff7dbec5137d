import { getDb } from '#platform/db/index';
import { cleanupEvents } from '../../../functions/calendar/cleanup-events.js';
import { createEvent as createEventUseCase } from '../../../functions/calendar/create-event.js';
import { deleteEvent as deleteEventUseCase } from '../../../functions/calendar/delete-event.js';
import { handler as createEvent } from '../../../functions/calendar/handlers/http/create-event.js';
import { handler as listDay } from '../../../functions/calendar/handlers/http/list-day.js';
import { create, get, list, patch, remove } from '../../support/calendar-http.js';
import { callHttp } from '../../support/http-event.js';
import { createTestUser } from '../../support/users.js';

describe('POST /events (then read, change and delete it)', () => {
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

  it('requires a bearer token', async () => {
    const response = await callHttp(createEvent, { method: 'POST', path: '/events', body: { title: 'x' } });
    expect(response.status).toBe(401);
  });

  it('bounds startsAt: before 1970 or more than 100 years ahead is a 400 naming the field', async () => {
    const user = await createTestUser();
    const far = new Date();
    far.setUTCFullYear(far.getUTCFullYear() + 101);
    for (const startsAt of ['1926-05-31T09:00:00Z', '1969-12-31T23:59:59Z', far.toISOString()]) {
      const response = await create(user, { title: 'Out of range', startsAt, durationMinutes: 30 });
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([
        expect.objectContaining({ in: 'body', field: 'startsAt', message: expect.stringMatching(/1970/) }),
      ]);
    }
    const ok = await create(user, { title: 'Epoch', startsAt: '1970-01-01T00:00:00Z', durationMinutes: 30 });
    expect(ok.status).toBe(201);
    const moved = await patch(user, ok.body.id, { startsAt: '1926-01-01T00:00:00Z' });
    expect(moved.status).toBe(400);
    expect(moved.body.errors[0].field).toBe('startsAt');
  });
});

describe('the per-user event quota', () => {
  it('answers 409 CALENDAR.EVENT_QUOTA_EXCEEDED once a user holds the quota, also for parallel creates', async () => {
    const user = await createTestUser();
    const db = await getDb();
    const deps = { db, eventQuota: 3 };
    const caller = { id: user.id, role: 'client' as const };
    const input = { title: 'One more', startsAt: '2030-01-01T10:00:00Z', durationMinutes: 30 };
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () => createEventUseCase(deps, caller, input)),
    );
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(3);
    for (const result of results.filter((item) => item.status === 'rejected')) {
      expect(result.reason).toMatchObject({ status: 409, code: 'CALENDAR.EVENT_QUOTA_EXCEEDED' });
    }
    const other = await createTestUser();
    await expect(createEventUseCase(deps, { id: other.id, role: 'client' }, input)).resolves.toMatchObject({
      title: 'One more',
    });
  });
  it('gives a place back for every event deleted, by its owner or by the cleanup, and none for a refused create', async () => {
    const user = await createTestUser();
    const db = await getDb();
    const deps = { db, eventQuota: 3 };
    const caller = { id: user.id, role: 'client' as const };
    const held = async () => {
      const [counted, owned] = await Promise.all([
        db
          .selectFrom('calendar_event_counts')
          .select('events')
          .where('owner_id', '=', user.id)
          .executeTakeFirst(),
        db.selectFrom('calendar_events').select('id').where('owner_id', '=', user.id).execute(),
      ]);
      expect(counted?.events).toBe(owned.length);
      return owned.length;
    };
    // Relative to today, so the cleanup below never counts them as past retention.
    const upcoming = {
      title: 'Upcoming',
      startsAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      durationMinutes: 30,
    };
    const longAgo = {
      title: 'Long ago',
      startsAt: '2001-01-01T10:00:00Z',
      durationMinutes: 30,
      timeZone: 'UTC',
    };
    const first = await createEventUseCase(deps, caller, upcoming);
    await createEventUseCase(deps, caller, longAgo);
    await createEventUseCase(deps, caller, longAgo);
    await expect(createEventUseCase(deps, caller, upcoming)).rejects.toMatchObject({
      code: 'CALENDAR.EVENT_QUOTA_EXCEEDED',
    });
    expect(await held()).toBe(3);

    await deleteEventUseCase(deps, caller, first.id);
    expect(await held()).toBe(2);
    await createEventUseCase(deps, caller, upcoming);
    await expect(createEventUseCase(deps, caller, upcoming)).rejects.toMatchObject({ status: 409 });
    expect(await held()).toBe(3);

    // The two events of 2001 are past any retention; the cleanup deletes them (with other tests' old
    // events, whose owners' counts it lowers the same way) and frees both places.
    const cleaned = await cleanupEvents(deps, { retentionDays: 365, batchSize: 1000, budgetMs: 10_000 });
    expect(cleaned.deleted).toBeGreaterThanOrEqual(2);
    expect(await held()).toBe(1);
    await createEventUseCase(deps, caller, upcoming);
    await createEventUseCase(deps, caller, upcoming);
    expect(await held()).toBe(3);
  });
});
