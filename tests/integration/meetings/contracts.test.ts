/** The contracts meetings builds on, served by their real handlers: identity's lookupUsers, calendar's getBusyIntervals. */
import { afterEach, jest } from '@jest/globals';
import { invoker } from '#platform/contracts/invoke';
import { getDb } from '#platform/db/index';
import { Series } from '#scheduling/recurrence';
import { GetBusyIntervals } from '../../../functions/calendar/contract.js';
import { handler as createEvent } from '../../../functions/calendar/handlers/http/create-event.js';
import { handler as getBusyIntervals } from '../../../functions/calendar/handlers/invoke/get-busy-intervals.js';
import { DEFAULT_WORKING_HOURS, LookupUsers } from '../../../functions/identity/contract.js';
import { handler as getMe } from '../../../functions/identity/handlers/http/get-me.js';
import { handler as updateMe } from '../../../functions/identity/handlers/http/update-me.js';
import { handler as lookupUsers } from '../../../functions/identity/handlers/invoke/lookup-users.js';
import { directTransport } from '../../support/contracts.js';
import { callHttp } from '../../support/http-event.js';
import { createTestUser } from '../../support/users.js';

const invoke = invoker(
  directTransport({ lookupUsersContract: lookupUsers, getBusyIntervalsContract: getBusyIntervals }),
);

afterEach(() => {
  jest.restoreAllMocks();
});

describe('contracts used by meetings', () => {
  it('lookupUsers finds users by e-mail or id with their zone and working hours (default 09–18 Mon–Fri)', async () => {
    const [a, b] = await Promise.all([
      createTestUser({ name: 'Ada', timeZone: 'Europe/Berlin' }),
      createTestUser({ name: 'Bo' }),
    ]);
    const me = await callHttp(getMe, { token: a.token });
    expect(me.body.workingHours).toEqual(DEFAULT_WORKING_HOURS);
    const patched = await callHttp(updateMe, {
      method: 'PATCH',
      token: b.token,
      body: { workingHours: { start: '07:30', end: '16:00', days: [1, 2, 3, 4] } },
    });
    expect(patched.body.workingHours).toEqual({ start: '07:30', end: '16:00', days: [1, 2, 3, 4] });

    const byEmail = await invoke(LookupUsers, { emails: [a.email.toUpperCase(), 'nobody@example.test'] });
    expect(byEmail.users).toEqual([
      {
        id: a.id,
        email: a.email,
        role: 'client', // since 92c149b lookupUsers carries the role (booking's contracts use it)
        displayName: 'Ada',
        timeZone: 'Europe/Berlin',
        workingHours: DEFAULT_WORKING_HOURS,
        defaultReminders: null,
      },
    ]);
    const byId = await invoke(LookupUsers, { ids: [b.id] });
    expect(byId.users[0]?.workingHours).toEqual({ start: '07:30', end: '16:00', days: [1, 2, 3, 4] });
  });

  it('PATCH /me rejects invalid working hours naming the field', async () => {
    const user = await createTestUser();
    const call = (workingHours: unknown) =>
      callHttp(updateMe, { method: 'PATCH', token: user.token, body: { workingHours } });
    const fields = async (workingHours: unknown) => {
      const response = await call(workingHours);
      expect(response.status).toBe(400);
      return response.body.errors.map((error: { field: string }) => error.field);
    };
    expect(await fields({ start: '18:00', end: '09:00', days: [1] })).toEqual(['workingHours.end']);
    expect(await fields({ start: '9:00', end: '17:00', days: [1] })).toEqual(['workingHours.start']);
    expect(await fields({ start: '09:00', end: '17:00', days: [0, 8] })).toEqual([
      'workingHours.days.0',
      'workingHours.days.1',
    ]);
  });

  it('getBusyIntervals expands recurring events and returns merged times only', async () => {
    const user = await createTestUser({ timeZone: 'Europe/Berlin' });
    const make = (body: Record<string, unknown>) =>
      callHttp(createEvent, {
        method: 'POST',
        token: user.token,
        body: { timeZone: 'Europe/Berlin', ...body },
      });
    await make({
      title: 'Standup',
      startsAt: '2027-03-26T09:00:00+01:00',
      durationMinutes: 30,
      recurrence: 'FREQ=DAILY',
    });
    await make({ title: 'Overlap', startsAt: '2027-03-29T09:15:00+02:00', durationMinutes: 60 });
    const { busy } = await invoke(GetBusyIntervals, {
      userIds: [user.id],
      from: '2027-03-27T00:00:00Z',
      to: '2027-03-30T00:00:00Z',
    });
    expect(busy).toEqual([
      {
        userId: user.id,
        intervals: [
          { start: '2027-03-27T08:00:00.000Z', end: '2027-03-27T08:30:00.000Z' },
          { start: '2027-03-28T07:00:00.000Z', end: '2027-03-28T07:30:00.000Z' },
          { start: '2027-03-29T07:00:00.000Z', end: '2027-03-29T08:15:00.000Z' },
        ],
      },
    ]);
  });

  it('getBusyIntervals reads a counted series from its stored end, not by counting from 1970', async () => {
    const user = await createTestUser({ timeZone: 'UTC' });
    // A Monday the 31st, 95 times from 31 August 1970: about once a year, the last on 31 December 2063.
    const created = await callHttp(createEvent, {
      method: 'POST',
      token: user.token,
      body: {
        title: 'Rare',
        startsAt: '1970-08-31T09:00:00Z',
        durationMinutes: 60,
        timeZone: 'UTC',
        recurrence: 'FREQ=DAILY;COUNT=95;BYMONTHDAY=31;BYDAY=MO',
      },
    });
    expect(created.status).toBe(201);
    const { series_ends_at: end } = await (await getDb())
      .selectFrom('calendar_events')
      .select('series_ends_at')
      .where('id', '=', created.body.id)
      .executeTakeFirstOrThrow();
    expect(end).toEqual(new Date('2063-12-31T10:00:00Z'));

    const between = jest.spyOn(Series.prototype, 'between');
    const busy = async (from: string, to: string) =>
      (await invoke(GetBusyIntervals, { userIds: [user.id], from, to })).busy[0]?.intervals;
    expect(await busy('2063-12-01T00:00:00Z', '2064-01-01T00:00:00Z')).toEqual([
      { start: '2063-12-31T09:00:00.000Z', end: '2063-12-31T10:00:00.000Z' },
    ]);
    expect(await busy('2061-10-01T00:00:00Z', '2061-12-01T00:00:00Z')).toEqual([
      { start: '2061-10-31T09:00:00.000Z', end: '2061-10-31T10:00:00.000Z' },
    ]);
    expect(await busy('2064-01-01T00:00:00Z', '2064-03-01T00:00:00Z')).toEqual([]);
    expect(between).toHaveBeenCalledTimes(2); // the series is not even read after its stored end
    for (const [index, call] of between.mock.calls.entries()) {
      expect(call[2]).toEqual(end);
      // The window's days, not the ~34,000 days since 1970.
      expect((between.mock.contexts[index] as Series).periodsWalked).toBeLessThan(100);
    }
  });
});
