/** Attendees see meetings in their own calendar views (through meetings' listMeetingOccurrences contract). */
import { invoker } from '#platform/contracts/invoke';
import { getDb } from '#platform/db/index';
import { createEvent } from '../../../functions/calendar/create-event.js';
import { listPeriod } from '../../../functions/calendar/list-period.js';
import { meetingsThrough } from '../../../functions/calendar/meeting-occurrences.js';
import { addMember } from '../../../functions/meetings/add-member.js';
import { cancelMeeting } from '../../../functions/meetings/cancel-meeting.js';
import { createGroup } from '../../../functions/meetings/create-group.js';
import { createMeeting } from '../../../functions/meetings/create-meeting.js';
import { handler as listMeetingOccurrences } from '../../../functions/meetings/handlers/invoke/list-meeting-occurrences.js';
import { respondToMeeting } from '../../../functions/meetings/respond-to-meeting.js';
import { directTransport } from '../../support/contracts.js';
import { createTestUser } from '../../support/users.js';
import { actor, meetingsTestDeps } from './support.js';

const meetings = meetingsThrough(
  invoker(directTransport({ listMeetingOccurrencesContract: listMeetingOccurrences })),
);
const client = (user: { id: string }) => ({ id: user.id, role: 'client' as const });

describe('meetings in the calendar views', () => {
  it('shows attended meetings with group and answer, hides an occurrence only from who declined it', async () => {
    const t = await meetingsTestDeps();
    const owner = await createTestUser({ timeZone: 'Europe/Berlin' });
    const member = await createTestUser({ timeZone: 'America/New_York' });
    const group = await createGroup(t.deps, actor(owner), { name: 'Views' });
    await addMember(t.deps, actor(owner), group.id, { email: member.email, role: 'member' });
    const meeting = await createMeeting(t.deps, actor(owner), group.id, {
      title: 'Standup',
      startsAt: '2027-02-01T09:00:00+01:00',
      durationMinutes: 15,
      timeZone: 'Europe/Berlin',
      recurrence: 'FREQ=DAILY;COUNT=5',
    });
    const db = await getDb();
    await createEvent({ db }, client(member), {
      title: 'Own event',
      startsAt: '2027-02-02T08:00:00-05:00',
      durationMinutes: 30,
      timeZone: 'America/New_York',
    });
    await respondToMeeting(t.deps, actor(member), meeting.id, { status: 'tentative' });
    await respondToMeeting(t.deps, actor(member), meeting.id, {
      status: 'declined',
      occurrence: '2027-02-03T08:00:00Z',
    });

    const week = await listPeriod({ db, meetings }, client(member), 'week', '2027-02-01');
    expect(
      week.items.map((item) => [item.title, item.startsAt, 'rsvpStatus' in item ? item.rsvpStatus : 'event']),
    ).toEqual([
      ['Standup', '2027-02-01T03:00:00-05:00', 'tentative'],
      ['Standup', '2027-02-02T03:00:00-05:00', 'tentative'],
      ['Own event', '2027-02-02T08:00:00-05:00', 'event'],
      ['Standup', '2027-02-04T03:00:00-05:00', 'tentative'],
      ['Standup', '2027-02-05T03:00:00-05:00', 'tentative'],
    ]);
    expect(week.items[0]).toMatchObject({
      kind: 'meeting',
      meetingId: meeting.id,
      group: { id: group.id, name: 'Views' },
    });
    const ownersWeek = await listPeriod({ db, meetings }, client(owner), 'week', '2027-02-01');
    expect(ownersWeek.items).toHaveLength(5);
    expect(ownersWeek.items[2]).toMatchObject({
      startsAt: '2027-02-03T09:00:00+01:00',
      rsvpStatus: 'accepted',
    });

    await cancelMeeting(t.deps, actor(owner), meeting.id);
    expect((await listPeriod({ db, meetings }, client(owner), 'week', '2027-02-01')).items).toEqual([]);
    await t.dispose();
  });

  it('answers the last day and week of 9999, whose end is in year 10000 in UTC (the contract stops at 9999)', async () => {
    const user = await createTestUser();
    const db = await getDb();
    const week = await listPeriod({ db, meetings }, client(user), 'week', '9999-12-31');
    expect(week.items).toEqual([]);
    const day = await listPeriod({ db, meetings }, client(user), 'day', '9999-12-31', 'America/New_York');
    expect(day.items).toEqual([]);
  });

  it('still serves the events when meetings cannot be reached', async () => {
    const user = await createTestUser();
    const failing = meetingsThrough(
      invoker(async () => {
        throw new Error('connection refused');
      }),
    );
    const db = await getDb();
    await createEvent({ db }, client(user), {
      title: 'Mine',
      startsAt: '2027-02-01T10:00:00Z',
      durationMinutes: 30,
      timeZone: 'UTC',
    });
    const week = await listPeriod({ db, meetings: failing }, client(user), 'week', '2027-02-01');
    expect(week.items.map((item) => item.title)).toEqual(['Mine']);
  });
});
