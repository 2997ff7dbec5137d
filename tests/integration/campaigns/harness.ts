// Shared by the campaigns integration tests: a fake clock, an in-memory stand-in for the delayed SQS
// queue (so hours of send windows and breaker timeouts run in milliseconds), the real sender and
// dispatcher on the real database, and the sending API simulator called in-process.
import { randomUUID } from 'node:crypto';
import { dynamoDocuments } from '#platform/aws/clients';
import { getDb } from '#platform/db/index';
import { AppError } from '#platform/errors';
import { dynamoBreakerStore } from '#platform/resilience/breaker-store';
import { SharedCircuitBreaker } from '#platform/resilience/shared-breaker';
import { breakerGate } from '../../../functions/campaigns/adapters/breaker-gate.js';
import { upsertClients } from '../../../functions/campaigns/adapters/clients.repository.js';
import type { SendingApi } from '../../../functions/campaigns/adapters/sending-api.client.js';
import type { CampaignMessageJob } from '../../../functions/campaigns/contract.js';
import { type DispatchDeps, dispatchMailings } from '../../../functions/campaigns/dispatch-mailings.js';
import { type CallOutcome, classifyResponse } from '../../../functions/campaigns/domain/delivery.js';
import type { MailingDeps } from '../../../functions/campaigns/mailings.js';
import {
  type SenderDeps,
  type SendGate,
  sendCampaignMessages,
} from '../../../functions/campaigns/send-campaign-message.js';
import { sendMessage } from '../../../functions/sending-api/sending.js';
import { createTestUser } from '../../support/users.js';

export function fakeClock(startIso: string) {
  let current = Date.parse(startIso);
  return {
    now: () => new Date(current),
    ms: () => current,
    advance: (ms: number) => {
      current += ms;
    },
    set: (iso: string) => {
      current = Date.parse(iso);
    },
  };
}
export type Clock = ReturnType<typeof fakeClock>;

/** Jobs with the instant they become visible, like SQS DelaySeconds. */
export function fakeQueue(clock: Clock) {
  const jobs: { job: CampaignMessageJob; dueAt: number }[] = [];
  return {
    jobs,
    push: (job: CampaignMessageJob, delaySeconds = 0) => {
      jobs.push({ job, dueAt: clock.ms() + delaySeconds * 1000 });
    },
    takeDue: () => {
      const due = jobs.filter((entry) => entry.dueAt <= clock.ms());
      for (const entry of due) jobs.splice(jobs.indexOf(entry), 1);
      return due.map((entry) => entry.job);
    },
    nextDueAt: () => Math.min(...jobs.map((entry) => entry.dueAt)),
  };
}
export type FakeQueue = ReturnType<typeof fakeQueue>;

/** The simulator's own use case, in-process: its answers become the HTTP statuses a client would see. */
export function inProcessSendingApi(faults: { down?: boolean; status?: number } = {}) {
  const calls: string[] = [];
  const api: SendingApi & { calls: string[]; faults: typeof faults } = {
    calls,
    faults,
    async send(message): Promise<CallOutcome> {
      calls.push(message.id);
      if (faults.down) return classifyResponse(503);
      if (faults.status) return classifyResponse(faults.status, faults.status === 429 ? '1' : null);
      try {
        await sendMessage(
          { db: await getDb(), now: () => new Date(), random: Math.random, sleep: async () => undefined },
          message.id,
          message,
        );
        return { kind: 'accepted' };
      } catch (error) {
        if (error instanceof AppError) return classifyResponse(error.status);
        throw error;
      }
    },
  };
  return api;
}

/** Relays outbox rows straight into the fake queue (what relay + SQS do in the runtime). */
export async function dispatchDepsWith(queue: FakeQueue, clock: Clock, batchSize = 7): Promise<DispatchDeps> {
  const db = await getDb();
  return {
    db,
    now: clock.now,
    batchSize,
    leaseMs: 11_000,
    relay: async (ids) => {
      if (ids.length === 0) return;
      const rows = await db.deleteFrom('outbox').where('id', 'in', ids).returning('body').execute();
      for (const row of rows) queue.push(JSON.parse(row.body) as CampaignMessageJob);
    },
  };
}

