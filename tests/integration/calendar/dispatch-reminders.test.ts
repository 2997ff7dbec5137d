/**
 * The reminder pipeline against the real services: scheduler (dispatchReminders) → SQS → storer →
 * GET /notifications, and its fault behaviour. Every scheduler run in the suite lives in this file (jest
 * runs a file's tests one after another), because a scheduler claims every due reminder in the database.
 * Each test publishes to its own queue so draining it never takes another test's messages.
 */

import { sql } from 'kysely';
import { createDb } from '#platform/db/client';
import { getDb } from '#platform/db/index';
import { createEvent } from '../../../functions/calendar/create-event.js';
import { deleteEvent } from '../../../functions/calendar/delete-event.js';
import { dispatchReminders } from '../../../functions/calendar/dispatch-reminders.js';
import { handler as cleanupCron } from '../../../functions/calendar/handlers/cron/cleanup-events.js';
import { handler as dispatchCron } from '../../../functions/calendar/handlers/cron/dispatch-reminders.js';
import { updateEvent } from '../../../functions/calendar/update-event.js';
import type { NotificationMessage } from '../../../functions/notifications/contract.js';
import { handler as listNotifications } from '../../../functions/notifications/handlers/http/list-notifications.js';
import { handler as storeNotification } from '../../../functions/notifications/handlers/sqs/store-notification.js';
import { startSqsEmulator } from '../../../local/emulators.js';
import { freePort } from '../../../local/processes.js';
import { privateQueue, toRecord } from '../../support/calendar-queue.js';
import { callHttp, lambdaContext } from '../../support/http-event.js';
import { createTestUser, type TestUser } from '../../support/users.js';

const MINUTE = 60_000;
const options = { graceMinutes: 60, batchSize: 10, budgetMs: 30_000 };
const caller = (user: TestUser) => ({ id: user.id, role: 'client' as const });
const inMinutes = (minutes: number, from = Date.now()) => new Date(from + minutes * MINUTE).toISOString();

type Queue = Awaited<ReturnType<typeof privateQueue>>;

async function eventWithReminders(
  user: TestUser,
  startsInMinutes: number,
  reminders: number[],
  extra: Record<string, unknown> = {},
) {
  return createEvent({ db: await getDb() }, caller(user), {
    title: 'Standup',
    startsAt: inMinutes(startsInMinutes),
    durationMinutes: 30,
    timeZone: 'Europe/Berlin',
    reminders: reminders.map((minutesBefore) => ({ minutesBefore })),
    ...extra,
  });
}

/** Messages on the queue meant for this user (other users' reminders may be due in the same run). */
const bodiesFor = (messages: Array<{ Body?: string }>, user: TestUser) =>
  messages
    .map((message) => JSON.parse(message.Body as string) as NotificationMessage)
    .filter((body) => body.recipientId === user.id);

async function storedFor(user: TestUser) {
  const db = await getDb();
  return db
    .selectFrom('notifications')
    .select(['id', 'title', 'due_at'])
    .where('recipient_id', '=', user.id)
    .where('source', '=', 'calendar')
    .execute();
}

const store = (messages: Parameters<typeof toRecord>[0][]) =>
  storeNotification({ Records: messages.map(toRecord) }, lambdaContext('storeNotification'));

