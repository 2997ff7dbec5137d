/** Reminders reach every attendee who has not declined, exactly once per occurrence. */
import { getDb } from '#platform/db/index';
import { handler as updateMe } from '../../../functions/identity/handlers/http/update-me.js';
import { addMember } from '../../../functions/meetings/add-member.js';
import { cancelMeeting } from '../../../functions/meetings/cancel-meeting.js';
import { createGroup } from '../../../functions/meetings/create-group.js';
import { createMeeting } from '../../../functions/meetings/create-meeting.js';
import { dispatchMeetingReminders } from '../../../functions/meetings/dispatch-reminders.js';
import { respondToMeeting } from '../../../functions/meetings/respond-to-meeting.js';
import { callHttp } from '../../support/http-event.js';
import { createTestUser } from '../../support/users.js';
import { actor, meetingsTestDeps } from './support.js';

const MINUTE = 60_000;
const options = { batchSize: 50, budgetMs: 20_000 };

describe('meeting reminders', () => {
  it('reminds attendees who have not declined, once per occurrence', async () => {
    const t = await meetingsTestDeps();
    const owner = await createTestUser();
    const [coming, unsure, declining] = await Promise.all([
      createTestUser(),
      createTestUser(),
      createTestUser(),
    ]);
    const group = await createGroup(t.deps, actor(owner), { name: 'Reminded' });
    for (const user of [coming, unsure, declining]) {
      await addMember(t.deps, actor(owner), group.id, { email: user.email, role: 'member' });
    }
    // Daily, first occurrence in 10 minutes, reminder 15 minutes before: due now.
    const start = new Date(Math.ceil((Date.now() + 10 * MINUTE) / MINUTE) * MINUTE);
    const meeting = await createMeeting(t.deps, actor(owner), group.id, {
      title: 'Daily',
      startsAt: start.toISOString(),
      durationMinutes: 15,
      timeZone: 'Europe/Berlin',
      recurrence: 'FREQ=DAILY;COUNT=3',
      reminders: [15],
    });
    await respondToMeeting(t.deps, actor(coming), meeting.id, { status: 'accepted' });
    await respondToMeeting(t.deps, actor(declining), meeting.id, { status: 'declined' });
    // The unsure one declines only the second occurrence.
    const second = new Date(start.getTime() + 1440 * MINUTE);
    await respondToMeeting(t.deps, actor(unsure), meeting.id, {
      status: 'declined',
      occurrence: second.toISOString(),
    });

    const remindersFor = async (occurrence: Date) =>
      (await t.notifications())
        .filter((n) => n.type === 'meetings.reminder' && n.data.meetingId === meeting.id)
        .filter((n) => n.data.occurrenceStart === occurrence.toISOString())
        .map((n) => n.recipientId)
        .sort();

    await dispatchMeetingReminders(t.deps, options);
    await dispatchMeetingReminders(t.deps, options);
    expect(await remindersFor(start)).toEqual([owner.id, coming.id, unsure.id].sort());

    // A day later: the second occurrence, without the one who declined just that one.
    const later = { ...t.deps, now: () => new Date(second.getTime() - 14 * MINUTE) };
    await dispatchMeetingReminders(later, options);
    await dispatchMeetingReminders(later, options);
    expect(await remindersFor(second)).toEqual([owner.id, coming.id].sort());
    expect(await remindersFor(start)).toHaveLength(3);

    // Cancelled: nothing more.
    await cancelMeeting(t.deps, actor(owner), meeting.id);
    const rows = await (await getDb())
      .selectFrom('meeting_reminders')
      .selectAll()
      .where('meeting_id', '=', meeting.id)
      .execute();
    expect(rows).toEqual([]);
    await t.dispose();
  });

  it('uses each attendee’s own default for a meeting without reminders (else 15 minutes)', async () => {
    const t = await meetingsTestDeps();
    const owner = await createTestUser();
    const early = await createTestUser();
    const set = await callHttp(updateMe, {
      method: 'PATCH',
      token: early.token,
      body: { defaultReminders: [30] },
    });
    expect(set.body.defaultReminders).toEqual([30]);
    const group = await createGroup(t.deps, actor(owner), { name: 'Personal' });
    await addMember(t.deps, actor(owner), group.id, { email: early.email, role: 'member' });
    const start = new Date(Math.ceil((Date.now() + 20 * MINUTE) / MINUTE) * MINUTE);
    const meeting = await createMeeting(t.deps, actor(owner), group.id, {
      title: 'Own defaults',
      startsAt: start.toISOString(),
      durationMinutes: 30,
      timeZone: 'UTC',
    });
    expect(meeting.reminders).toBeNull();
    const sentTo = async () =>
      (await t.notifications())
        .filter((n) => n.type === 'meetings.reminder' && n.data.meetingId === meeting.id)
        .map((n) => [n.recipientId, n.data.minutesBefore]);

    await dispatchMeetingReminders(t.deps, options); // 30 minutes before is already due, 15 not yet
    expect(await sentTo()).toEqual([[early.id, 30]]);
    await dispatchMeetingReminders(
      { ...t.deps, now: () => new Date(start.getTime() - 14 * MINUTE) },
      options,
    );
    expect(await sentTo()).toEqual([
      [early.id, 30],
      [owner.id, 15],
    ]);
    await t.dispose();
  });
});
