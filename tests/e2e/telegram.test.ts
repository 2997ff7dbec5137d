import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { eventually, request } from '../support/http.js';
import { disposeStack, type Stack, startStack } from '../support/stack.js';

// Telegram through the real local runtime: npm start's fake Bot API posts updates to the webhook
// Lambda (secret token and all), and a reminder travels scheduler → SQS → storer → outbox →
// deliveries queue → deliverNotification → Bot API → the chat.
describe('Telegram on the running stack', () => {
  let stack: Stack;
  let fakeUrl: string;

  beforeAll(async () => {
    stack = await startStack();
    const channels = JSON.parse(await fs.readFile(path.join(stack.dataDir, 'channels.json'), 'utf8'));
    fakeUrl = channels.telegramFakeUrl;
  }, 120_000);
  afterAll(() => disposeStack(stack));

  const say = async (chatId: number, text: string) => {
    const response = await fetch(`${fakeUrl}/fake/send`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ chatId, text }),
    });
    return ((await response.json()) as { result: { webhookStatus: number } }).result.webhookStatus;
  };
  const messages = async (chatId: number) => {
    const response = await fetch(`${fakeUrl}/fake/chats/${chatId}/messages`);
    return ((await response.json()) as { result: { text: string }[] }).result.map((event) => event.text);
  };

  it('links a chat and delivers a reminder to it', async () => {
    const registered = await request<{ token: string }>(stack.baseUrl, 'POST', '/auth/register', {
      body: {
        email: `tg-${randomUUID()}@example.com`,
        password: 'correct horse battery staple',
        name: 'Tg',
        timeZone: 'Europe/Berlin',
      },
    });
    const token = registered.json.token;
    const link = await request<{ code: string; url: string }>(stack.baseUrl, 'POST', '/me/telegram/link', {
      token,
    });
    expect(link.status).toBe(201);
    expect(link.json.url).toMatch(/^https:\/\/t\.me\/\w+\?start=/);

    const chatId = 5_000_000 + Math.floor(Math.random() * 1e6);
    expect(await say(chatId, `/start ${link.json.code}`)).toBe(200);
    expect((await messages(chatId))[0]).toMatch(/^Linked!/);

    const created = await request<{ id: string }>(stack.baseUrl, 'POST', '/events', {
      token,
      body: {
        title: 'Call Ada',
        startsAt: new Date(Date.now() + 3 * 60_000).toISOString(),
        durationMinutes: 15,
        reminders: [{ minutesBefore: 5 }],
      },
    });
    expect(created.status).toBe(201);
    await stack.invoke('dispatchReminders', { id: `e2e-${randomUUID()}` });
    const delivered = await eventually(
      async () => (await messages(chatId)).find((text) => text.includes('Call Ada starts in 5 minutes')),
      'the reminder in the Telegram chat',
      30_000,
    );
    expect(delivered).toContain('<b>Call Ada starts in 5 minutes</b>');

    const page = await request<{
      items: { id: string; deliveries: { channel: string; status: string }[] }[];
    }>(stack.baseUrl, 'GET', '/notifications', { token });
    const reminder = page.json.items.find((item) =>
      item.id.startsWith(`calendar:reminder:${created.json.id}:`),
    );
    expect(reminder?.deliveries).toEqual(
      expect.arrayContaining([{ channel: 'telegram', status: 'sent', attempts: 1 }]),
    );
  });
});
