import { DateTime } from 'luxon';
import { getDb } from '#platform/db/index';
import { handler as createEvent } from '../../../functions/calendar/handlers/http/create-event.js';
import { addMember } from '../../../functions/meetings/add-member.js';
import { createGroup } from '../../../functions/meetings/create-group.js';
import { createMeeting } from '../../../functions/meetings/create-meeting.js';
import { callHttp } from '../../support/http-event.js';
import { type BotHarness, linkedChat, startBotHarness } from '../../support/telegram.js';
import { createTestUser } from '../../support/users.js';
import { actor, meetingsTestDeps } from '../meetings/support.js';

/**
 * A whole minute a few minutes from now, in Berlin's current week; a few minutes ago instead when the
 * week ends before then (a run late on a Sunday must not put the item into next week's view).
 */
function soonThisWeek(): string {
  const now = DateTime.now().setZone('Europe/Berlin');
  const later = now.plus({ minutes: 5 }).startOf('minute');
  const at = later.hasSame(now, 'week') ? later : now.minus({ minutes: 5 }).startOf('minute');
  return at.toUTC().toISO() as string;
}

let harness: BotHarness;
beforeAll(async () => {
  harness = await startBotHarness();
});
afterAll(() => harness.stop());

/** A 30-minute event of the user's own, created through the calendar's HTTP handler. */
async function createOwnEvent(token: string, title: string, startsAt: string) {
  const created = await callHttp(createEvent, {
    method: 'POST',
    path: '/events',
    token,
    body: { title, startsAt, durationMinutes: 30 },
  });
  expect(created.status).toBe(201);
}

describe('/today, /week and /tz', () => {
  it("show the user's own events in their zone, and /tz changes the zone", async () => {
    const user = await createTestUser({ timeZone: 'Europe/Berlin' });
    const db = await getDb();
    const conversation = await linkedChat(harness.fake, user.id);
    const startsAt = soonThisWeek();
    await createOwnEvent(user.token, 'Lunch <with> Ada & Bob', startsAt);

    const week = await conversation.send('/week');
    expect(week.events[0]?.text).toContain('This week</b> (Europe/Berlin)');
    expect(week.events[0]?.text).toContain('Lunch &lt;with&gt; Ada &amp; Bob');

    expect((await conversation.send('/tz America/New_York')).events[0]?.text).toBe(
      'Your time zone is now America/New_York.',
    );
    const user2 = await db
      .selectFrom('users')
      .select('time_zone')
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(user2.time_zone).toBe('America/New_York');
    expect((await conversation.send('/today')).events[0]?.text).toContain('(America/New_York)');
  });
});

describe('/week with a meeting', () => {
  it('marks the meetings the user attends with 👥, not their own events', async () => {
    const t = await meetingsTestDeps();
    try {
      const owner = await createTestUser();
      const member = await createTestUser({ timeZone: 'Europe/Berlin' });
      const group = await createGroup(t.deps, actor(owner), { name: 'Team' });
      await addMember(t.deps, actor(owner), group.id, { email: member.email, role: 'member' });
      const startsAt = soonThisWeek();
      await createMeeting(t.deps, actor(owner), group.id, {
        title: 'Planning',
        startsAt,
        durationMinutes: 30,
        timeZone: 'Europe/Berlin',
      });
      await createOwnEvent(member.token, 'Lunch', startsAt);
      const conversation = await linkedChat(harness.fake, member.id);

      const lines = (await conversation.send('/week')).events[0]?.text?.split('\n') ?? [];
      expect(lines.find((line) => line.endsWith('Planning'))).toMatch(/ 👥 Planning$/);
      expect(lines.find((line) => line.endsWith('Lunch'))).not.toContain('👥');
    } finally {
      await t.dispose();
    }
  });
});
