import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getDb } from '#platform/db/index';
import { claim } from '../../../functions/campaigns/adapters/messages.repository.js';
import { httpSendingApi } from '../../../functions/campaigns/adapters/sending-api.client.js';
import { createClient } from '../../../functions/campaigns/clients.js';
import { dispatchMailings } from '../../../functions/campaigns/dispatch-mailings.js';
import { getMailingStats } from '../../../functions/campaigns/mailing-stats.js';
import { createMailing } from '../../../functions/campaigns/mailings.js';
import { sendCampaignMessages } from '../../../functions/campaigns/send-campaign-message.js';
import { handler as simulatorSend } from '../../../functions/sending-api/handlers/http/send-message.js';
import { callHttp } from '../../support/http-event.js';
import { createTestUser } from '../../support/users.js';
import {
  type Clock,
  dispatchDepsWith,
  drain,
  fakeClock,
  fakeQueue,
  inProcessSendingApi,
  mailingDepsWith,
  senderDepsWith,
  uniquePhone,
} from './harness.js';

process.env.SENDING_API_TOKEN ??= 'test-sending-api-token-0123456789';

async function mailingFor(
  clock: Clock,
  clients: { zone: string }[],
  options: {
    startsAt?: string;
    endsAt: string;
    sendWindow?: { start: string; end: string };
    ratePerSecond?: number;
  },
) {
  const owner = await createTestUser();
  const db = await getDb();
  for (const { zone } of clients) {
    await createClient({ db, now: () => new Date() }, owner, { phone: uniquePhone(), timeZone: zone });
  }
  const queue = fakeQueue(clock);
  const mailing = await createMailing(await mailingDepsWith(queue, clock), owner, {
    text: 'Hello from the test',
    startsAt: options.startsAt ?? clock.now().toISOString(),
    endsAt: options.endsAt,
    filter: {},
    sendWindow: options.sendWindow,
    ratePerSecond: options.ratePerSecond,
  });
  return { owner, queue, mailing };
}

async function messagesOf(mailingId: string) {
  const db = await getDb();
  return db
    .selectFrom('campaign_messages')
    .selectAll()
    .where('mailing_id', '=', mailingId)
    .orderBy('id')
    .execute();
}

/** The most messages sent within one calendar second. */
function maxPerSecond(messages: { sent_at: Date | null }[]) {
  const perSecond = new Map<number, number>();
  for (const { sent_at } of messages) {
    if (!sent_at) continue;
    const second = Math.floor(sent_at.getTime() / 1000);
    perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
  }
  return Math.max(0, ...perSecond.values());
}

async function simulatorRecords(ids: string[]) {
  const db = await getDb();
  if (ids.length === 0) return [];
  return db.selectFrom('sending_api_messages').selectAll().where('message_id', 'in', ids).execute();
}

