import { getDb } from '#platform/db/index';
import { handler as createEvent } from '../../../functions/calendar/handlers/http/create-event.js';
import { createTelegramLink } from '../../../functions/telegram/create-telegram-link.js';
import { callHttp } from '../../support/http-event.js';
import { type BotHarness, chat, newChatId, startBotHarness } from '../../support/telegram.js';
import { createTestUser } from '../../support/users.js';

let harness: BotHarness;
beforeAll(async () => {
  harness = await startBotHarness();
});
afterAll(() => harness.stop());

describe('/today, /week and /tz', () => {
  it("show the user's own events in their zone, and /tz changes the zone", async () => {
    const user = await createTestUser({ timeZone: 'Europe/Berlin' });
    const db = await getDb();
    const { code } = await createTelegramLink(
      { db },
      { id: user.id, role: 'client' },
      { botUsername: 'b', minutes: 10 },
    );
    const conversation = chat(harness.fake, newChatId());
    await conversation.send(`/start ${code}`);
    const startsAt = new Date(Date.now() + 5 * 60_000).toISOString();
    const created = await callHttp(createEvent, {
      method: 'POST',
      path: '/events',
      token: user.token,
      body: { title: 'Lunch <with> Ada & Bob', startsAt, durationMinutes: 30 },
    });
    expect(created.status).toBe(201);

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
