// A mailing that ends or is cancelled before every client got a message: the rest of its audience is
// accounted for (expired / cancelled, never enqueued, never sent), in batches, exactly once.
import { getDb } from '#platform/db/index';
import { accountForBatch } from '../../../functions/campaigns/adapters/audience.repository.js';
import { insertMailing } from '../../../functions/campaigns/adapters/mailings.repository.js';
import { createClient, deleteClient, updateClient } from '../../../functions/campaigns/clients.js';
import { cancelMailing } from '../../../functions/campaigns/control-mailing.js';
import {
  closeMailing,
  type DispatchDeps,
  dispatchMailing,
  dispatchMailings,
} from '../../../functions/campaigns/dispatch-mailings.js';
import { getMailingStats, listMailingStats } from '../../../functions/campaigns/mailing-stats.js';
import { createTestUser } from '../../support/users.js';
import {
  type Clock,
  dispatchDepsWith,
  drain,
  type FakeQueue,
  fakeClock,
  fakeQueue,
  inProcessSendingApi,
  mailingDepsWith,
  messageCounts,
  ownerWithAudience,
  senderDepsWith,
  uniquePhone,
} from './harness.js';

/** Two operators, so the closed rows' stats are split by operator code. */
const ownerWithTwoOperators = (count: number) =>
  ownerWithAudience(count, (index) => ({ operatorCode: index % 3 === 0 ? '1517' : '1577' }));

const period = { startsAt: new Date('2030-07-01T09:00:00Z'), endsAt: new Date('2030-07-01T18:00:00Z') };

async function mailingOf(ownerId: string, times = period) {
  return insertMailing(await getDb(), ownerId, {
    text: 'Closing time',
    ...times,
    tags: [],
    operatorCodes: [],
    window: null,
    ratePerSecond: null,
  });
}

/** Runs the dispatcher over one mailing, calling `afterBatch(n)` after each relayed batch. */
async function dispatchWithHook(
  queue: FakeQueue,
  clock: Clock,
  mailingId: string,
  afterBatch: (batch: number) => Promise<void>,
) {
  const deps = await dispatchDepsWith(queue, clock, 10);
  let batches = 0;
  const hooked: DispatchDeps = {
    ...deps,
    relay: async (ids) => {
      await deps.relay(ids);
      batches += 1;
      await afterBatch(batches);
    },
  };
  await dispatchMailing(hooked, mailingId, Date.now() + 20_000);
  return batches;
}

