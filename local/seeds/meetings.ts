import { DateTime } from 'luxon';
import type { Database } from '#platform/db/client';
import { insertGroup, insertMember } from '../../functions/meetings/adapters/groups.repository.js';
import { insertAttendees, insertMeeting } from '../../functions/meetings/adapters/meetings.repository.js';
import { replaceReminders } from '../../functions/meetings/adapters/reminders.repository.js';
import { checkedSeriesEnd } from '../../functions/meetings/domain/occurrences.js';
import { firstReminders } from '../../functions/meetings/domain/reminders.js';
import { DEMO_CLIENT_EMAIL, DEMO_HOTELIER_EMAIL } from './booking.js';

// Same shape as Seed in ./index.ts (not imported from there, so the two files do not import each other).
type Seed = (ctx: { db: Database; log: (line: string) => void }) => Promise<string[]>;

const GROUP_NAME = 'Demo team';

/**
 * A group with the demo users (the client owns it, the hotelier is a member) and a weekly meeting on
 * Mondays at 10:00 Europe/Berlin. Runs after the booking seed (which creates the demo users); skips if
 * the group already exists.
 */
export const seedMeetings: Seed = async ({ db, log }) => {
  const users = await db
    .selectFrom('users')
    .select(['id', 'email'])
    .where('email', 'in', [DEMO_CLIENT_EMAIL, DEMO_HOTELIER_EMAIL])
    .execute();
  const owner = users.find((user) => user.email === DEMO_CLIENT_EMAIL);
  const member = users.find((user) => user.email === DEMO_HOTELIER_EMAIL);
  if (!owner || !member) return [];
  const existing = await db
    .selectFrom('meeting_groups as g')
    .innerJoin('meeting_group_members as m', 'm.group_id', 'g.id')
    .select('g.id')
    .where('g.name', '=', GROUP_NAME)
    .where('m.user_id', '=', owner.id)
    .executeTakeFirst();
  if (existing) return [`meetings demo group:    "${GROUP_NAME}" (${existing.id})`];

  const groupId = await db.transaction().execute(async (trx) => {
    const group = await insertGroup(trx, {
      name: GROUP_NAME,
      description: 'Seeded demo group',
      timeZone: 'Europe/Berlin',
    });
    await insertMember(trx, group.id, owner.id, 'owner');
    await insertMember(trx, group.id, member.id, 'member');
    const nextMonday = DateTime.now()
      .setZone('Europe/Berlin')
      .startOf('week')
      .plus({ weeks: 1 })
      .set({ hour: 10, minute: 0 });
    const timing = {
      startsAt: nextMonday.toJSDate(),
      durationMinutes: 30,
      timeZone: 'Europe/Berlin',
      recurrence: 'FREQ=WEEKLY;BYDAY=MO',
    };
    const meeting = await insertMeeting(trx, {
      groupId: group.id,
      organizerId: owner.id,
      title: 'Weekly demo sync',
      description: 'Seeded weekly meeting',
      location: 'Room 1',
      ...timing,
      seriesEndsAt: checkedSeriesEnd(timing),
      reminders: [15],
    });
    await insertAttendees(trx, meeting.id, [
      { userId: owner.id, status: 'accepted' },
      { userId: member.id, status: 'needs_action' },
    ]);
    await replaceReminders(
      trx,
      meeting.id,
      firstReminders(meeting, meeting.reminders ?? [15], new Date(), 60),
    );
    return group.id;
  });
  log(`seeded meetings demo group ${groupId}`);
  return [`meetings demo group:    "${GROUP_NAME}" (${groupId}), weekly on Mondays 10:00 Europe/Berlin`];
};
