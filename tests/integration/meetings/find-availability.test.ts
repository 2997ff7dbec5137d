/**
 * Find a time across two zones on a DST day: Sunday 28 March 2027, when Berlin moves to CEST (New York
 * has been on EDT since 14 March). Busy = calendar events (through calendar's contract) and accepted meetings.
 */
import { handler as createEvent } from '../../../functions/calendar/handlers/http/create-event.js';
import { handler as updateMe } from '../../../functions/identity/handlers/http/update-me.js';
import { addMember } from '../../../functions/meetings/add-member.js';
import { createGroup } from '../../../functions/meetings/create-group.js';
import { createMeeting } from '../../../functions/meetings/create-meeting.js';
import { findAvailability } from '../../../functions/meetings/find-availability.js';
import { handler as findAvailabilityHttp } from '../../../functions/meetings/handlers/http/find-availability.js';
import { callHttp } from '../../support/http-event.js';
import { createTestUser, type TestUser } from '../../support/users.js';
import { actor, meetingsTestDeps } from './support.js';

const everyDay = [1, 2, 3, 4, 5, 6, 7];

async function setHours(user: TestUser, start: string, end: string) {
  const response = await callHttp(updateMe, {
    method: 'PATCH',
    token: user.token,
    body: { workingHours: { start, end, days: everyDay } },
  });
  expect(response.status).toBe(200);
  expect(response.body.workingHours).toEqual({ start, end, days: everyDay });
}

describe('GET /groups/{id}/availability', () => {
  it('finds slots inside both zones’ working hours on a DST day, around events and accepted meetings', async () => {
    const t = await meetingsTestDeps();
    const berlin = await createTestUser({ timeZone: 'Europe/Berlin' });
    const newYork = await createTestUser({ timeZone: 'America/New_York' });
    await setHours(berlin, '09:00', '18:00'); // 07:00Z–16:00Z on the first CEST day
    await setHours(newYork, '08:00', '12:00'); // 12:00Z–16:00Z (EDT)
    const group = await createGroup(t.deps, actor(berlin), { name: 'Transatlantic' });
    await addMember(t.deps, actor(berlin), group.id, { email: newYork.email, role: 'member' });

    // New York: a private event 09:00–10:00 EDT (13:00Z–14:00Z).
    const event = await callHttp(createEvent, {
      method: 'POST',
      token: newYork.token,
      body: {
        title: 'Dentist',
        startsAt: '2027-03-28T09:00:00-04:00',
        durationMinutes: 60,
        timeZone: 'America/New_York',
      },
    });
    expect(event.status).toBe(201);
    // Berlin: a meeting of another group, accepted (as organizer), 17:00–17:30 CEST (15:00Z–15:30Z).
    const other = await createGroup(t.deps, actor(berlin), { name: 'Other' });
    await createMeeting(t.deps, actor(berlin), other.id, {
      title: '1:1',
      startsAt: '2027-03-28T17:00:00+02:00',
      durationMinutes: 30,
      timeZone: 'Europe/Berlin',
    });

    const result = await findAvailability(t.deps, actor(newYork), group.id, {
      from: '2027-03-28T00:00:00Z',
      to: '2027-03-29T00:00:00Z',
      durationMinutes: 60,
      limit: 10,
    });
    expect(result.slots).toEqual([
      { start: '2027-03-28T12:00:00.000Z', end: '2027-03-28T13:00:00.000Z' },
      { start: '2027-03-28T14:00:00.000Z', end: '2027-03-28T15:00:00.000Z' },
    ]);
    // Only free slots leave: no titles, no busy intervals.
    expect(Object.keys(result).sort()).toEqual(['attendees', 'durationMinutes', 'from', 'slots', 'to']);
    expect(JSON.stringify(result)).not.toContain('Dentist');

    // Just the Berlin member: the whole CEST working day except the meeting.
    const alone = await findAvailability(t.deps, actor(berlin), group.id, {
      from: '2027-03-28T00:00:00Z',
      to: '2027-03-29T00:00:00Z',
      durationMinutes: 240,
      attendees: [berlin.id],
      limit: 50,
    });
    expect(alone.slots[0]).toEqual({ start: '2027-03-28T07:00:00.000Z', end: '2027-03-28T11:00:00.000Z' });
    expect(alone.slots.at(-1)).toEqual({
      start: '2027-03-28T11:00:00.000Z',
      end: '2027-03-28T15:00:00.000Z',
    });
    await t.dispose();
  });

  it('names the field for bad input', async () => {
    const user = await createTestUser();
    const t = await meetingsTestDeps();
    const group = await createGroup(t.deps, actor(user), { name: 'Solo' });
    const call = (query: Record<string, string>) =>
      callHttp(findAvailabilityHttp, { token: user.token, params: { id: group.id }, query });
    const tooLong = await call({
      from: '2027-01-01T00:00:00Z',
      to: '2027-03-05T00:00:00Z',
      durationMinutes: '30',
    });
    expect([tooLong.status, tooLong.body.errors.map((e: { field: string }) => e.field)]).toEqual([
      400,
      ['to'],
    ]);
    const zero = await call({
      from: '2027-01-01T00:00:00Z',
      to: '2027-01-02T00:00:00Z',
      durationMinutes: '0',
    });
    expect([zero.status, zero.body.errors.map((e: { field: string }) => e.field)]).toEqual([
      400,
      ['durationMinutes'],
    ]);
    const dayPlus = await call({
      from: '2027-01-01T00:00:00Z',
      to: '2027-01-02T00:00:00Z',
      durationMinutes: '1441',
    });
    expect(dayPlus.status).toBe(400);
    const stranger = await createTestUser();
    await expect(
      findAvailability(t.deps, actor(user), group.id, {
        from: '2027-01-01T00:00:00Z',
        to: '2027-01-02T00:00:00Z',
        durationMinutes: 30,
        attendees: [stranger.id],
        limit: 10,
      }),
    ).rejects.toMatchObject({ status: 400, extra: { fieldErrors: [{ field: 'attendees.0', in: 'query' }] } });
  });
});
