import { getDb } from '#platform/db/index';
import { claim, settle } from '../../../functions/campaigns/adapters/messages.repository.js';
import { createClient } from '../../../functions/campaigns/clients.js';
import { cancelMailing, pauseMailing, resumeMailing } from '../../../functions/campaigns/control-mailing.js';
import { handler as cancelHandler } from '../../../functions/campaigns/handlers/http/cancel-mailing.js';
import { handler as createMailingHandler } from '../../../functions/campaigns/handlers/http/create-mailing.js';
import { handler as getMailingHandler } from '../../../functions/campaigns/handlers/http/get-mailing.js';
import { handler as statsHandler } from '../../../functions/campaigns/handlers/http/get-mailing-stats.js';
import { handler as listStatsHandler } from '../../../functions/campaigns/handlers/http/list-mailing-stats.js';
import { handler as updateMailingHandler } from '../../../functions/campaigns/handlers/http/update-mailing.js';
import { createMailing, updateMailing } from '../../../functions/campaigns/mailings.js';
import { sendCampaignMessages } from '../../../functions/campaigns/send-campaign-message.js';
import { callHttp } from '../../support/http-event.js';
import { createTestUser } from '../../support/users.js';
import {
  dispatchDepsWith,
  drain,
  fakeClock,
  fakeQueue,
  inProcessSendingApi,
  mailingDepsWith,
  senderDepsWith,
  uniquePhone,
} from './harness.js';

const base = {
  text: 'Spring sale: 20% off this week',
  startsAt: '2030-01-01T09:00:00Z',
  endsAt: '2030-01-02T09:00:00Z',
};

async function audience(owner: { id: string }, count: number, zone = 'Europe/Berlin') {
  const db = await getDb();
  for (let i = 0; i < count; i += 1) {
    await createClient({ db, now: () => new Date() }, owner, {
      phone: uniquePhone(),
      timeZone: zone,
      tag: 'all',
    });
  }
}

/** A fake clock at `at`, its queue, the mailing deps and a sender on an in-process sending API. */
async function sendingHarness(at: string) {
  const clock = fakeClock(at);
  const queue = fakeQueue(clock);
  const deps = await mailingDepsWith(queue, clock);
  const api = inProcessSendingApi();
  const sender = await senderDepsWith(queue, clock, api);
  return { clock, queue, deps, api, sender };
}