describe('calendar reminder pipeline', () => {
  let queue: Queue;
  beforeEach(async () => {
    queue = await privateQueue(process.env.SQS_ENDPOINT as string, 1);
  });
  afterEach(async () => {
    await queue.destroy();
  });

  it('sends due reminders through the storer to GET /notifications, and skips stale ones', async () => {
    const user = await createTestUser({ timeZone: 'Europe/Berlin' });
    const due = await eventWithReminders(user, 5, [10, 0]);
    const stale = await eventWithReminders(user, 30, [20]);
    const db = await getDb();
    // An outage: the scheduler could not send this reminder for 90 minutes (grace period: 60).
    await db
      .updateTable('calendar_reminders')
      .set({ due_at: new Date(Date.now() - 90 * MINUTE) })
      .where('event_id', '=', stale.id)
      .execute();
    // A reminder already past the grace period when the event is created is not scheduled at all:
    // there was no outage, so the first run must not record it as skipped.
    const alreadyPast = await eventWithReminders(user, 30, [120]);

    await dispatchReminders({ db, send: queue.send }, options);
    const firstMessages = await queue.drain();
    const first = bodiesFor(firstMessages, user);
    expect(first.map((body) => body.notificationId)).toEqual([
      `calendar:reminder:${due.id}:${due.startsAt.toISOString()}:10:${user.id}`,
    ]);
    expect(first[0]).toMatchObject({
      source: 'calendar',
      type: 'calendar.reminder',
      title: 'Standup starts in 10 minutes',
    });
    const staleRow = await db
      .selectFrom('calendar_reminders')
      .selectAll()
      .where('event_id', '=', stale.id)
      .executeTakeFirstOrThrow();
    expect(staleRow).toMatchObject({
      last_outcome: 'skipped',
      skipped_count: 1,
      sent_count: 0,
      due_at: null,
    });
    const pastRow = await db
      .selectFrom('calendar_reminders')
      .selectAll()
      .where('event_id', '=', alreadyPast.id)
      .executeTakeFirstOrThrow();
    expect(pastRow).toMatchObject({ last_outcome: null, skipped_count: 0, sent_count: 0, due_at: null });

    // The 0-minute reminder fires once its time has come.
    await dispatchReminders({ db, send: queue.send, now: () => new Date(Date.now() + 6 * MINUTE) }, options);
    const later = await queue.drain();
    expect(bodiesFor(later, user).map((body) => body.data.minutesBefore)).toEqual([0]);

    expect(await store([...firstMessages, ...later])).toEqual({ batchItemFailures: [] });
    const page = await callHttp(listNotifications, { path: '/notifications', token: user.token });
    const calendarItems = page.body.items.filter((item: { source: string }) => item.source === 'calendar');
    expect(calendarItems.map((item: { title: string }) => item.title).sort()).toEqual([
      'Standup starts in 10 minutes',
      'Standup starts now',
    ]);
  });

  it('reminds of every occurrence of a recurring event', async () => {
    const user = await createTestUser();
    const event = await eventWithReminders(user, 5, [10], { recurrence: 'FREQ=DAILY;COUNT=3' });
    const db = await getDb();
    const ids: string[] = [];
    for (const day of [0, 1, 2, 3]) {
      await dispatchReminders(
        { db, send: queue.send, now: () => new Date(Date.now() + day * 1440 * MINUTE) },
        options,
      );
      ids.push(...bodiesFor(await queue.drain(), user).map((body) => body.notificationId));
    }
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(3);
    const row = await db
      .selectFrom('calendar_reminders')
      .selectAll()
      .where('event_id', '=', event.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ sent_count: 3, due_at: null, last_outcome: 'sent' });
  });

  it('cancels reminders of a deleted event and reschedules them when the start moves', async () => {
    const user = await createTestUser();
    const db = await getDb();
    const deleted = await eventWithReminders(user, 5, [10]);
    await deleteEvent({ db }, caller(user), deleted.id);
    const moved = await eventWithReminders(user, 5, [10]);
    await updateEvent({ db }, caller(user), moved.id, { startsAt: inMinutes(120) });
    const row = await db
      .selectFrom('calendar_reminders')
      .selectAll()
      .where('event_id', '=', moved.id)
      .executeTakeFirstOrThrow();
    expect(row.due_at?.getTime()).toBeGreaterThan(Date.now() + 100 * MINUTE);

    await dispatchReminders({ db, send: queue.send }, options);
    expect(bodiesFor(await queue.drain(), user)).toEqual([]);
  });
});

describe('calendar cron handlers', () => {
  it('run the scheduler and the cleanup as scheduled functions', async () => {
    const user = await createTestUser();
    const event = await eventWithReminders(user, 5, [10]);
    const expired = await createEvent({ db: await getDb() }, caller(user), {
      title: 'Long over',
      startsAt: inMinutes(-400 * 1440),
      durationMinutes: 60,
      timeZone: 'UTC',
    });
    const result = await dispatchCron({ id: 'cron-test' }, lambdaContext('dispatchReminders'));
    expect(result.sent).toBeGreaterThanOrEqual(1);
    const row = await (await getDb())
      .selectFrom('calendar_reminders')
      .selectAll()
      .where('event_id', '=', event.id)
      .executeTakeFirstOrThrow();
    expect(row.last_outcome).toBe('sent');
    const cleanup = await cleanupCron({ id: 'cron-test' }, lambdaContext('cleanupEvents'));
    expect(cleanup.deleted).toBeGreaterThanOrEqual(1);
    const left = await (await getDb())
      .selectFrom('calendar_events')
      .select('id')
      .where('owner_id', '=', user.id)
      .execute();
    expect(left.map((row) => row.id)).toEqual([event.id]);
    expect(expired.id).not.toBe(event.id);
  });
});