describe('closing a mailing accounts for its whole audience', () => {
  it('cancelled mid-materialisation: every client counted, nothing sent after the cancel', async () => {
    const owner = await ownerWithTwoOperators(55);
    const mailing = await mailingOf(owner.id);
    const clock = fakeClock('2030-07-01T10:00:00Z');
    const queue = fakeQueue(clock);
    const api = inProcessSendingApi();
    const sender = await senderDepsWith(queue, clock, api);
    const control = await mailingDepsWith(queue, clock);
    const batches = await dispatchWithHook(queue, clock, mailing.id, async (batch) => {
      if (batch === 1)
        await drain(queue, clock, sender, { until: () => api.calls.length >= 3, batchSize: 1 });
      if (batch === 2) await cancelMailing(control, owner, mailing.id);
    });
    expect(batches).toBe(2); // the dispatcher stopped at the cancel
    const callsAtCancel = api.calls.length;
    await drain(queue, clock, sender); // the queue messages already out: dropped, not sent
    await dispatchMailings(await dispatchDepsWith(queue, clock), { budgetMs: 5_000, only: [mailing.id] });

    expect(api.calls).toHaveLength(callsAtCancel);
    expect(await messageCounts(mailing.id)).toEqual({ messages: 55, clients: 55 });
    const stats = await getMailingStats({ db: await getDb() }, owner, mailing.id, { limit: 1 });
    expect(stats).toMatchObject({
      status: 'cancelled',
      total: 55,
      byStatus: { sent: 3, cancelled: 52, pending: 0, sending: 0, expired: 0 },
    });
    expect(stats.byOperatorCode['1517']!.cancelled + stats.byOperatorCode['1577']!.cancelled).toBe(52);
    const overview = await listMailingStats({ db: await getDb() }, owner, { limit: 10 });
    expect(overview.items).toEqual([expect.objectContaining({ mailingId: mailing.id, total: 55 })]);
  });

  it('ended mid-materialisation: the rest expires (rows, not queue messages) and the mailing finishes', async () => {
    const owner = await ownerWithTwoOperators(48);
    const mailing = await mailingOf(owner.id);
    const clock = fakeClock('2030-07-01T17:59:00Z');
    const queue = fakeQueue(clock);
    const api = inProcessSendingApi();
    const sender = await senderDepsWith(queue, clock, api);
    await dispatchWithHook(queue, clock, mailing.id, async (batch) => {
      if (batch === 1)
        await drain(queue, clock, sender, { until: () => api.calls.length >= 4, batchSize: 1 });
      if (batch === 2) clock.set('2030-07-01T18:00:00Z'); // the end passes during the materialisation
    });
    const queued = queue.jobs.length;
    const result = await dispatchMailings(await dispatchDepsWith(queue, clock, 10), {
      budgetMs: 10_000,
      only: [mailing.id],
    });
    expect(queue.jobs).toHaveLength(queued); // nothing new enqueued for the clients that had no message
    await drain(queue, clock, sender);

    expect(api.calls).toHaveLength(4);
    expect(result).toMatchObject({ expired: 44, finished: 1 });
    expect(await messageCounts(mailing.id)).toEqual({ messages: 48, clients: 48 });
    const stats = await getMailingStats({ db: await getDb() }, owner, mailing.id, { limit: 1 });
    expect(stats).toMatchObject({
      status: 'finished',
      total: 48,
      byStatus: { sent: 4, expired: 44, pending: 0 },
    });
  });

  it('three closers at once, and the same batch twice without the lock: one row per client', async () => {
    const owner = await ownerWithTwoOperators(300);
    const mailing = await mailingOf(owner.id);
    const clock = fakeClock('2030-07-02T00:00:00Z'); // after the end: nothing was ever materialised
    const queue = fakeQueue(clock);
    const [a, b] = [await dispatchDepsWith(queue, clock, 13), await dispatchDepsWith(queue, clock, 13)];
    const deadline = Date.now() + 20_000;
    await Promise.all([
      closeMailing(a, mailing.id, deadline),
      closeMailing(b, mailing.id, deadline),
      dispatchMailings(a, { budgetMs: 20_000, only: [mailing.id] }),
    ]);
    expect(await messageCounts(mailing.id)).toEqual({ messages: 300, clients: 300 });
    expect(queue.jobs).toHaveLength(0);
    const stats = await getMailingStats({ db: await getDb() }, owner, mailing.id, { limit: 1 });
    expect(stats).toMatchObject({ status: 'finished', total: 300, byStatus: { expired: 300 } });
    // Closed: running it again changes nothing.
    expect(await closeMailing(a, mailing.id, Date.now() + 5_000)).toEqual({
      expired: 0,
      cancelled: 0,
      closed: false,
    });

    const other = await mailingOf(owner.id);
    const db = await getDb();
    const scan = {
      id: other.id,
      ownerId: owner.id,
      tags: [],
      operatorCodes: [],
      after: null,
    };
    const once = () =>
      db
        .transaction()
        .execute((trx) => accountForBatch(trx, scan, 'cancelled', 'mailing cancelled', 120, new Date()));
    const [first, second] = await Promise.all([once(), once()]);
    expect(first.inserted + second.inserted).toBe(120);
    expect(await messageCounts(other.id)).toEqual({ messages: 120, clients: 120 });
  });

  it('the audience: clients as they are when reached; none added after the start; a cancel before the start has none', async () => {
    const owner = await createTestUser();
    const db = await getDb();
    const deps = { db, now: () => new Date() };
    const add = (tag: string) => createClient(deps, owner, { phone: uniquePhone(), tag, timeZone: 'UTC' });
    const [kept, retagged, removed] = [await add('vip'), await add('vip'), await add('vip')];
    const joiner = await add('other');
    const now = Date.now();
    const mailing = await insertMailing(db, owner.id, {
      text: 'VIPs only',
      startsAt: new Date(now - 60_000),
      endsAt: new Date(now + 3_600_000),
      tags: ['vip'],
      operatorCodes: [],
      window: null,
      ratePerSecond: null,
    });
    // While it runs but before their batch is reached: one leaves the filter, one is deleted, one
    // joins the filter, and a new client arrives (after the start: not in this mailing's audience).
    await updateClient(deps, owner, retagged.id, { tag: 'other' });
    await deleteClient(deps, owner, removed.id);
    await updateClient(deps, owner, joiner.id, { tag: 'vip' });
    await add('vip');
    const clock = fakeClock(new Date(now).toISOString());
    const queue = fakeQueue(clock);
    await cancelMailing(await mailingDepsWith(queue, clock), owner, mailing.id);
    // Cancel closes for up to 2 s itself; whatever a loaded machine leaves over, the next cron run closes.
    await closeMailing(await dispatchDepsWith(queue, clock, 100), mailing.id, Date.now() + 20_000);
    const messages = await db
      .selectFrom('campaign_messages')
      .select(['client_id', 'status'])
      .where('mailing_id', '=', mailing.id)
      .execute();
    expect(messages.map((message) => message.client_id).sort()).toEqual([kept.id, joiner.id].sort());
    expect(messages.every((message) => message.status === 'cancelled')).toBe(true);

    const future = await mailingOf(owner.id);
    await cancelMailing(await mailingDepsWith(queue, fakeClock('2030-06-30T00:00:00Z')), owner, future.id);
    const stats = await getMailingStats({ db }, owner, future.id, { limit: 1 });
    expect(stats).toMatchObject({ status: 'cancelled', total: 0 });
  });
});