describe('mailings over HTTP', () => {
  it('bad input answers 400 naming the field', async () => {
    const ann = await createTestUser();
    const cases: [Record<string, unknown>, string][] = [
      [{ ...base, endsAt: base.startsAt }, 'endsAt'],
      [{ ...base, text: '   ' }, 'text'],
      [{ ...base, text: 'x'.repeat(1001) }, 'text'],
      [{ ...base, filter: { tags: ['a'], city: ['Berlin'] } }, 'filter'],
      [{ ...base, sendWindow: { start: '21:00', end: '09:00' } }, 'sendWindow.end'],
      [{ ...base, sendWindow: { start: '9am', end: '21:00' } }, 'sendWindow.start'],
      [{ ...base, startsAt: 'tomorrow' }, 'startsAt'],
      [{ ...base, ratePerSecond: 0 }, 'ratePerSecond'],
      [{ ...base, startsAt: '2020-01-01T00:00:00Z', endsAt: '2020-01-02T00:00:00Z' }, 'endsAt'],
    ];
    for (const [body, field] of cases) {
      const response = await callHttp(createMailingHandler, { method: 'POST', token: ann.token, body });
      expect(response.status).toBe(400);
      const fields = response.body.errors.map((error: { field: string }) => error.field);
      expect(fields.some((name: string) => name.startsWith(field))).toBe(true);
    }
  });

  it("creates, reads and changes a mailing before its start; another user's is a 404", async () => {
    const ann = await createTestUser();
    const eve = await createTestUser();
    const created = await callHttp(createMailingHandler, {
      method: 'POST',
      token: ann.token,
      body: {
        ...base,
        filter: { tags: ['vip'] },
        sendWindow: { start: '09:00', end: '21:00' },
        ratePerSecond: 50,
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      status: 'scheduled',
      filter: { tags: ['vip'], operatorCodes: [] },
      sendWindow: { start: '09:00', end: '21:00' },
      ratePerSecond: 50,
      dispatched: false,
    });
    const params = { id: created.body.id };
    const patched = await callHttp(updateMailingHandler, {
      method: 'PATCH',
      params,
      token: ann.token,
      body: { text: 'Changed', sendWindow: null },
    });
    expect(patched.body).toMatchObject({ text: 'Changed', sendWindow: null });
    const backwards = await callHttp(updateMailingHandler, {
      method: 'PATCH',
      params,
      token: ann.token,
      body: { endsAt: '2029-12-31T00:00:00Z' },
    });
    expect(backwards.status).toBe(400);
    expect(backwards.body.errors[0].field).toBe('endsAt');

    for (const handler of [getMailingHandler, statsHandler, cancelHandler]) {
      const response = await callHttp(handler, { method: 'GET', params, token: eve.token });
      expect(response.status).toBe(404);
      expect(response.body.code).toBe('CAMPAIGNS.MAILING_NOT_FOUND');
    }
    const stolen = await callHttp(updateMailingHandler, {
      method: 'PATCH',
      params,
      token: eve.token,
      body: { text: 'x' },
    });
    expect(stolen.status).toBe(404);
    const eveStats = await callHttp(listStatsHandler, { token: eve.token });
    expect(eveStats.body.items).toEqual([]);
  });
});

describe('mailing lifecycle', () => {
  it('starts at once when already started, and cannot be changed after its start (409)', async () => {
    const owner = await createTestUser();
    await audience(owner, 3);
    const clock = fakeClock('2030-03-01T10:00:00Z');
    const queue = fakeQueue(clock);
    const deps = await mailingDepsWith(queue, clock);
    const mailing = await createMailing(deps, owner, {
      ...base,
      startsAt: '2030-03-01T09:00:00Z',
      endsAt: '2030-03-01T18:00:00Z',
      filter: {},
    });
    expect(queue.jobs).toHaveLength(3); // dispatched right after creation
    const stats = await callHttp(statsHandler, { params: { id: mailing.id }, token: owner.token });
    expect(stats.body).toMatchObject({ status: 'running', total: 3, byStatus: { pending: 3, sent: 0 } });
    await expect(updateMailing(deps, owner, mailing.id, { text: 'late' })).rejects.toMatchObject({
      code: 'CAMPAIGNS.MAILING_STARTED',
    });
  });

  it('pause parks unsent messages, resume sends them, cancel stops the rest', async () => {
    const owner = await createTestUser();
    await audience(owner, 6);
    const { clock, queue, deps, api, sender } = await sendingHarness('2030-03-01T10:00:00Z');
    const mailing = await createMailing(deps, owner, {
      ...base,
      startsAt: '2030-03-01T09:00:00Z',
      endsAt: '2030-03-01T18:00:00Z',
      filter: {},
    });
    // Two are sent, then the mailing is paused: the other four stay pending, their queue messages dropped.
    await drain(queue, clock, sender, { until: () => api.calls.length >= 2, batchSize: 2 });
    await pauseMailing(deps, owner, mailing.id);
    expect(await drain(queue, clock, sender)).toEqual(expect.arrayContaining(['parked']));
    const paused = (await callHttp(statsHandler, { params: { id: mailing.id }, token: owner.token })).body;
    expect(paused).toMatchObject({ status: 'paused', byStatus: { sent: 2, pending: 4 } });
    expect(api.calls).toHaveLength(2);

    await resumeMailing(deps, owner, mailing.id); // re-queues the four pending ones
    expect(queue.jobs).toHaveLength(4);
    await drain(queue, clock, sender, { until: () => api.calls.length >= 3, batchSize: 1 });
    await cancelMailing(deps, owner, mailing.id);
    await drain(queue, clock, sender);
    const final = (await callHttp(statsHandler, { params: { id: mailing.id }, token: owner.token })).body;
    expect(final.status).toBe('cancelled');
    expect(final.byStatus).toMatchObject({ sent: 3, cancelled: 3, pending: 0 });
    expect(api.calls).toHaveLength(3);
    await expect(pauseMailing(deps, owner, mailing.id)).rejects.toMatchObject({
      code: 'CAMPAIGNS.MAILING_STATE',
    });
  });

  it('pause and resume spend no send slot twice: everything still goes out before the end, 1/s', async () => {
    const owner = await createTestUser();
    await audience(owner, 20, 'UTC');
    const { clock, queue, deps, api, sender } = await sendingHarness('2030-03-02T10:00:00Z');
    // 20 messages at 1/s: about 25 s of work with the pause below, inside the 35 s the mailing lasts.
    const mailing = await createMailing(deps, owner, {
      ...base,
      startsAt: '2030-03-02T10:00:00Z',
      endsAt: '2030-03-02T10:00:35Z',
      filter: {},
      ratePerSecond: 1,
    });
    // Every job takes its slot (10:00:00 … 10:00:19); the first goes out, the others wait for theirs.
    const jobs = queue.takeDue();
    expect(jobs).toHaveLength(20);
    await sendCampaignMessages(sender, jobs.slice(0, 10));
    await sendCampaignMessages(sender, jobs.slice(10));
    await pauseMailing(deps, owner, mailing.id);
    clock.advance(5_000);
    // The jobs whose slots came during the pause are dropped; the later ones are still in the queue.
    expect(await sendCampaignMessages(sender, queue.takeDue())).toEqual(Array(5).fill('parked'));
    await resumeMailing(deps, owner, mailing.id);
    await drain(queue, clock, sender);

    const db = await getDb();
    const messages = await db
      .selectFrom('campaign_messages')
      .select(['status', 'sent_at'])
      .where('mailing_id', '=', mailing.id)
      .execute();
    expect(messages.map((message) => message.status)).toEqual(Array(20).fill('sent'));
    expect(new Set(api.calls).size).toBe(20);
    expect(api.calls).toHaveLength(20);
    const seconds = messages.map((message) => Math.floor(message.sent_at!.getTime() / 1000));
    expect(new Set(seconds).size).toBe(20); // never two in the same second
    // One at 10:00:00, then the other 19 from the resume on (10:00:05 … 10:00:23).
    expect(Math.max(...seconds) * 1000).toBe(Date.parse('2030-03-02T10:00:23Z'));
  });

  it('jobs queued before a resume are dropped; the resume carries every open message on, once', async () => {
    const owner = await createTestUser();
    await audience(owner, 3, 'UTC');
    const { clock, queue, deps, api, sender } = await sendingHarness('2030-03-03T10:00:00Z');
    const mailing = await createMailing(deps, owner, {
      ...base,
      startsAt: '2030-03-03T10:00:00Z',
      endsAt: '2030-03-03T18:00:00Z',
      filter: {},
    });
    const before = queue.takeDue();
    expect(before).toHaveLength(3);
    // One of them is being sent when the mailing is paused and resumed.
    const db = await getDb();
    const [inFlight] = await claim(db, [before[0]!.messageId], clock.now(), sender.leaseMs);
    await pauseMailing(deps, owner, mailing.id);
    await resumeMailing(deps, owner, mailing.id);
    expect(queue.jobs.map((entry) => entry.job.messageId).sort()).toEqual(
      before.map((job) => job.messageId).sort(),
    );
    // Its call ends in a retry, re-queued as the old job; the other old jobs are still on the queue,
    // ahead of the resume's.
    await settle(db, [inFlight!.id], 'pending', clock.now(), 'HTTP 503');
    queue.jobs.unshift(...before.map((job) => ({ job, dueAt: clock.ms() })));
    const results = await drain(queue, clock, sender, { batchSize: 1 });
    expect(results.filter((result) => result === 'superseded')).toHaveLength(3);
    expect(results.filter((result) => result === 'sent')).toHaveLength(3);
    expect(api.calls.sort()).toEqual(before.map((job) => job.messageId).sort());
  });

  it('a resume while messages wait for their window: each message takes one rate slot, not two', async () => {
    const owner = await createTestUser();
    await audience(owner, 10, 'UTC');
    const clock = fakeClock('2030-03-04T08:00:00Z');
    const queue = fakeQueue(clock);
    const deps = await mailingDepsWith(queue, clock);
    const mailing = await createMailing(deps, owner, {
      ...base,
      startsAt: '2030-03-04T08:00:00Z',
      endsAt: '2030-03-04T18:00:00Z',
      filter: {},
      sendWindow: { start: '09:00', end: '10:00' },
      ratePerSecond: 1,
    });
    const sender = await senderDepsWith(queue, clock, inProcessSendingApi());
    expect(
      await drain(queue, clock, sender, { until: () => clock.ms() > Date.parse('2030-03-04T08:00:00Z') }),
    ).toEqual(Array(10).fill('waiting'));
    // Paused and resumed before their queue messages come back: the resume queues all ten again.
    await pauseMailing(deps, owner, mailing.id);
    await resumeMailing(deps, owner, mailing.id);
    expect(queue.jobs).toHaveLength(20);
    const results = await drain(queue, clock, sender);
    expect(results.filter((result) => result === 'superseded')).toHaveLength(10);
    const db = await getDb();
    const row = await db
      .selectFrom('campaign_mailings')
      .select(['next_slot_at'])
      .where('id', '=', mailing.id)
      .executeTakeFirstOrThrow();
    expect(row.next_slot_at).toEqual(new Date('2030-03-04T09:00:10Z')); // ten slots, from 09:00:00
    const sent = await db
      .selectFrom('campaign_messages')
      .select(['sent_at'])
      .where('mailing_id', '=', mailing.id)
      .execute();
    expect(new Set(sent.map((message) => message.sent_at!.getTime())).size).toBe(10);
  });

  it('the dispatcher closes a mailing once everything is settled, and the overview counts it', async () => {
    const owner = await createTestUser();
    await audience(owner, 4);
    const clock = fakeClock('2030-03-01T10:00:00Z');
    const queue = fakeQueue(clock);
    const deps = await mailingDepsWith(queue, clock);
    const mailing = await createMailing(deps, owner, {
      ...base,
      startsAt: '2030-03-01T09:00:00Z',
      endsAt: '2030-03-01T18:00:00Z',
      filter: {},
    });
    await drain(queue, clock, await senderDepsWith(queue, clock, inProcessSendingApi()));
    const { dispatchMailings } = await import('../../../functions/campaigns/dispatch-mailings.js');
    await dispatchMailings(await dispatchDepsWith(queue, clock), { budgetMs: 5_000, only: [mailing.id] });
    const overview = await callHttp(listStatsHandler, { token: owner.token });
    expect(overview.body.items).toEqual([
      {
        mailingId: mailing.id,
        status: 'finished',
        total: 4,
        byStatus: { pending: 0, sending: 0, sent: 4, failed: 0, expired: 0, cancelled: 0 },
      },
    ]);
  });
});
