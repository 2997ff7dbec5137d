import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { dynamoDocuments } from '#platform/aws/clients';
import { platformConfig } from '#platform/config';
import { getDb } from '#platform/db/index';
import { metricsWith } from '#platform/observability';
import { dynamoBreakerStore } from '#platform/resilience/breaker-store';
import { SharedCircuitBreaker } from '#platform/resilience/shared-breaker';
import { emailSender } from '../../../functions/notifications/adapters/email.sender.js';
import { telegramSender } from '../../../functions/notifications/adapters/telegram.sender.js';
import {
  deliverNotification,
  deliverNotifications,
} from '../../../functions/notifications/deliver-notification.js';
import type { DeliveryDeps } from '../../../functions/notifications/deps.js';
import { handler as listHandler } from '../../../functions/notifications/handlers/http/list-notifications.js';
import { contractRecipients } from '../../../functions/notifications/runtime.js';
import type { DeliveryJob } from '../../../functions/notifications/schemas.js';
import { storeNotification } from '../../../functions/notifications/store-notification.js';
import { createTelegramLink } from '../../../functions/telegram/create-telegram-link.js';
import type { FakeTelegram } from '../../../local/telegram-fake/server.js';
import { callHttp } from '../../support/http-event.js';
import { message } from '../../support/notifications.js';
import {
  BOT_TOKEN,
  type BotHarness,
  chat,
  contractInvoker,
  newChatId,
  startBotHarness,
} from '../../support/telegram.js';
import { createTestUser } from '../../support/users.js';

let harness: BotHarness;
let fake: FakeTelegram;
beforeAll(async () => {
  harness = await startBotHarness();
  fake = harness.fake;
});
afterAll(() => harness.stop());
afterEach(() => {
  fake.knobs.down = false;
  fake.knobs.rateLimit = undefined;
  fake.knobs.blocked = [];
});

/** A deliverer on the real database, DynamoDB breaker and fake Bot API; re-queued jobs are collected. */
function deliverer(options: { clock?: { ms: number }; threshold?: number; maxAgeMinutes?: number } = {}) {
  const requeued: { job: DeliveryJob; delaySeconds: number }[] = [];
  const chatLookups: string[][] = [];
  const recipients = contractRecipients(contractInvoker());
  const clock = options.clock;
  const store = dynamoBreakerStore(dynamoDocuments(), platformConfig().CACHE_TABLE);
  const breakerReads: string[] = [];
  const breaker = new SharedCircuitBreaker({
    name: `delivery-test-${randomUUID()}`,
    store: {
      read: (name) => {
        breakerReads.push(name);
        return store.read(name);
      },
      write: (name, next, expected) => store.write(name, next, expected),
    },
    failureThreshold: options.threshold ?? 3,
    openForMs: 30_000,
    probeLeaseMs: 10_000,
    now: clock ? () => clock.ms : undefined,
  });
  const deps = async (): Promise<DeliveryDeps> => ({
    db: await getDb(),
    now: clock ? () => new Date(clock.ms) : undefined,
    senders: { telegram: telegramSender({ apiRoot: fake.url, token: BOT_TOKEN, timeoutMs: 2_000 }) },
    breaker: () => breaker,
    recipients: {
      ...recipients,
      telegramChats: async (userIds) => {
        chatLookups.push(userIds);
        return recipients.telegramChats(userIds);
      },
      profile: async () => ({ email: null, timeZone: 'UTC' }),
    },
    requeue: async (job, delaySeconds) => {
      requeued.push({ job, delaySeconds });
    },
    maxAgeMinutes: options.maxAgeMinutes ?? 60,
    backoff: { initialDelayMs: 1_000, maxDelayMs: 60_000 },
    sendingLeaseSeconds: 120,
  });
  return {
    requeued,
    breaker,
    breakerReads,
    chatLookups,
    deliver: async (job: DeliveryJob) => deliverNotification(await deps(), job),
    deliverBatch: async (jobs: DeliveryJob[]) => deliverNotifications(await deps(), jobs),
  };
}

