/**
 * A counted (COUNT) series is read from its stored end (series_ends_at) everywhere meetings expands it:
 * the group schedule, the attendees' calendar views, find-a-time, the reminders. Without it every read
 * walked every period from the first occurrence to count them (docs/calendar.md, bounded CPU). The
 * answers decades on must stay right, and the series must be handed the stored end.
 */
import { afterEach, jest } from '@jest/globals';
import { contractHandler, invoker } from '#platform/contracts/invoke';
import { getDb } from '#platform/db/index';
import { Series } from '#scheduling/recurrence';
import { addMember } from '../../../functions/meetings/add-member.js';
import { ListMeetingOccurrences } from '../../../functions/meetings/contract.js';
import { createGroup } from '../../../functions/meetings/create-group.js';
import { createMeeting } from '../../../functions/meetings/create-meeting.js';
import { dispatchMeetingReminders } from '../../../functions/meetings/dispatch-reminders.js';
import { findAvailability } from '../../../functions/meetings/find-availability.js';
import { getSchedule } from '../../../functions/meetings/get-schedule.js';
import { listMeetingOccurrences } from '../../../functions/meetings/list-meeting-occurrences.js';
import { respondToMeeting } from '../../../functions/meetings/respond-to-meeting.js';
import { directTransport } from '../../support/contracts.js';
import { createTestUser } from '../../support/users.js';
import { actor, meetingsTestDeps } from './support.js';

const MINUTE = 60_000;
/** A Monday the 31st, 95 times from 31 August 1970: about once a year, the last on 31 December 2063. */
const RARE = 'FREQ=DAILY;COUNT=95;BYMONTHDAY=31;BYDAY=MO';

afterEach(() => {
  jest.restoreAllMocks();
});

async function storedEnd(meetingId: string): Promise<Date> {
  const row = await (await getDb())
    .selectFrom('meetings')
    .select('series_ends_at')
    .where('id', '=', meetingId)
    .executeTakeFirstOrThrow();
  return row.series_ends_at as Date;
}

