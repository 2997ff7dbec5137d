/**
 * A meeting's start is bounded like a calendar event's (1970 to 100 years ahead): a meeting in 9999
 * would end in year 10000, which no ISO 8601 instant in the ICS feed contract can carry, and every
 * attendee's feed would lose all their meetings.
 */
import { handler as createGroup } from '../../../functions/meetings/handlers/http/create-group.js';
import { handler as createMeeting } from '../../../functions/meetings/handlers/http/create-meeting.js';
import { handler as updateMeeting } from '../../../functions/meetings/handlers/http/update-meeting.js';
import { callHttp } from '../../support/http-event.js';
import { createTestUser, type TestUser } from '../../support/users.js';

describe('POST /groups/{id}/meetings and PATCH /meetings/{id}', () => {
  it('bounds startsAt: before 1970 or more than 100 years ahead is a 400 naming the field', async () => {
    const owner: TestUser = await createTestUser();
    const group = await callHttp(createGroup, {
      method: 'POST',
      token: owner.token,
      body: { name: 'Bounded' },
    });
    const create = (startsAt: string, durationMinutes = 60) =>
      callHttp(createMeeting, {
        method: 'POST',
        token: owner.token,
        params: { id: group.body.id },
        // Explicit reminders: without them the handler asks identity (over Lambda) for personal defaults.
        body: { title: 'Edge', startsAt, durationMinutes, timeZone: 'UTC', reminders: [15] },
      });
    const far = new Date();
    far.setUTCFullYear(far.getUTCFullYear() + 101);
    for (const [startsAt, duration] of [
      ['9999-12-31T12:00:00Z', 1440],
      ['1969-12-31T23:59:59Z', 60],
      [far.toISOString(), 60],
    ] as const) {
      const response = await create(startsAt, duration);
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toBe('application/problem+json');
      expect(response.body.errors).toEqual([
        expect.objectContaining({ in: 'body', field: 'startsAt', message: expect.stringMatching(/1970/) }),
      ]);
    }

    const epoch = await create('1970-01-01T00:00:00Z');
    expect(epoch.status).toBe(201);
    const moved = await callHttp(updateMeeting, {
      method: 'PATCH',
      token: owner.token,
      params: { id: epoch.body.id },
      body: { startsAt: '9999-12-31T12:00:00Z' },
    });
    expect(moved.status).toBe(400);
    expect(moved.body.errors.map((error: { field: string }) => error.field)).toEqual(['startsAt']);
  });

  it('refuses a series that would end after 9999 (400 naming recurrence): its end could not be published', async () => {
    const owner = await createTestUser();
    const group = await callHttp(createGroup, {
      method: 'POST',
      token: owner.token,
      body: { name: 'Forever' },
    });
    const create = (recurrence: string) =>
      callHttp(createMeeting, {
        method: 'POST',
        token: owner.token,
        params: { id: group.body.id },
        body: {
          title: 'Daily',
          startsAt: '2027-01-01T12:00:00Z',
          durationMinutes: 1440,
          timeZone: 'UTC',
          recurrence,
          reminders: [15],
        },
      });
    const late = await create('FREQ=DAILY;UNTIL=99991231T235959Z');
    expect(late.status).toBe(400);
    expect(late.body.errors).toEqual([
      expect.objectContaining({ field: 'recurrence', message: expect.stringMatching(/9999/) }),
    ]);
    expect((await create('FREQ=DAILY;UNTIL=99991230T000000Z')).status).toBe(201);
  });
});