export async function mailingDepsWith(
  queue: FakeQueue,
  clock: Clock,
): Promise<MailingDeps & { leaseMs: number }> {
  const dispatch = await dispatchDepsWith(queue, clock);
  return {
    db: dispatch.db,
    now: clock.now,
    leaseMs: dispatch.leaseMs,
    kick: async (mailingId) => {
      await dispatchMailings(dispatch, { budgetMs: 10_000, only: [mailingId] });
    },
  };
}

export async function senderDepsWith(
  queue: FakeQueue,
  clock: Clock,
  sendingApi: SendingApi,
  overrides: Partial<Omit<SenderDeps, 'breaker'>> & { breakerThreshold?: number } = {},
): Promise<SenderDeps & { breaker: SendGate & Pick<SharedCircuitBreaker, 'state'> }> {
  const breaker = new SharedCircuitBreaker({
    name: `test-${randomUUID()}`,
    store: dynamoBreakerStore(dynamoDocuments(), process.env.CACHE_TABLE ?? 'syncore-local-cache'),
    failureThreshold: overrides.breakerThreshold ?? 5,
    openForMs: 15_000,
    probeLeaseMs: 11_000,
    now: clock.ms,
  });
  return {
    db: await getDb(),
    now: clock.now,
    sendingApi,
    breaker: { ...breakerGate(breaker), state: () => breaker.state() },
    requeue: async (entries) => {
      for (const { job, delaySeconds } of entries) queue.push(job, delaySeconds);
    },
    maxAttempts: 4,
    leaseMs: 11_000,
    retry: { initialDelayMs: 1_000, maxDelayMs: 60_000 },
    random: Math.random,
    concurrency: 10,
    ...overrides,
  };
}

/**
 * Runs the sender over the fake queue until it is empty (jumping the clock to the next due job) or
 * `until` (checked before every batch) says stop. Due jobs go to the sender in batches of up to
 * `batchSize` (10 by default; the SQS event source's are 50); results come back in the order they were handled.
 */
export async function drain(
  queue: FakeQueue,
  clock: Clock,
  deps: SenderDeps,
  options: { until?: () => boolean; maxJobs?: number; batchSize?: number } = {},
) {
  const results: string[] = [];
  while (queue.jobs.length > 0 && !options.until?.()) {
    const due = queue.jobs.filter((entry) => entry.dueAt <= clock.ms());
    if (due.length === 0) {
      clock.set(new Date(queue.nextDueAt()).toISOString());
      continue;
    }
    const batch = due.slice(0, options.batchSize ?? 10);
    for (const entry of batch) queue.jobs.splice(queue.jobs.indexOf(entry), 1);
    results.push(
      ...(await sendCampaignMessages(
        deps,
        batch.map((entry) => entry.job),
      )),
    );
    if (results.length > (options.maxJobs ?? 20_000)) throw new Error('the queue never drained');
  }
  return results;
}

/**
 * A fresh owner with `count` clients (+49 1519 numbers, operator 1519, no tag unless `client` says
 * otherwise for the client at `index`).
 */
export async function ownerWithAudience(
  count: number,
  client: (index: number) => { operatorCode?: string; tag?: string | null } = () => ({}),
) {
  const owner = await createTestUser();
  const db = await getDb();
  await db.transaction().execute((trx) =>
    upsertClients(
      trx,
      owner.id,
      Array.from({ length: count }, (_, index) => ({
        phone: `+4915199${String(index).padStart(6, '0')}`,
        operatorCode: '1519',
        tag: null,
        timeZone: 'Europe/Berlin',
        ...client(index),
      })),
    ),
  );
  return owner;
}

let phoneSeq = 0;
/** A distinct valid German mobile number per call (per test run). */
export function uniquePhone(prefix = '+49151'): string {
  phoneSeq += 1;
  const tail = `${process.pid % 1000}`.padStart(3, '0') + `${phoneSeq}`.padStart(5, '0');
  return `${prefix}${tail}`;
}

/** A mailing's message rows and the distinct clients among them: equal when no client got two. */
export async function messageCounts(mailingId: string) {
  const db = await getDb();
  const row = await db
    .selectFrom('campaign_messages')
    .select((eb) => [
      eb.fn.countAll<string>().as('messages'),
      eb.fn.count<string>('client_id').distinct().as('clients'),
    ])
    .where('mailing_id', '=', mailingId)
    .executeTakeFirstOrThrow();
  return { messages: Number(row.messages), clients: Number(row.clients) };
}