async function linkedUser() {
  const user = await createTestUser();
  const db = await getDb();
  const { code } = await createTelegramLink(
    { db },
    { id: user.id, role: 'client' },
    { botUsername: 'b', minutes: 10 },
  );
  const chatId = newChatId();
  await chat(fake, chatId).send(`/start ${code}`);
  return { user, chatId };
}

async function stored(recipientId: string, overrides = {}) {
  const notification = message(recipientId, {
    title: `Reminder ${randomUUID().slice(0, 6)}`,
    type: 'calendar.reminder',
    ...overrides,
  });
  await storeNotification({ db: await getDb(), availableChannels: ['telegram'] }, notification);
  return {
    notification,
    job: { notificationId: notification.notificationId, channel: 'telegram' as const, hop: 0 },
  };
}

/** The user's quiet hours (their zone is UTC in `deliverer`). */
async function quietHours(userId: string, start: string, end: string) {
  await (await getDb())
    .insertInto('notification_preferences')
    .values({ user_id: userId, channels: JSON.stringify({}), quiet_start: start, quiet_end: end })
    .execute();
}

/** Dates the delivery as stored at `ms` (the database stamps it with its own clock). */
async function storedAt(notificationId: string, ms: number) {
  await (await getDb())
    .updateTable('notification_deliveries')
    .set({ created_at: new Date(ms) })
    .where('notification_id', '=', notificationId)
    .execute();
}

/**
 * Follows a job through its re-queues as SQS would, each after its DelaySeconds on the injected clock,
 * until it is not re-queued any more; returns the re-queues.
 */
async function follow(
  { deliver, requeued }: ReturnType<typeof deliverer>,
  clock: { ms: number },
  first: DeliveryJob,
) {
  const hops: { job: DeliveryJob; delaySeconds: number }[] = [];
  let job = first;
  for (let turn = 0; turn < 500; turn += 1) {
    const before = requeued.length;
    await deliver(job);
    const next = requeued[before];
    if (!next) return hops;
    hops.push(next);
    clock.ms += next.delaySeconds * 1000;
    job = next.job;
  }
  throw new Error('still re-queued after 500 hops');
}

const deliveryRow = async (notificationId: string) =>
  (await getDb())
    .selectFrom('notification_deliveries')
    .selectAll()
    .where('notification_id', '=', notificationId)
    .where('channel', '=', 'telegram')
    .executeTakeFirstOrThrow();

