import { getDb } from '#platform/db/index';
import { createTelegramLink } from '../../../functions/telegram/create-telegram-link.js';
import { handler as webhookHandler } from '../../../functions/telegram/handlers/http/handle-telegram-webhook.js';
import { callHttp } from '../../support/http-event.js';
import { type BotHarness, chat, newChatId, startBotHarness, WEBHOOK_SECRET } from '../../support/telegram.js';
import { createTestUser } from '../../support/users.js';

let harness: BotHarness;
beforeAll(async () => {
  process.env.TELEGRAM_WEBHOOK_SECRET = WEBHOOK_SECRET;
  harness = await startBotHarness();
});
afterAll(() => harness.stop());

async function linkedChat() {
  const user = await createTestUser();
  const { code } = await createTelegramLink(
    { db: await getDb() },
    { id: user.id, role: 'client' },
    { botUsername: 'b', minutes: 10 },
  );
  const chatId = newChatId();
  const conversation = chat(harness.fake, chatId);
  const linked = await conversation.send(`/start ${code}`);
  expect(linked.status).toBe(200);
  expect(linked.events[0]?.text).toMatch(/^Linked!/);
  return { user, chatId, conversation };
}

describe('telegram webhook', () => {
  it('answers 401 and processes nothing without the right secret token', async () => {
    const update = {
      update_id: 999_000_001,
      message: { message_id: 1, date: 0, chat: { id: 5, type: 'private' }, text: '/help' },
    };
    for (const headers of [{}, { 'x-telegram-bot-api-secret-token': 'wrong' }] as Record<string, string>[]) {
      const response = await callHttp(webhookHandler, {
        method: 'POST',
        path: '/telegram/webhook',
        headers,
        body: update,
      });
      expect(response.status).toBe(401);
      expect(response.body.code).toBe('TELEGRAM.WEBHOOK_SECRET_INVALID');
    }
    expect(await harness.fake.deliver(update, 'wrong')).toBe(401);
    expect(harness.fake.messagesTo(5)).toEqual([]);
  });

  it('processes a repeated update_id once', async () => {
    const chatId = newChatId();
    const update = {
      update_id: 700_000_000 + Math.floor(Math.random() * 100_000_000),
      message: {
        message_id: 1,
        date: 0,
        chat: { id: chatId, type: 'private' },
        from: { id: chatId, is_bot: false, first_name: 'A' },
        text: '/start',
        entities: [{ type: 'bot_command', offset: 0, length: 6 }],
      },
    };
    expect(await harness.fake.deliver(update)).toBe(200);
    expect(await harness.fake.deliver(update)).toBe(200);
    expect(harness.fake.messagesTo(chatId)).toHaveLength(1);
  });

  it('answers 503 and releases the update when processing fails, so the redelivery is processed', async () => {
    const chatId = newChatId();
    const update = {
      update_id: 800_000_000 + Math.floor(Math.random() * 100_000_000),
      message: {
        message_id: 1,
        date: 0,
        chat: { id: chatId, type: 'private' },
        from: { id: chatId, is_bot: false, first_name: 'A' },
        text: '/start',
        entities: [{ type: 'bot_command', offset: 0, length: 6 }],
      },
    };
    harness.fake.knobs.down = true;
    expect(await harness.fake.deliver(update)).toBe(503);
    harness.fake.knobs.down = false;
    expect(await harness.fake.deliver(update)).toBe(200);
    expect(harness.fake.messagesTo(chatId).map((event) => event.text)).toEqual([
      expect.stringMatching(/not linked/),
    ]);
  });

  it('refuses group chats politely and tells an unlinked chat only how to link', async () => {
    const group = -Math.floor(Math.random() * 1e9);
    await harness.fake.userSends(group, '/today', { chatType: 'group' });
    expect(harness.fake.messagesTo(group)[0]?.text).toMatch(/only talk in private chats/);
    const stranger = chat(harness.fake, newChatId());
    for (const command of ['/today', '/bookings', '/help', 'hello']) {
      const { events } = await stranger.send(command);
      expect(events.map((event) => event.text)).toEqual([expect.stringMatching(/not linked/)]);
    }
  });

  it('links with /start <code> once, and /unlink unlinks', async () => {
    const user = await createTestUser();
    const db = await getDb();
    const { code } = await createTelegramLink(
      { db },
      { id: user.id, role: 'client' },
      { botUsername: 'b', minutes: 10 },
    );
    const conversation = chat(harness.fake, newChatId());
    expect((await conversation.send(`/start ${code}`)).events[0]?.text).toMatch(/^Linked!/);
    const other = chat(harness.fake, newChatId());
    expect((await other.send(`/start ${code}`)).events[0]?.text).toMatch(/unknown, used or expired/);
    expect((await conversation.send('/help')).events[0]?.text).toMatch(/\/book/);
    expect((await conversation.send('/unlink')).events[0]?.text).toMatch(/^Unlinked/);
    expect((await conversation.send('/help')).events[0]?.text).toMatch(/not linked/);
    const links = await db.selectFrom('telegram_links').selectAll().where('user_id', '=', user.id).execute();
    expect(links).toEqual([]);
  });

  it('an expired code does not link', async () => {
    const user = await createTestUser();
    const { code } = await createTelegramLink(
      { db: await getDb(), now: () => new Date(Date.now() - 11 * 60_000) },
      { id: user.id, role: 'client' },
      { botUsername: 'b', minutes: 10 },
    );
    expect((await chat(harness.fake, newChatId()).send(`/start ${code}`)).events[0]?.text).toMatch(/expired/);
  });

  it('/tz validates the zone', async () => {
    const { conversation } = await linkedChat();
    expect((await conversation.send('/tz Mars/Olympus')).events[0]?.text).toMatch(/IANA time zone/);
  });
});