describe('a counted meeting series', () => {
  it('is answered decades on from its stored end: schedule, calendar views, find-a-time', async () => {
    const t = await meetingsTestDeps();
    const owner = await createTestUser({ timeZone: 'UTC' });
    const member = await createTestUser({ timeZone: 'UTC' });
    const group = await createGroup(t.deps, actor(owner), { name: 'Since 1970', timeZone: 'UTC' });
    await addMember(t.deps, actor(owner), group.id, { email: member.email, role: 'member' });
    const meeting = await createMeeting(t.deps, actor(owner), group.id, {
      title: 'Rare',
      startsAt: '1970-08-31T09:00:00Z',
      durationMinutes: 60,
      timeZone: 'UTC',
      recurrence: RARE,
      reminders: [], // no reminder rows: another test's scheduler run must not meet them
    });
    await respondToMeeting(t.deps, actor(member), meeting.id, { status: 'accepted' });
    const end = await storedEnd(meeting.id);
    expect(end.toISOString()).toBe('2063-12-31T10:00:00.000Z');

    const between = jest.spyOn(Series.prototype, 'between');
    const december2063 = { from: '2063-12-01T00:00:00Z', to: '2064-01-01T00:00:00Z' };
    const schedule = await getSchedule(t.deps, actor(member), group.id, december2063);
    expect(schedule.occurrences.map((o) => [o.start, o.end, o.counts.accepted])).toEqual([
      ['2063-12-31T09:00:00Z', '2063-12-31T10:00:00Z', 2],
    ]);
    // The 95th occurrence was the last one.
    const january2064 = { from: '2064-01-01T00:00:00Z', to: '2064-03-01T00:00:00Z' };
    expect((await getSchedule(t.deps, actor(member), group.id, january2064)).occurrences).toEqual([]);

    // The attendee's own calendar views (through meetings' contract, validated both ways).
    const invoke = invoker(
      directTransport({
        listMeetingOccurrencesContract: contractHandler(ListMeetingOccurrences, (input) =>
          listMeetingOccurrences(t.deps, input),
        ),
      }),
    );
    const views = await invoke(ListMeetingOccurrences, { userId: member.id, ...december2063 });
    expect(views.occurrences.map((o) => [o.meetingId, o.start])).toEqual([
      [meeting.id, '2063-12-31T09:00:00.000Z'],
    ]);

    // Find a time on that Monday: both accepted, so 09:00–10:00 is taken (working hours 09–18 UTC).
    const slots = await findAvailability(t.deps, actor(owner), group.id, {
      from: '2063-12-31T00:00:00Z',
      to: '2064-01-01T00:00:00Z',
      durationMinutes: 60,
      limit: 1,
    });
    expect(slots.slots).toEqual([{ start: '2063-12-31T10:00:00.000Z', end: '2063-12-31T11:00:00.000Z' }]);

    // Every expansion got the stored end and looked at the window only, not at 34,000 days since 1970.
    expect(between.mock.calls.length).toBeGreaterThanOrEqual(4);
    for (const [index, call] of between.mock.calls.entries()) {
      expect(call[2]).toEqual(end);
      expect((between.mock.contexts[index] as Series).periodsWalked).toBeLessThan(100);
    }
    await t.dispose();
  });

  it('advances its reminders from the stored end', async () => {
    // In 1971, so that the scheduler run here claims this test's reminder and no other test's.
    const start = new Date('1971-03-01T09:00:00Z');
    const t = await meetingsTestDeps({ now: () => new Date(start.getTime() - 10 * MINUTE) });
    const owner = await createTestUser();
    const group = await createGroup(t.deps, actor(owner), { name: 'Counted reminders' });
    const firstAfter = jest.spyOn(Series.prototype, 'firstAfter');
    // Daily twice, reminded 15 minutes before: the first reminder is due 5 minutes before "now".
    const meeting = await createMeeting(t.deps, actor(owner), group.id, {
      title: 'Twice',
      startsAt: start.toISOString(),
      durationMinutes: 15,
      timeZone: 'UTC',
      recurrence: 'FREQ=DAILY;COUNT=2',
      reminders: [15],
    });
    const end = await storedEnd(meeting.id);
    expect(end).toEqual(new Date('1971-03-02T09:15:00Z'));
    // Planned on create from the stored end…
    expect(firstAfter.mock.calls.length).toBeGreaterThan(0);
    for (const call of firstAfter.mock.calls) expect(call[1]).toEqual(end);

    // …and, once sent, advanced to the next occurrence from it by the scheduler.
    firstAfter.mockClear();
    await dispatchMeetingReminders(t.deps, { batchSize: 50, budgetMs: 20_000 });
    expect(firstAfter).toHaveBeenCalledWith(start, end);
    const reminders = async () =>
      (await getDb())
        .selectFrom('meeting_reminders')
        .select(['occurrence_start', 'due_at'])
        .where('meeting_id', '=', meeting.id)
        .execute();
    const second = new Date('1971-03-02T09:00:00Z');
    expect(await reminders()).toEqual([
      { occurrence_start: second, due_at: new Date('1971-03-02T08:45:00Z') },
    ]);
    const sent = (await t.notifications(owner.id)).filter((n) => n.type === 'meetings.reminder');
    expect(sent.map((n) => n.data.occurrenceStart)).toEqual([start.toISOString()]);

    // After the second (and last) occurrence there is nothing left to remind of.
    const later = { ...t.deps, now: () => new Date('1971-03-02T08:50:00Z') };
    await dispatchMeetingReminders(later, { batchSize: 50, budgetMs: 20_000 });
    expect(firstAfter).toHaveBeenCalledWith(second, end);
    expect(await reminders()).toEqual([{ occurrence_start: null, due_at: null }]);
    await t.dispose();
  });
});