describe('calendar pipeline faults', () => {
  it('two schedulers at the same moment send every reminder exactly once', async () => {
    const queue = await privateQueue(process.env.SQS_ENDPOINT as string);
    const user = await createTestUser();
    for (let i = 0; i < 30; i++) await eventWithReminders(user, 5, [10, 15]);
    const pools = [
      createDb(process.env.DATABASE_URL as string),
      createDb(process.env.DATABASE_URL as string),
    ];
    try {
      await Promise.all(
        pools.map((db) => dispatchReminders({ db, send: queue.send }, { ...options, batchSize: 7 })),
      );
    } finally {
      await Promise.all(pools.map((db) => db.destroy()));
    }
    const ids = bodiesFor(await queue.drain(), user).map((body) => body.notificationId);
    expect(ids).toHaveLength(60);
    expect(new Set(ids).size).toBe(60);
    await queue.destroy();
  });

  it('loses nothing while SQS is down and sends everything once it is back', async () => {
    const port = await freePort();
    let sqs = await startSqsEmulator(port);
    let queue = await privateQueue(sqs.endpoint);
    const user = await createTestUser();
    for (let i = 0; i < 12; i++) await eventWithReminders(user, 5, [10]);
    const db = await getDb();
    const pending = () =>
      db
        .selectFrom('calendar_reminders as r')
        .innerJoin('calendar_events as e', 'e.id', 'r.event_id')
        .select('r.id')
        .where('e.owner_id', '=', user.id)
        .where('r.due_at', '<=', new Date())
        .execute();

    await sqs.stop();
    await expect(dispatchReminders({ db, send: queue.send }, options)).rejects.toThrow();
    expect(await pending()).toHaveLength(12);

    sqs = await startSqsEmulator(port); // in-memory: the queue comes back empty and must be recreated
    queue = await privateQueue(sqs.endpoint);
    await dispatchReminders({ db, send: queue.send }, options);
    const ids = bodiesFor(await queue.drain(), user).map((body) => body.notificationId);
    expect(ids).toHaveLength(12);
    expect(new Set(ids).size).toBe(12);
    expect(await pending()).toHaveLength(0);
    await sqs.stop();
  });

  it('a crash between sending and marking resends, and the storer keeps one copy', async () => {
    const queue = await privateQueue(process.env.SQS_ENDPOINT as string);
    const user = await createTestUser();
    for (let i = 0; i < 3; i++) await eventWithReminders(user, 5, [10]);
    const db = await getDb();
    const crashAfterSend = async (messages: NotificationMessage[]) => {
      await queue.send(messages);
      throw new Error('container died before commit');
    };
    await expect(dispatchReminders({ db, send: crashAfterSend }, options)).rejects.toThrow('container died');
    await dispatchReminders({ db, send: queue.send }, options);
    const messages = await queue.drain();
    expect(bodiesFor(messages, user)).toHaveLength(6); // each sent twice
    expect((await store(messages)).batchItemFailures).toEqual([]);
    expect(await storedFor(user)).toHaveLength(3);
    await queue.destroy();
  });

  it('after the storer fails or dies mid-batch, every notification is stored exactly once', async () => {
    const queue = await privateQueue(process.env.SQS_ENDPOINT as string, 1);
    const user = await createTestUser();
    const db = await getDb();
    const events = [];
    for (let i = 0; i < 10; i++) events.push(await eventWithReminders(user, 5, [10]));
    await dispatchReminders({ db, send: queue.send }, options);

    // First delivery: the storer handles half of the batch, then its container is killed: nothing is
    // deleted from the queue, so after the visibility timeout SQS delivers the whole batch again.
    const firstDelivery = await queue.receive(1);
    expect(firstDelivery.length).toBeGreaterThan(0);
    await store(firstDelivery.slice(0, Math.ceil(firstDelivery.length / 2)));

    // Recovery: a healthy storer consumes until the queue is empty (nothing visible, nothing in
    // flight), deleting what it stored.
    let receives = 0;
    for (let round = 0; round < 30; round++) {
      const batch = await queue.receive(2);
      receives += batch.length;
      const result = await store(batch);
      const failed = new Set(result.batchItemFailures.map((failure) => failure.itemIdentifier));
      await queue.remove(batch.filter((message) => !failed.has(message.MessageId as string)));
      if (batch.length === 0 && (await queue.counts()).total === 0) break;
    }
    expect(receives).toBeGreaterThanOrEqual(10);
    expect(await queue.counts()).toEqual({ visible: 0, inFlight: 0, delayed: 0, total: 0 });
    // Exactly one stored notification per reminder, matched through the message data (the row id is
    // the primary key: counting distinct ids could never find a duplicate).
    const stored = await db
      .selectFrom('notifications')
      .select((eb) => [sql<string>`data->>'eventId'`.as('eventId'), eb.fn.countAll<string>().as('rows')])
      .where('recipient_id', '=', user.id)
      .where('source', '=', 'calendar')
      .groupBy(sql`data->>'eventId'`)
      .execute();
    expect(stored.map((row) => [row.eventId, Number(row.rows)]).sort()).toEqual(
      events.map((event) => [event.id, 1]).sort(),
    );
    await queue.destroy();
  });
});