describe('delivering notifications by e-mail', () => {
  it('sends to the address identity knows, through SMTP', async () => {
    const received: { to: string[]; raw: string }[] = [];
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        let raw = '';
        stream.on('data', (chunk: Buffer) => {
          raw += chunk.toString('utf8');
        });
        stream.on('end', () => {
          received.push({ to: session.envelope.rcptTo.map((rcpt) => rcpt.address), raw });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
    const port = (smtp.server.address() as AddressInfo).port;
    try {
      const user = await createTestUser();
      const notification = message(user.id, {
        title: 'Your booking is confirmed',
        type: 'booking.confirmed',
      });
      await storeNotification({ db: await getDb(), availableChannels: ['telegram', 'email'] }, notification);
      const job = { notificationId: notification.notificationId, channel: 'email' as const, hop: 0 };
      const breaker = new SharedCircuitBreaker({
        name: `delivery-test-${randomUUID()}`,
        store: dynamoBreakerStore(dynamoDocuments(), platformConfig().CACHE_TABLE),
        failureThreshold: 3,
        openForMs: 30_000,
        probeLeaseMs: 10_000,
      });
      await deliverNotification(
        {
          db: await getDb(),
          senders: {
            email: emailSender({
              smtpUrl: `smtp://127.0.0.1:${port}`,
              from: 'syncore <n@syncore.test>',
              timeoutMs: 2_000,
            }),
          },
          breaker: () => breaker,
          recipients: contractRecipients(contractInvoker()),
          requeue: async () => undefined,
          maxAgeMinutes: 60,
          backoff: { initialDelayMs: 1_000, maxDelayMs: 60_000 },
          sendingLeaseSeconds: 120,
        },
        job,
      );
      expect(received).toHaveLength(1);
      expect(received[0]?.to).toEqual([user.email]);
      expect(received[0]?.raw).toContain('Subject: Your booking is confirmed');
      const row = await (await getDb())
        .selectFrom('notification_deliveries')
        .select('status')
        .where('notification_id', '=', job.notificationId)
        .where('channel', '=', 'email')
        .executeTakeFirstOrThrow();
      expect(row.status).toBe('sent');
    } finally {
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
    }
  });
});

describe('delivering notifications to Telegram', () => {
  it('sends a linked user their notification once, and lists the deliveries', async () => {
    const { user, chatId } = await linkedUser();
    const { notification, job } = await stored(user.id);
    const { deliver } = deliverer();
    await deliver(job);
    await deliver(job); // SQS delivered the job twice: nothing more is sent
    const received = fake.messagesTo(chatId).filter((event) => event.text?.includes(notification.title));
    expect(received).toHaveLength(1);
    const page = await callHttp(listHandler, { token: user.token, query: { limit: '5' } });
    const item = page.body.items.find((entry: { id: string }) => entry.id === notification.notificationId);
    expect(item.deliveries).toEqual([
      { channel: 'email', status: 'skipped', attempts: 0, lastError: 'email is not configured' },
      { channel: 'in_app', status: 'sent', attempts: 0 },
      { channel: 'telegram', status: 'sent', attempts: 1 },
    ]);
  });

  it('skips a user without a linked chat', async () => {
    const user = await createTestUser();
    const { job } = await stored(user.id);
    await deliverer().deliver(job);
    expect(await deliveryRow(job.notificationId)).toMatchObject({
      status: 'skipped',
      last_error: 'no linked Telegram chat',
    });
  });

  it('honours a 429 retry_after by re-queueing with exactly that delay', async () => {
    const { user, chatId } = await linkedUser();
    const { job, notification } = await stored(user.id);
    const { deliver, requeued } = deliverer();
    fake.knobs.rateLimit = { count: 1, retryAfter: 7 };
    await deliver(job);
    expect(requeued).toEqual([{ job: { ...job, hop: 1 }, delaySeconds: 7 }]);
    expect(await deliveryRow(job.notificationId)).toMatchObject({ status: 'queued', attempts: 1 });
    await deliver(requeued[0]!.job);
    expect(fake.messagesTo(chatId).filter((event) => event.text?.includes(notification.title))).toHaveLength(
      1,
    );
    expect((await deliveryRow(job.notificationId)).status).toBe('sent');
  });

  it('opens the breaker when the Bot API is down, keeps the in-app copy, and delivers after recovery', async () => {
    const { user, chatId } = await linkedUser();
    const clock = { ms: Date.now() };
    const { deliver, requeued, breaker } = deliverer({ clock, threshold: 2 });
    const jobs = [];
    for (let i = 0; i < 3; i += 1) jobs.push((await stored(user.id)).job);
    fake.knobs.down = true;
    const sentBefore = fake.accepted();
    for (const job of jobs) await deliver(job);
    expect((await breaker.state()).state).toBe('open');
    // Two attempts failed (backoff), the third never reached the API (the breaker's wait).
    expect(requeued).toHaveLength(3);
    expect(await deliveryRow(jobs[2]!.notificationId)).toMatchObject({
      status: 'queued',
      attempts: 0,
      last_error: 'telegram unavailable (circuit open)',
    });
    const page = await callHttp(listHandler, { token: user.token, query: { limit: '10' } });
    expect(page.body.items.map((item: { id: string }) => item.id)).toEqual(
      expect.arrayContaining(jobs.map((job) => job.notificationId)),
    );

    fake.knobs.down = false;
    clock.ms += 31_000; // the breaker lets one probe through
    for (const { job } of requeued.splice(0)) await deliver(job);
    expect((await breaker.state()).state).toBe('closed');
    for (const job of jobs) expect((await deliveryRow(job.notificationId)).status).toBe('sent');
    expect(fake.accepted() - sentBefore).toBe(3);
    expect(fake.messagesTo(chatId).length).toBeGreaterThanOrEqual(3);
  });

  it('unlinks the chat when the user blocked the bot, and stops', async () => {
    const { user, chatId } = await linkedUser();
    const { job } = await stored(user.id);
    fake.knobs.blocked = [String(chatId)];
    const { deliver, requeued } = deliverer();
    await deliver(job);
    expect(requeued).toEqual([]);
    expect(await deliveryRow(job.notificationId)).toMatchObject({
      status: 'failed',
      last_error: expect.stringMatching(/blocked.*unlinked/),
    });
    const links = await (await getDb())
      .selectFrom('telegram_links')
      .selectAll()
      .where('user_id', '=', user.id)
      .execute();
    expect(links).toEqual([]);
  });

  it('gives up after DELIVERY_MAX_AGE_MINUTES with the last reason', async () => {
    const { user } = await linkedUser();
    const { job } = await stored(user.id);
    const clock = { ms: Date.now() + 61 * 60_000 };
    fake.knobs.down = true;
    await deliverer({ clock, maxAgeMinutes: 60 }).deliver(job);
    expect(await deliveryRow(job.notificationId)).toMatchObject({
      status: 'failed',
      last_error: expect.stringMatching(/^gave up after 60 min/),
    });
  });

  it('the crash window: a send whose outcome was never recorded is sent again after the lease, never during it', async () => {
    const { user, chatId } = await linkedUser();
    const { job, notification } = await stored(user.id);
    const db = await getDb();
    // A consumer claimed the delivery (queued → sending), Telegram accepted the message, and the
    // consumer died before writing `sent`.
    await db
      .updateTable('notification_deliveries')
      .set({ status: 'sending', attempts: 1, sending_since: new Date() })
      .where('notification_id', '=', job.notificationId)
      .where('channel', '=', 'telegram')
      .execute();
    const { deliver, requeued } = deliverer();
    await deliver(job); // SQS redelivers within the lease: wait, do not send
    expect(requeued).toHaveLength(1);
    expect(fake.messagesTo(chatId).filter((event) => event.text?.includes(notification.title))).toHaveLength(
      0,
    );

    const later = deliverer({ clock: { ms: Date.now() + 121_000 } });
    await later.deliver(job); // after the lease: taken as crashed, sent again (the one possible duplicate)
    expect(fake.messagesTo(chatId).filter((event) => event.text?.includes(notification.title))).toHaveLength(
      1,
    );
    expect(await deliveryRow(job.notificationId)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('holds a non-reminder back during quiet hours in the user zone, but never a reminder', async () => {
    const { user } = await linkedUser();
    const db = await getDb();
    await db
      .insertInto('notification_preferences')
      .values({ user_id: user.id, channels: JSON.stringify({}), quiet_start: '00:00', quiet_end: '23:59' })
      .execute();
    const { deliver, requeued } = deliverer();
    const other = await stored(user.id, { type: 'booking.confirmed' });
    await deliver(other.job);
    expect(await deliveryRow(other.job.notificationId)).toMatchObject({
      status: 'queued',
      last_error: 'waiting for the end of quiet hours',
    });
    expect(requeued[0]?.delaySeconds).toBeGreaterThan(0);
    const reminder = await stored(user.id);
    await deliver(reminder.job);
    expect((await deliveryRow(reminder.job.notificationId)).status).toBe('sent');
  });
});

describe('quiet hours longer than DELIVERY_MAX_AGE_MINUTES', () => {
  it('waits out the night (22:00–07:00) and sends when it ends, instead of giving up', async () => {
    const { user, chatId } = await linkedUser();
    await quietHours(user.id, '22:00', '07:00');
    const { job, notification } = await stored(user.id, { type: 'booking.confirmed' });
    const clock = { ms: Date.parse('2026-03-10T22:30:00Z') };
    await storedAt(job.notificationId, clock.ms);

    const lag = metricsWith({ channel: 'telegram' });
    lag.clearMetrics();
    const hops = await follow(deliverer({ clock, maxAgeMinutes: 60 }), clock, job);
    // Sent as the quiet hours ended: not late, although stored 8.5 h before.
    expect(lag.serializeMetrics()).toMatchObject({ DeliveryLag: 0 });
    lag.clearMetrics();

    // 8.5 h in SQS's 15-minute hops; the wait is no retry (hop stays 0) and the job knows its end.
    expect(hops.map((h) => h.delaySeconds)).toEqual(Array(34).fill(900));
    expect(hops.map((h) => h.job)).toEqual(
      Array(34).fill({ ...job, hop: 0, quietUntil: '2026-03-11T07:00:00.000Z' }),
    );
    expect(new Date(clock.ms).toISOString()).toBe('2026-03-11T07:00:00.000Z');
    expect(await deliveryRow(job.notificationId)).toMatchObject({ status: 'sent', attempts: 1 });
    expect(fake.messagesTo(chatId).filter((event) => event.text?.includes(notification.title))).toHaveLength(
      1,
    );
  });

  it('reports no negative lag when the quiet hours are turned off while a delivery waits', async () => {
    const { user } = await linkedUser();
    await quietHours(user.id, '22:00', '07:00');
    const { job } = await stored(user.id, { type: 'booking.confirmed' });
    const clock = { ms: Date.parse('2026-03-10T22:30:00Z') };
    await storedAt(job.notificationId, clock.ms);
    const d = deliverer({ clock, maxAgeMinutes: 60 });
    await d.deliver(job);
    const hop = d.requeued[0]!;
    expect(hop.job.quietUntil).toBe('2026-03-11T07:00:00.000Z');
    // The user turns quiet hours off; the job comes back after its 15-minute hop and is sent before the
    // end of the window it was waiting for.
    await (await getDb()).deleteFrom('notification_preferences').where('user_id', '=', user.id).execute();
    clock.ms += hop.delaySeconds * 1000;
    const lag = metricsWith({ channel: 'telegram' });
    lag.clearMetrics();
    await d.deliver(hop.job);
    const serialized = lag.serializeMetrics();
    lag.clearMetrics();
    expect(await deliveryRow(job.notificationId)).toMatchObject({ status: 'sent' });
    expect(serialized).toMatchObject({ DeliveryLag: 0 }); // was −8.25 h
  });

  it('still gives up DELIVERY_MAX_AGE_MINUTES after the quiet hours end when the channel stays down', async () => {
    const { user } = await linkedUser();
    await quietHours(user.id, '22:00', '07:00');
    const { job } = await stored(user.id, { type: 'booking.confirmed' });
    const clock = { ms: Date.parse('2026-03-10T23:00:00Z') };
    await storedAt(job.notificationId, clock.ms);
    fake.knobs.down = true;

    const hops = await follow(deliverer({ clock, maxAgeMinutes: 60 }), clock, job);

    // 32 quarter-hours of quiet, then the first failed attempt backs off as a first retry.
    expect(hops.slice(0, 32).every((h) => h.delaySeconds === 900 && h.job.hop === 0)).toBe(true);
    expect(hops[32]?.job.hop).toBe(1);
    const row = await deliveryRow(job.notificationId);
    expect(row).toMatchObject({
      status: 'failed',
      last_error: expect.stringMatching(/^gave up after 60 min/),
    });
    expect(row.attempts).toBeGreaterThan(1);
    // Given up on the first look after 08:00 (backoff ≤ 60 s here), not at 00:00.
    expect(clock.ms).toBeGreaterThan(Date.parse('2026-03-11T08:00:00Z'));
    expect(clock.ms).toBeLessThanOrEqual(Date.parse('2026-03-11T08:01:00Z'));
  });

  it('is given one quiet window only: with a short open gap between nights it still gives up', async () => {
    const { user } = await linkedUser();
    await quietHours(user.id, '22:00', '21:30'); // open 30 minutes a day, less than the max age
    const { job } = await stored(user.id, { type: 'booking.confirmed' });
    const clock = { ms: Date.parse('2026-03-10T21:30:00Z') };
    await storedAt(job.notificationId, clock.ms);
    fake.knobs.down = true;

    const hops = await follow(deliverer({ clock, maxAgeMinutes: 60 }), clock, job);

    // Failing from 21:30, held 22:00 → 21:30 the next day, then given up on the first look after
    // 22:30 (60 min after the window that held it); the next night does not extend it again.
    expect((await deliveryRow(job.notificationId)).status).toBe('failed');
    expect(
      hops.every((h) => h.job.quietUntil === undefined || h.job.quietUntil === '2026-03-11T21:30:00.000Z'),
    ).toBe(true);
    expect(clock.ms).toBeGreaterThan(Date.parse('2026-03-11T22:30:00Z'));
    expect(clock.ms).toBeLessThan(Date.parse('2026-03-12T21:30:00Z'));
  });

  it('gives up a delivery that was already too old when the quiet hours began', async () => {
    const { user } = await linkedUser();
    await quietHours(user.id, '22:00', '07:00');
    const { job } = await stored(user.id, { type: 'booking.confirmed' });
    const clock = { ms: Date.parse('2026-03-10T22:10:00Z') };
    await storedAt(job.notificationId, Date.parse('2026-03-10T21:05:00Z'));
    const { deliver, requeued } = deliverer({ clock, maxAgeMinutes: 60 });
    await deliver(job);
    expect(requeued).toEqual([]);
    expect((await deliveryRow(job.notificationId)).status).toBe('failed');
  });
});

describe('delivering a batch', () => {
  const titled = (chatId: number, title: string) =>
    fake.messagesTo(chatId).filter((event) => event.text?.includes(title));

  it('looks the chats up once for the whole batch, sends each once, and a repeated batch sends nothing', async () => {
    const linked = [await linkedUser(), await linkedUser(), await linkedUser()];
    const unlinked = await createTestUser();
    const items = [
      ...(await Promise.all(
        linked.map(async ({ user, chatId }) => ({ chatId, ...(await stored(user.id)) })),
      )),
      // A second notification for the first user: same chat, its own message.
      { chatId: linked[0]!.chatId, ...(await stored(linked[0]!.user.id)) },
    ];
    const lonely = await stored(unlinked.id);
    const { deliverBatch, chatLookups, requeued, breakerReads } = deliverer();
    const jobs = [...items.map((item) => item.job), lonely.job, items[1]!.job]; // SQS repeated one job

    const outcomes = await deliverBatch(jobs);

    expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
    expect(chatLookups).toHaveLength(1);
    // The breaker is closed: one read to admit the whole batch, one to report its successes.
    expect(breakerReads).toHaveLength(2);
    expect(new Set(chatLookups[0])).toEqual(new Set([...linked.map(({ user }) => user.id), unlinked.id]));
    for (const item of items) {
      expect(titled(item.chatId, item.notification.title)).toHaveLength(1);
      expect(await deliveryRow(item.job.notificationId)).toMatchObject({ status: 'sent', attempts: 1 });
    }
    expect(await deliveryRow(lonely.job.notificationId)).toMatchObject({
      status: 'skipped',
      last_error: 'no linked Telegram chat',
    });
    expect(requeued).toEqual([]);

    await deliverBatch(jobs); // the whole batch again
    for (const item of items) expect(titled(item.chatId, item.notification.title)).toHaveLength(1);
  });

  it('lets exactly one probe through a half-open breaker; the rest of the batch waits for it', async () => {
    const { user, chatId } = await linkedUser();
    const clock = { ms: Date.now() };
    const { deliver, deliverBatch, requeued, breaker } = deliverer({ clock, threshold: 1 });
    const first = await stored(user.id);
    fake.knobs.down = true;
    await deliver(first.job);
    expect((await breaker.state()).state).toBe('open');

    fake.knobs.down = false;
    clock.ms += 31_000;
    const others = [await stored(user.id), await stored(user.id)];
    const batch = [first.job, ...others.map((other) => other.job)];
    requeued.length = 0;
    await deliverBatch(batch);

    const sent = [first, ...others].filter((item) => titled(chatId, item.notification.title).length === 1);
    expect(sent).toHaveLength(1); // the probe
    expect(requeued).toHaveLength(2);
    expect(requeued.every(({ delaySeconds }) => delaySeconds > 0)).toBe(true);
    expect((await breaker.state()).state).toBe('closed');

    await deliverBatch(requeued.map(({ job }) => job));
    for (const item of [first, ...others]) expect(titled(chatId, item.notification.title)).toHaveLength(1);
  });
});
