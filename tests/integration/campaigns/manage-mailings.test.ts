import { getDb } from '#platform/db/index';
import { createClient } from '../../../functions/campaigns/clients.js';
import { cancelMailing, pauseMailing, resumeMailing } from '../../../functions/campaigns/control-mailing.js';
import { handler as cancelHandler } from '../../../functions/campaigns/handlers/http/cancel-mailing.js';
import { handler as createMailingHandler } from '../../../functions/campaigns/handlers/http/create-mailing.js';
import { handler as getMailingHandler } from '../../../functions/campaigns/handlers/http/get-mailing.js';
import { handler as statsHandler } from '../../../functions/campaigns/handlers/http/get-mailing-stats.js';
import { handler as listStatsHandler } from '../../../functions/campaigns/handlers/http/list-mailing-stats.js';
import { handler as updateMailingHandler } from '../../../functions/campaigns/handlers/http/update-mailing.js';
import { createMailing, updateMailing } from '../../../functions/campaigns/mailings.js';
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
    const clock = fakeClock('2030-03-01T10:00:00Z');
    const queue = fakeQueue(clock);
    const deps = await mailingDepsWith(queue, clock);
    const api = inProcessSendingApi();
    const sender = await senderDepsWith(queue, clock, api);
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