describe('sending campaign messages', () => {
  it('API down mid-mailing: the breaker defers, and after recovery every message is sent exactly once', async () => {
    const clock = fakeClock('2030-05-01T10:00:00Z');
    const { queue, mailing, owner } = await mailingFor(
      clock,
      Array.from({ length: 30 }, () => ({ zone: 'Europe/Berlin' })),
      { endsAt: '2030-05-01T20:00:00Z' },
    );
    const api = inProcessSendingApi();
    const deps = await senderDepsWith(queue, clock, api);
    await drain(queue, clock, deps, { until: () => api.calls.length >= 8 });
    api.faults.down = true;
    const downAt = api.calls.length;
    const recoverAt = clock.ms() + 10 * 60_000; // down for ten minutes
    await drain(queue, clock, deps, { until: () => clock.ms() >= recoverAt });
    const callsWhileDown = api.calls.length - downAt;
    expect((await deps.breaker.state()).state).not.toBe('closed');
    api.faults.down = false;
    await drain(queue, clock, deps);

    // While down: one batch's calls (admitted together, 10) before the breaker opens, then one probe
    // per open period (15 s) at most.
    expect(callsWhileDown).toBeLessThanOrEqual(10 + Math.ceil((10 * 60_000) / 15_000) + 1);
    const messages = await messagesOf(mailing.id);
    expect(messages.map((message) => message.status)).toEqual(Array(30).fill('sent'));
    const records = await simulatorRecords(messages.map((message) => message.id));
    expect(records).toHaveLength(30);
    expect(records.every((record) => record.deliveries === 1 && record.requests === 1)).toBe(true);
    expect(messages.every((message) => message.sent_at! < new Date('2030-05-01T20:00:00Z'))).toBe(true);
    const stats = await getMailingStats({ db: await getDb() }, owner, mailing.id, { limit: 5 });
    expect(stats.byStatus).toMatchObject({ sent: 30, pending: 0, sending: 0 });
    expect(stats.messages.items).toHaveLength(5);
    expect(stats.messages.nextCursor).not.toBeNull();
  });

  it('a batch of 50 meeting an outage: one round of calls fails, the rest waits without an attempt', async () => {
    const clock = fakeClock('2030-05-01T12:00:00Z');
    const { queue, mailing } = await mailingFor(
      clock,
      Array.from({ length: 50 }, () => ({ zone: 'UTC' })),
      { endsAt: '2030-05-01T20:00:00Z' },
    );
    const api = inProcessSendingApi({ down: true });
    const deps = await senderDepsWith(queue, clock, api, { concurrency: 10 });
    const jobs = queue.takeDue();
    expect(jobs).toHaveLength(50);
    const results = await sendCampaignMessages(deps, jobs);
    expect(api.calls).toHaveLength(10); // one round; the breaker opened before the next
    expect(results.filter((result) => result === 'retry_scheduled')).toHaveLength(10);
    expect(results.filter((result) => result === 'deferred_breaker_open')).toHaveLength(40);
    const attempts = (await messagesOf(mailing.id)).map((message) => message.attempts).sort();
    expect(attempts).toEqual([...Array(40).fill(0), ...Array(10).fill(1)]);
    expect(queue.jobs).toHaveLength(50); // every one of them is back on the queue, delayed
    api.faults.down = false;
    await drain(queue, clock, deps, { batchSize: 50 });
    expect((await messagesOf(mailing.id)).every((message) => message.status === 'sent')).toBe(true);
    const records = await simulatorRecords(jobs.map((job) => job.messageId));
    expect(records.every((record) => record.deliveries === 1)).toBe(true);
  });

  it('API down past the end: what was not sent expires on time and is never sent late', async () => {
    const clock = fakeClock('2030-05-02T10:00:00Z');
    const endsAt = '2030-05-02T10:30:00Z';
    const { queue, mailing } = await mailingFor(
      clock,
      Array.from({ length: 12 }, () => ({ zone: 'Europe/Berlin' })),
      { endsAt },
    );
    const api = inProcessSendingApi();
    const deps = await senderDepsWith(queue, clock, api);
    await drain(queue, clock, deps, { until: () => api.calls.length >= 4, batchSize: 4 });
    api.faults.down = true;
    await drain(queue, clock, deps, { until: () => clock.ms() >= Date.parse('2030-05-02T11:00:00Z') });
    api.faults.down = false;
    const callsAfterEnd = api.calls.length;
    await drain(queue, clock, deps);
    // The cron's sweep catches anything whose queue message never came back.
    await dispatchMailings(await dispatchDepsWith(queue, clock), { budgetMs: 5_000, only: [mailing.id] });

    expect(api.calls.length).toBe(callsAfterEnd); // nothing was called after the end
    const messages = await messagesOf(mailing.id);
    const sent = messages.filter((message) => message.status === 'sent');
    const expired = messages.filter((message) => message.status === 'expired');
    expect(sent).toHaveLength(4);
    expect(expired).toHaveLength(8);
    expect(sent.every((message) => message.sent_at! < new Date(endsAt))).toBe(true);
    expect(await simulatorRecords(expired.map((message) => message.id))).toEqual([]);
  });

  it('500s: bounded retries with backoff, then failed (each message called exactly maxAttempts times)', async () => {
    const clock = fakeClock('2030-05-03T10:00:00Z');
    const { queue, mailing } = await mailingFor(
      clock,
      Array.from({ length: 5 }, () => ({ zone: 'UTC' })),
      { endsAt: '2030-05-04T10:00:00Z' },
    );
    const api = inProcessSendingApi({ status: 500 });
    const deps = await senderDepsWith(queue, clock, api, { breakerThreshold: 1_000, maxAttempts: 4 });
    await drain(queue, clock, deps);
    const messages = await messagesOf(mailing.id);
    expect(messages.map((message) => [message.status, message.attempts, message.last_error])).toEqual(
      Array(5).fill(['failed', 4, 'gave up after 4 attempts: HTTP 500']),
    );
    for (const message of messages) expect(api.calls.filter((id) => id === message.id)).toHaveLength(4);
  });

  it('429s: bounded retries that never open the breaker', async () => {
    const clock = fakeClock('2030-05-03T12:00:00Z');
    const { queue, mailing } = await mailingFor(clock, [{ zone: 'UTC' }, { zone: 'UTC' }], {
      endsAt: '2030-05-04T10:00:00Z',
    });
    const api = inProcessSendingApi({ status: 429 });
    const deps = await senderDepsWith(queue, clock, api, { breakerThreshold: 2, maxAttempts: 3 });
    await drain(queue, clock, deps);
    expect((await deps.breaker.state()).state).toBe('closed');
    expect((await messagesOf(mailing.id)).map((message) => message.status)).toEqual(['failed', 'failed']);
    expect(api.calls).toHaveLength(6);
  });

  it('timeouts over HTTP: the answer is lost, the retry is accepted as a duplicate, delivered once', async () => {
    // A loopback server in front of the simulator's handler that answers the first request late.
    let slowRequests = 1;
    const server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const messageId = decodeURIComponent((req.url ?? '').split('/').pop() ?? '');
      const response = await callHttp(simulatorSend, {
        method: 'POST',
        headers: { authorization: String(req.headers.authorization), 'content-type': 'application/json' },
        body: Buffer.concat(chunks).toString('utf8'),
        params: { messageId },
      });
      if (slowRequests > 0) {
        slowRequests -= 1;
        await new Promise((resolve) => setTimeout(resolve, 400));
      }
      res.writeHead(response.status, { 'content-type': 'application/json' }).end(response.raw);
    });
    server.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const clock = fakeClock('2030-05-05T10:00:00Z');
      const { queue, mailing } = await mailingFor(clock, [{ zone: 'UTC' }], {
        endsAt: '2030-05-05T12:00:00Z',
      });
      const api = httpSendingApi({
        baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        token: process.env.SENDING_API_TOKEN!,
        timeoutMs: 150,
      });
      const results = await drain(queue, clock, await senderDepsWith(queue, clock, api));
      expect(results).toEqual(['retry_scheduled', 'sent']);
      const [message] = await messagesOf(mailing.id);
      expect(message).toMatchObject({ status: 'sent', attempts: 2, last_error: null });
      const [record] = await simulatorRecords([message!.id]);
      expect(record).toMatchObject({ deliveries: 1, requests: 2 });
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('a crash between the call and the sent write: the stale claim is taken over, delivered once', async () => {
    const clock = fakeClock('2030-05-06T10:00:00Z');
    const { queue, mailing } = await mailingFor(clock, [{ zone: 'UTC' }], { endsAt: '2030-05-06T12:00:00Z' });
    const [message] = await messagesOf(mailing.id);
    const api = inProcessSendingApi();
    // The "crashed" attempt: claimed and called, but never recorded as sent.
    await claim(await getDb(), [message!.id], clock.now(), 11_000);
    await api.send({ id: message!.id, phone: message!.phone, text: 'Hello from the test' });
    const deps = await senderDepsWith(queue, clock, api);
    // SQS redelivers the message: first it waits out the claim's lease, then takes it over.
    const results = await drain(queue, clock, deps);
    expect(results).toEqual(['waiting', 'sent']);
    const [record] = await simulatorRecords([message!.id]);
    expect(record).toMatchObject({ deliveries: 1, requests: 2 });
    expect((await messagesOf(mailing.id))[0]).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('send window in each recipient zone, right across a DST change', async () => {
    // Saturday 2030-03-30 22:00 CET: Berlin springs forward that night (2030-03-31 02:00 → 03:00).
    const clock = fakeClock('2030-03-30T21:00:00Z');
    const zones = ['Europe/Berlin', 'Asia/Tokyo', 'America/New_York', 'Asia/Kolkata'];
    const { queue, mailing } = await mailingFor(
      clock,
      zones.map((zone) => ({ zone })),
      { endsAt: '2030-04-02T00:00:00Z', sendWindow: { start: '09:00', end: '21:00' } },
    );
    await drain(queue, clock, await senderDepsWith(queue, clock, inProcessSendingApi()));
    const messages = await messagesOf(mailing.id);
    const sentAt = Object.fromEntries(
      messages.map((message) => [message.time_zone, message.sent_at!.toISOString()]),
    );
    expect(sentAt).toEqual({
      'Asia/Tokyo': '2030-03-31T00:00:00.000Z', // 09:00 JST
      'Asia/Kolkata': '2030-03-31T03:30:00.000Z', // 09:00 IST
      'Europe/Berlin': '2030-03-31T07:00:00.000Z', // 09:00 CEST, the new offset (+02:00)
      'America/New_York': '2030-03-30T21:00:00.000Z', // 17:00 EDT: inside the window at once
    });
    const { DateTime } = await import('luxon');
    for (const message of messages) {
      const local = DateTime.fromJSDate(message.sent_at!, { zone: message.time_zone });
      expect(local.hour).toBeGreaterThanOrEqual(9);
      expect(local.hour).toBeLessThan(21);
    }
  });

  it('rate per second: each message takes its own slot', async () => {
    const clock = fakeClock('2030-05-07T10:00:00Z');
    const { queue, mailing } = await mailingFor(
      clock,
      Array.from({ length: 10 }, () => ({ zone: 'UTC' })),
      { endsAt: '2030-05-07T12:00:00Z', ratePerSecond: 2 },
    );
    await drain(queue, clock, await senderDepsWith(queue, clock, inProcessSendingApi()));
    const times = (await messagesOf(mailing.id)).map((message) => message.sent_at!.getTime()).sort();
    expect(times).toHaveLength(10);
    // 10 messages at 2/s: the last slot is 4.5 s after the first (delays are whole seconds, rounded up).
    expect(times.at(-1)! - times[0]!).toBeGreaterThanOrEqual(4_000);
  });

  it('rate per second after a wait for the send window: the held slot is given up, a fresh one taken', async () => {
    // Ten seconds before the window closes: ten go out one a second, the other ten had slots past 10:00.
    const clock = fakeClock('2030-06-03T09:59:50Z');
    const { queue, mailing } = await mailingFor(
      clock,
      Array.from({ length: 20 }, () => ({ zone: 'UTC' })),
      { endsAt: '2030-06-10T00:00:00Z', sendWindow: { start: '09:00', end: '10:00' }, ratePerSecond: 1 },
    );
    await drain(queue, clock, await senderDepsWith(queue, clock, inProcessSendingApi()));
    const messages = await messagesOf(mailing.id);
    expect(messages.every((message) => message.status === 'sent')).toBe(true);
    expect(maxPerSecond(messages)).toBe(1);
    // The ten that waited overnight go out one a second from the next window's opening.
    const nextMorning = messages.filter((message) => message.sent_at! >= new Date('2030-06-04T09:00:00Z'));
    expect(nextMorning).toHaveLength(10);
    expect(Math.max(...nextMorning.map((message) => message.sent_at!.getTime()))).toBe(
      Date.parse('2030-06-04T09:00:09Z'),
    );
  });

  it('rate per second after retries and breaker deferrals: each comes back for a fresh slot', async () => {
    const clock = fakeClock('2030-06-04T10:00:00Z');
    const { queue, mailing } = await mailingFor(
      clock,
      Array.from({ length: 12 }, () => ({ zone: 'UTC' })),
      { endsAt: '2030-06-04T12:00:00Z', ratePerSecond: 1 },
    );
    // Down while the first slots come due: retries, then the breaker opens and defers the rest.
    const api = inProcessSendingApi({ down: true });
    const deps = await senderDepsWith(queue, clock, api, { maxAttempts: 8 });
    await drain(queue, clock, deps, { until: () => api.calls.length >= 5 });
    api.faults.down = false;
    await drain(queue, clock, deps);
    const messages = await messagesOf(mailing.id);
    expect(messages.every((message) => message.status === 'sent')).toBe(true);
    expect(maxPerSecond(messages)).toBe(1);
    const records = await simulatorRecords(messages.map((message) => message.id));
    expect(records.every((record) => record.deliveries === 1)).toBe(true);
  });
});
