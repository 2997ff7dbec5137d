import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../../local/config.js';
import { eventually, request } from '../support/http.js';
import { disposeStack, type Stack, startStack } from '../support/stack.js';

type FakeEvent = {
  kind: string;
  text: string;
  messageId?: number;
  traceparent?: string;
  buttons?: { text: string; callback_data?: string }[][];
};
const run = promisify(execFile);

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
  const messages = async (chatId: number) => (await events(chatId)).map((event) => event.text);
  const events = async (chatId: number) => {
    const response = await fetch(`${fakeUrl}/fake/chats/${chatId}/messages`);
    return ((await response.json()) as { result: FakeEvent[] }).result;
  };
  const press = async (chatId: number, messageId: number, callbackData: string) => {
    const response = await fetch(`${fakeUrl}/fake/send`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ chatId, messageId, callbackData }),
    });
    return ((await response.json()) as { result: { webhookStatus: number } }).result.webhookStatus;
  };
  /** A new account whose Telegram chat is linked (through the bot, as a person does it). */
  const linkedUser = async (name: string) => {
    const email = `tg-${randomUUID()}@example.com`;
    const registered = await request<{ token: string; user: { id: string } }>(
      stack.baseUrl,
      'POST',
      '/auth/register',
      { body: { email, password: 'correct horse battery staple', name, timeZone: 'Europe/Berlin' } },
    );
    const token = registered.json.token;
    const link = await request<{ code: string }>(stack.baseUrl, 'POST', '/me/telegram/link', { token });
    const chatId = 5_000_000 + Math.floor(Math.random() * 1e6);
    expect(await say(chatId, `/start ${link.json.code}`)).toBe(200);
    return { token, email, chatId };
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

  it("carries the webhook's trace to telegraf's own Bot API calls, visible in npm run trace", async () => {
    const { chatId } = await linkedUser('Trace');
    expect(await say(chatId, '/help')).toBe(200);
    const reply = (await events(chatId)).find((event) => event.text.startsWith('Commands:'))!;
    const [, traceId, spanId] = reply.traceparent?.split('-') ?? [];
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    const tree = await eventually(
      async () => {
        const { stdout } = await run(
          process.execPath,
          ['--import', 'tsx', 'local/trace.ts', traceId!, '--data-dir', stack.dataDir],
          { cwd: REPO_ROOT },
        ).catch(() => ({ stdout: '' }));
        return stdout.includes('HTTP POST 127.0.0.1') ? stdout : undefined;
      },
      "the bot's sendMessage span in the webhook's trace",
      20_000,
    );
    expect(tree.split('\n')[0]).toContain(`trace ${traceId}`);
    // The webhook's server span, and the sendMessage call as its child (the span the header named).
    expect(tree).toMatch(/POST \/telegram\/webhook \[200\]/);
    const spans = (await fs.readFile(path.join(stack.dataDir, 'traces', 'spans.ndjson'), 'utf8'))
      .trim()
      .split('\n')
      .map(
        (line) => JSON.parse(line) as { spanId: string; name: string; attributes: Record<string, unknown> },
      );
    const client = spans.find((span) => span.spanId === spanId);
    expect(client?.name).toMatch(/^HTTP POST 127\.0\.0\.1:\d+$/);
    expect(client?.attributes['url.full']).toMatch(/\/bot<token>\/sendMessage$/);
  });

  it('brings a meeting invitation and its reminder with RSVP buttons; a press answers and edits the message', async () => {
    const owner = await linkedUser('Owner');
    const member = await linkedUser('Member');
    const group = await request<{ id: string }>(stack.baseUrl, 'POST', '/groups', {
      token: owner.token,
      body: { name: 'Crew', timeZone: 'Europe/Berlin' },
    });
    const added = await request<{ status: string }>(
      stack.baseUrl,
      'POST',
      `/groups/${group.json.id}/members`,
      {
        token: owner.token,
        body: { email: member.email },
      },
    );
    expect(added.json.status).toBe('added');
    // Starts in 3 minutes (whole minute), reminded 5 minutes before: the reminder is due right away.
    const startsAt = new Date(Math.ceil((Date.now() + 3 * 60_000) / 60_000) * 60_000).toISOString();
    const meeting = await request<{ id: string }>(
      stack.baseUrl,
      'POST',
      `/groups/${group.json.id}/meetings`,
      {
        token: owner.token,
        body: { title: 'Standup', startsAt, durationMinutes: 15, timeZone: 'Europe/Berlin', reminders: [5] },
      },
    );
    expect(meeting.status).toBe(201);

    const withButtons = (event: FakeEvent) =>
      event.kind === 'message' &&
      event.buttons?.[0]?.map((button) => button.text).join('/') === 'Accept/Maybe/Decline';
    const invitation = await eventually(
      async () =>
        (await events(member.chatId)).find((event) => withButtons(event) && event.text.includes('Standup')),
      'the meeting invitation in Telegram',
      30_000,
    );
    await stack.invoke('dispatchMeetingReminders', { id: `e2e-${randomUUID()}` });
    const reminder = await eventually(
      async () =>
        (await events(member.chatId)).find(
          (event) =>
            withButtons(event) &&
            event.messageId !== invitation.messageId &&
            /Standup starts in 5 min/.test(event.text),
        ),
      'the meeting reminder in Telegram',
      30_000,
    );

    // Decline from the invitation, then change to Accept from the reminder: each press is an RSVP.
    const counts = async () => {
      const list = await request<{ counts: Record<string, number> }>(
        stack.baseUrl,
        'GET',
        `/meetings/${meeting.json.id}/attendees?occurrence=${encodeURIComponent(startsAt)}`,
        { token: owner.token },
      );
      return list.json.counts;
    };
    const before = await counts();
    expect(before.declined).toBe(0);
    const decline = invitation.buttons![0]!.find((button) => button.text === 'Decline')!;
    expect(await press(member.chatId, invitation.messageId!, decline.callback_data!)).toBe(200);
    const edited = (await events(member.chatId)).find(
      (event) => event.kind === 'edit' && event.messageId === invitation.messageId,
    );
    expect(edited?.text).toContain('You answered: Declined');
    expect((await counts()).declined).toBe(1);

    const accept = reminder.buttons![0]!.find((button) => button.text === 'Accept')!;
    expect(await press(member.chatId, reminder.messageId!, accept.callback_data!)).toBe(200);
    expect(
      (await events(member.chatId)).find(
        (event) => event.kind === 'edit' && event.messageId === reminder.messageId,
      )?.text,
    ).toContain('You answered: Accepted');
    const after = await counts();
    expect(after.declined).toBe(0);
    expect(after.accepted).toBe((before.accepted ?? 0) + 1);
  });
});
