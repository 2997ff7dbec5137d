import { getDb } from '#platform/db/index';
import { materialiseBatch } from '../../../functions/campaigns/adapters/audience.repository.js';
import { insertMailing } from '../../../functions/campaigns/adapters/mailings.repository.js';
import { dispatchMailing, dispatchMailings } from '../../../functions/campaigns/dispatch-mailings.js';
import { dispatchDepsWith, fakeClock, fakeQueue, messageCounts, ownerWithAudience } from './harness.js';

const window = { startsAt: new Date('2030-06-01T09:00:00Z'), endsAt: new Date('2030-06-01T18:00:00Z') };

async function mailing(ownerId: string, tags: string[] = []) {
  return insertMailing(await getDb(), ownerId, {
    text: 'hi',
    ...window,
    tags,
    operatorCodes: [],
    window: null,
    ratePerSecond: null,
  });
}

describe('dispatchMailings', () => {
  it('two dispatchers at once: one message and one queue message per client, none twice', async () => {
    const owner = await ownerWithAudience(200, (index) => ({ tag: index % 2 === 0 ? 'even' : null }));
    const target = await mailing(owner.id, ['even']);
    const clock = fakeClock('2030-06-01T10:00:00Z');
    const queue = fakeQueue(clock);
    const [a, b] = [await dispatchDepsWith(queue, clock, 13), await dispatchDepsWith(queue, clock, 13)];
    await Promise.all([
      dispatchMailings(a, { budgetMs: 20_000, only: [target.id] }),
      dispatchMailings(b, { budgetMs: 20_000, only: [target.id] }),
      dispatchMailings(a, { budgetMs: 20_000, only: [target.id] }),
    ]);
    expect(await messageCounts(target.id)).toEqual({ messages: 100, clients: 100 });
    const ids = queue.jobs
      .filter((entry) => entry.job.mailingId === target.id)
      .map((entry) => entry.job.messageId);
    expect(ids).toHaveLength(100);
    expect(new Set(ids).size).toBe(100);
    const db = await getDb();
    const row = await db
      .selectFrom('campaign_mailings')
      .selectAll()
      .where('id', '=', target.id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('running');
    expect(row.dispatched_at).not.toBeNull();
    // Running it again adds nothing.
    await dispatchMailings(a, { budgetMs: 5_000, only: [target.id] });
    expect(queue.jobs.filter((entry) => entry.job.mailingId === target.id)).toHaveLength(100);
  });

  it('even without the mailing lock, the same batch materialised twice at once inserts each message once', async () => {
    const owner = await ownerWithAudience(40);
    const target = await mailing(owner.id);
    const db = await getDb();
    const batch = () =>
      db.transaction().execute((trx) =>
        materialiseBatch(
          trx,
          {
            id: target.id,
            ownerId: owner.id,
            tags: [],
            operatorCodes: [],
            after: null,
            resumeCount: 0,
          },
          40,
          null,
          new Date(),
        ),
      );
    const [first, second] = await Promise.all([batch(), batch()]);
    expect(first.outboxIds.length + second.outboxIds.length).toBe(40);
    expect(await messageCounts(target.id)).toEqual({ messages: 40, clients: 40 });
    await db
      .deleteFrom('outbox')
      .where('id', 'in', [...first.outboxIds, ...second.outboxIds])
      .execute();
  });

  it('a crash after some batches resumes from the cursor without duplicates', async () => {
    const owner = await ownerWithAudience(60);
    const target = await mailing(owner.id);
    const clock = fakeClock('2030-06-01T10:00:00Z');
    const queue = fakeQueue(clock);
    const deps = await dispatchDepsWith(queue, clock, 10);
    let relays = 0;
    const crashing = {
      ...deps,
      relay: async (ids: string[]) => {
        relays += 1;
        if (relays === 3) throw new Error('crash after the third committed batch');
        await deps.relay(ids);
      },
    };
    await expect(dispatchMailing(crashing, target.id, Date.now() + 10_000)).rejects.toThrow('crash');
    expect(await messageCounts(target.id)).toEqual({ messages: 30, clients: 30 });
    await dispatchMailings(deps, { budgetMs: 10_000, only: [target.id] });
    expect(await messageCounts(target.id)).toEqual({ messages: 60, clients: 60 });
    // The crashed batch's outbox rows were never relayed: they wait for the relayOutbox cron.
    const db = await getDb();
    const leftInOutbox = await db
      .selectFrom('outbox')
      .select('body')
      .where('queue', '=', 'campaign-messages')
      .where('body', 'like', `%${target.id}%`)
      .execute();
    expect(queue.jobs.filter((entry) => entry.job.mailingId === target.id).length + leftInOutbox.length).toBe(
      60,
    );
    await db.deleteFrom('outbox').where('body', 'like', `%${target.id}%`).execute();
  });

  it('queue messages that were lost are queued again once their messages go stale', async () => {
    const owner = await ownerWithAudience(8);
    const target = await mailing(owner.id);
    const clock = fakeClock('2030-06-01T10:00:00Z');
    const queue = fakeQueue(clock);
    const deps = await dispatchDepsWith(queue, clock, 100);
    await dispatchMailings(deps, { budgetMs: 5_000, only: [target.id] });
    expect(queue.jobs).toHaveLength(8);
    queue.jobs.splice(0); // lost (a DLQ, an emulator restart)
    clock.advance(10 * 60_000);
    await dispatchMailings(deps, { budgetMs: 5_000, only: [target.id] });
    expect(queue.jobs).toHaveLength(0); // not stale yet: they may still be on their way
    clock.advance(12 * 60_000);
    const result = await dispatchMailings(deps, { budgetMs: 5_000, only: [target.id] });
    expect(result.requeuedStale).toBe(8);
    expect(new Set(queue.jobs.map((entry) => entry.job.messageId)).size).toBe(8);
    await dispatchMailings(deps, { budgetMs: 5_000, only: [target.id] });
    expect(queue.jobs).toHaveLength(8); // touched: not queued twice
  });

  it('a future mailing waits for its start; an ended one expires what is open and finishes', async () => {
    const owner = await ownerWithAudience(5);
    const target = await mailing(owner.id);
    const clock = fakeClock('2030-06-01T08:59:00Z');
    const queue = fakeQueue(clock);
    const deps = await dispatchDepsWith(queue, clock, 100);
    await dispatchMailings(deps, { budgetMs: 5_000, only: [target.id] });
    expect(await messageCounts(target.id)).toEqual({ messages: 0, clients: 0 });
    clock.set('2030-06-01T09:00:00Z');
    await dispatchMailings(deps, { budgetMs: 5_000, only: [target.id] });
    expect(await messageCounts(target.id)).toEqual({ messages: 5, clients: 5 });
    clock.set('2030-06-01T18:00:00Z');
    await dispatchMailings(deps, { budgetMs: 5_000, only: [target.id] });
    const db = await getDb();
    const statuses = await db
      .selectFrom('campaign_messages')
      .select('status')
      .where('mailing_id', '=', target.id)
      .execute();
    expect(statuses.map((row) => row.status)).toEqual(Array(5).fill('expired'));
    const row = await db
      .selectFrom('campaign_mailings')
      .select('status')
      .where('id', '=', target.id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('finished');
  });
});
