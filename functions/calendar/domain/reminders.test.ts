import { firstSchedule, followingSchedule, isStale, reminderNotification } from './reminders.js';

const daily = {
  startsAt: new Date('2026-03-20T08:00:00Z'),
  durationMinutes: 30,
  timeZone: 'UTC',
  recurrence: 'FREQ=DAILY',
};
const single = { ...daily, recurrence: null };

describe('reminder schedules', () => {
  it('starts with the first occurrence that has not started yet', () => {
    const schedule = firstSchedule(daily, 15, new Date('2026-03-22T09:00:00Z'), 60);
    expect(schedule.occurrenceStart?.toISOString()).toBe('2026-03-23T08:00:00.000Z');
    expect(schedule.dueAt?.toISOString()).toBe('2026-03-23T07:45:00.000Z');
    expect(firstSchedule(single, 15, new Date('2026-03-21T00:00:00Z'), 60)).toEqual({
      occurrenceStart: null,
      dueAt: null,
    });
  });

  it('starts with the first occurrence whose reminder is not already stale', () => {
    const weekly = { ...daily, recurrence: 'FREQ=WEEKLY' }; // Fridays 08:00 UTC
    const now = new Date('2026-03-22T09:00:00Z'); // Sunday
    const fourWeeks = firstSchedule(weekly, 40_320, now, 60);
    // The next Friday's reminder was due 3 weeks ago; the first one not stale is four weeks ahead.
    expect(fourWeeks.occurrenceStart?.toISOString()).toBe('2026-04-24T08:00:00.000Z');
    expect(isStale(fourWeeks.dueAt as Date, now, 60)).toBe(false);
    // Due within the grace period is still sent (late by less than the grace); a started occurrence is not.
    const justDue = firstSchedule(weekly, 40_320 - 30, new Date('2026-03-27T09:00:00Z'), 60);
    expect(justDue.occurrenceStart?.toISOString()).toBe('2026-04-24T08:00:00.000Z');
    expect(
      firstSchedule(weekly, 0, new Date('2026-03-27T08:10:00Z'), 60).occurrenceStart?.toISOString(),
    ).toBe('2026-04-03T08:00:00.000Z');
  });

  it('moves to the next occurrence, jumping over those beyond the grace period', () => {
    const onTime = followingSchedule(
      daily,
      10,
      new Date('2026-03-23T08:00:00Z'),
      new Date('2026-03-23T07:50:00Z'),
      60,
    );
    expect(onTime.occurrenceStart?.toISOString()).toBe('2026-03-24T08:00:00.000Z');
    // Down for three days: the missed days are not queued up one after the other.
    const afterOutage = followingSchedule(
      daily,
      10,
      new Date('2026-03-23T08:00:00Z'),
      new Date('2026-03-26T12:00:00Z'),
      60,
    );
    expect(afterOutage.occurrenceStart?.toISOString()).toBe('2026-03-27T08:00:00.000Z');
    expect(
      followingSchedule(single, 10, daily.startsAt, new Date('2026-03-20T07:50:00Z'), 60).dueAt,
    ).toBeNull();
  });

  it('calls a reminder stale only past the grace period', () => {
    const due = new Date('2026-03-23T08:00:00Z');
    expect(isStale(due, new Date('2026-03-23T09:00:00Z'), 60)).toBe(false);
    expect(isStale(due, new Date('2026-03-23T09:00:01Z'), 60)).toBe(true);
  });

  it('builds a notification with a deterministic id', () => {
    const reminder = {
      eventId: 'e1',
      ownerId: '00000000-0000-4000-8000-000000000002',
      title: 'Dentist',
      timeZone: 'Europe/Berlin',
      durationMinutes: 45,
      allDay: false,
      minutesBefore: 120,
      occurrenceStart: new Date('2026-03-23T08:00:00Z'),
      dueAt: new Date('2026-03-23T06:00:00Z'),
    };
    const message = reminderNotification(reminder);
    expect(message.notificationId).toBe(
      'calendar:reminder:e1:2026-03-23T08:00:00.000Z:120:00000000-0000-4000-8000-000000000002',
    );
    expect(message.title).toBe('Dentist starts in 2 hours');
    expect(message.data).toMatchObject({
      occurrenceStart: '2026-03-23T09:00:00.000+01:00',
      minutesBefore: 120,
    });
    expect(reminderNotification({ ...reminder, minutesBefore: 0 }).title).toBe('Dentist starts now');
    expect(reminderNotification({ ...reminder, minutesBefore: 2880 }).title).toBe('Dentist starts in 2 days');
    expect(reminderNotification({ ...reminder, minutesBefore: 1 }).title).toBe('Dentist starts in 1 minute');
  });

  it('ends an all-day occurrence at the next local midnight on a DST day', () => {
    // Sunday 2026-10-25 in Berlin has 25 hours.
    const message = reminderNotification({
      eventId: 'e1',
      ownerId: 'u1',
      title: 'Holiday',
      timeZone: 'Europe/Berlin',
      durationMinutes: 1440,
      allDay: true,
      minutesBefore: 60,
      occurrenceStart: new Date('2026-10-24T22:00:00Z'),
      dueAt: new Date('2026-10-24T21:00:00Z'),
    });
    expect(message.data).toMatchObject({
      occurrenceStart: '2026-10-25T00:00:00.000+02:00',
      occurrenceEnd: '2026-10-26T00:00:00.000+01:00',
    });
  });
});
