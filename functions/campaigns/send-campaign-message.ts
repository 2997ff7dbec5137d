import type { Kysely } from 'kysely';
import type { DB } from '#platform/db/schema';
import { log, MetricUnit, metrics } from '#platform/observability';
import { backoffDelayMs } from '#platform/resilience/backoff';
import type { Admission } from '#platform/resilience/breaker-state';
import { reserveSendSlots } from './adapters/mailings.repository.js';
import {
  claim,
  close,
  findJobs,
  settle,
  touchWaiting,
  uncountAttempt,
} from './adapters/messages.repository.js';
import type { SendingApi } from './adapters/sending-api.client.js';
import type { CampaignMessageJob } from './contract.js';
import {
  type CallOutcome,
  decide,
  type MailingStatus,
  type MessageStatus,
  toDelaySeconds,
} from './domain/delivery.js';
import { phaseTimer, type SenderProfile } from './sender-profile.js';

/** The breaker as the sender sees it: asked once per batch (adapters/breaker-gate.ts). */
export interface SendGate {
  /** `clean`: it was closed with no failure counted, so a success has nothing to reset. */
  admit(): Promise<Admission & { clean?: boolean }>;
  succeeded(): Promise<void>;
  failed(probe: boolean): Promise<void>;
}

export interface Requeue {
  job: CampaignMessageJob;
  delaySeconds: number;
}

export interface SenderDeps {
  db: Kysely<DB>;
  now: () => Date;
  sendingApi: SendingApi;
  breaker: SendGate;
  /** Puts jobs back on the queue, delayed (SQS DelaySeconds), in one batch: the sender never sleeps. */
  requeue: (entries: Requeue[]) => Promise<void>;
  maxAttempts: number;
  leaseMs: number;
  retry: { initialDelayMs: number; maxDelayMs: number };
  random: () => number;
  /** Calls to the sending API in flight at once for one batch. */
  concurrency: number;
  /** Optional: where the time goes, by phase (the runtime logs it; the benchmark reads it). */
  profile?: SenderProfile;
}

export type SendResult =
  | 'sent'
  | 'failed'
  | 'retry_scheduled'
  | 'deferred_breaker_open'
  | 'deferred_rate_limit'
  | 'waiting'
  | 'expired'
  | 'cancelled'
  | 'parked'
  | 'already_final'
  | 'not_claimed'
  | 'unknown_message';

type Row = Awaited<ReturnType<typeof findJobs>>[number];
type Candidate = { index: number; job: CampaignMessageJob; row: Row };

/** Up to 3 s of jitter, so deferred messages do not all come back in the same second. */
const jitterMs = (random: () => number) => Math.floor(random() * 3_000);

/** One message: a batch of one (tests, and anything that has a single job). */
export async function sendCampaignMessage(deps: SenderDeps, job: CampaignMessageJob): Promise<SendResult> {
  const [result] = await sendCampaignMessages(deps, [job]);
  return result!;
}

/**
 * Handles one batch of queue messages (up to SQS's 10) with a fixed number of round trips, whatever
 * the batch size: one read of the messages, one rate-slot reservation per mailing, one breaker read,
 * one claim, the calls (`concurrency` at a time), one `sent` update, one re-queue. Never twice: the
 * row moves pending → sending → sent with conditional updates, and the message id is the sending
 * API's idempotency key, so even a crash between the call and the `sent` write (the claim goes stale,
 * another attempt takes over and calls again) cannot deliver twice. Waiting (window, rate, open
 * breaker, backoff) is a delayed re-queue. Returns one result per job, in order.
 */
export async function sendCampaignMessages(
  deps: SenderDeps,
  jobs: CampaignMessageJob[],
): Promise<SendResult[]> {
  const lap = phaseTimer(deps.profile);
  const now = deps.now();
  const rows = new Map(
    (await findJobs(deps.db, [...new Set(jobs.map((job) => job.messageId))])).map((row) => [row.id, row]),
  );
  lap('read');
  const batch = new BatchEffects(deps, now);
  const results: SendResult[] = jobs.map(() => 'unknown_message');
  const candidates: Candidate[] = [];
  jobs.forEach((job, index) => {
    const row = rows.get(job.messageId);
    if (!row) return;
    const settled = applyDecision(batch, job, row, now);
    if (settled) results[index] = settled;
    else candidates.push({ index, job, row });
  });
  const ready = await takeRateSlots(deps, batch, candidates, results, now);
  lap('slots');
  if (ready.length > 0) await sendReady(deps, batch, ready, results, lap);
  await batch.flush();
  lap('write');
  deps.profile?.batch(jobs.length);
  return results;
}

/** Everything that is not a send: final, cancelled, expired, parked, waiting. undefined: go on. */
function applyDecision(batch: BatchEffects, job: CampaignMessageJob, row: Row, now: Date) {
  const decision = decide({
    message: { status: row.status as MessageStatus, sendingAt: row.sending_at, timeZone: row.time_zone },
    mailing: {
      status: row.mailing_status as MailingStatus,
      startsAt: row.starts_at,
      endsAt: row.ends_at,
      window: row.window_start && row.window_end ? { start: row.window_start, end: row.window_end } : null,
    },
    now,
    leaseMs: batch.deps.leaseMs,
  });
  switch (decision.kind) {
    case 'done':
      return 'already_final' as const;
    case 'park':
      return 'parked' as const;
    case 'cancel':
      batch.closed.cancelled.push(row.id);
      return 'cancelled' as const;
    case 'expire':
      batch.closed.expired.push(row.id);
      return 'expired' as const;
    case 'wait':
      batch.wait(job, row, Math.max(1, toDelaySeconds(decision.delayMs)));
      return 'waiting' as const;
    case 'send':
      return undefined;
  }
}

/**
 * The mailing's rate: slots are reserved once (one update per mailing for the whole batch) and carried
 * in the job, so a wait never costs another slot. Returns the candidates whose slot is now.
 */
async function takeRateSlots(
  deps: SenderDeps,
  batch: BatchEffects,
  candidates: Candidate[],
  results: SendResult[],
  now: Date,
): Promise<Candidate[]> {
  const notBefore = new Map<number, Date>();
  const needSlots = new Map<string, Candidate[]>();
  for (const candidate of candidates) {
    if (candidate.job.notBefore) notBefore.set(candidate.index, new Date(candidate.job.notBefore));
    else if (candidate.row.rate_per_second) {
      const list = needSlots.get(candidate.row.mailing_id) ?? [];
      list.push(candidate);
      needSlots.set(candidate.row.mailing_id, list);
    }
  }
  for (const [mailingId, list] of needSlots) {
    const rate = list[0]!.row.rate_per_second!;
    const first = await reserveSendSlots(deps.db, mailingId, rate, list.length, now);
    list.forEach((candidate, i) => {
      notBefore.set(candidate.index, new Date(first.getTime() + (i * 1000) / rate));
    });
  }
  return candidates.filter((candidate) => {
    const slot = notBefore.get(candidate.index);
    // Within a second the message goes now: SQS delays are whole seconds.
    if (!slot || slot.getTime() - now.getTime() < 1_000) return true;
    batch.wait(
      { ...candidate.job, notBefore: slot.toISOString() },
      candidate.row,
      toDelaySeconds(slot.getTime() - now.getTime()),
    );
    results[candidate.index] = 'deferred_rate_limit';
    return false;
  });
}

/** Breaker, claim, calls, outcomes: the part that reaches the sending API. */
async function sendReady(
  deps: SenderDeps,
  batch: BatchEffects,
  ready: Candidate[],
  results: SendResult[],
  lap: ReturnType<typeof phaseTimer>,
) {
  const admission = await deps.breaker.admit();
  lap('breaker');
  if (!admission.allowed) {
    for (const candidate of ready) {
      batch.defer(candidate, admission.retryAfterMs + jitterMs(deps.random));
      results[candidate.index] = 'deferred_breaker_open';
    }
    return;
  }
  // Half-open: this batch won the probe; one message probes, the others wait for its verdict.
  const callers = admission.probe ? ready.slice(0, 1) : ready;
  for (const candidate of ready.slice(callers.length)) {
    batch.defer(candidate, deps.leaseMs + jitterMs(deps.random));
    results[candidate.index] = 'deferred_breaker_open';
  }
  const attempts = new Map(
    (await claim(deps.db, [...new Set(callers.map((c) => c.row.id))], deps.now(), deps.leaseMs)).map(
      (row) => [row.id, row.attempts],
    ),
  );
  lap('claim');
  const claimed: (Candidate & { attempts: number })[] = [];
  for (const candidate of callers) {
    const count = attempts.get(candidate.row.id);
    attempts.delete(candidate.row.id); // a duplicate job of the same message in the batch is not called twice
    if (count === undefined) results[candidate.index] = 'not_claimed';
    else claimed.push({ ...candidate, attempts: count });
  }
  const outcomes = await mapLimit(claimed, deps.concurrency, (candidate) =>
    deps.sendingApi.send({ id: candidate.row.id, phone: candidate.row.phone, text: candidate.row.text }),
  );
  lap('calls');
  await reportToBreaker(deps.breaker, admission, outcomes);
  lap('breaker');
  claimed.forEach((candidate, i) => {
    results[candidate.index] = batch.outcome(candidate, admission.probe, outcomes[i]!);
  });
}

/** Failures that count against the service, then one success if the service answered at all. */
async function reportToBreaker(
  gate: SendGate,
  admission: { probe: boolean; clean?: boolean },
  outcomes: CallOutcome[],
) {
  const failures = outcomes.filter((o) => o.kind === 'retryable' && o.countsAgainstService).length;
  for (let i = 0; i < failures; i += 1) await gate.failed(admission.probe);
  const answered = failures < outcomes.length; // even a 4xx or a 429: the service is up
  if (answered && (failures > 0 || admission.probe || !admission.clean)) await gate.succeeded();
}

/** Runs `task` over `items`, at most `limit` at a time; results in the items' order. */
async function mapLimit<T, R>(items: T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await task(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * What a batch writes, collected and written at the end with one statement per kind: closes, status
 * settles grouped by outcome, touches, and one re-queue of every job that waits.
 */
class BatchEffects {
  readonly closed = { cancelled: [] as string[], expired: [] as string[] };
  private readonly requeues: { job: CampaignMessageJob; delaySeconds: number }[] = [];
  private readonly touched: Row[] = [];
  private readonly settles = new Map<
    string,
    { to: 'sent' | 'failed' | 'pending'; error: string | null; ids: string[] }
  >();
  private readonly uncounted: string[] = [];
  private deferred = 0;

  constructor(
    readonly deps: SenderDeps,
    private readonly now: Date,
  ) {}

  wait(job: CampaignMessageJob, row: Row, delaySeconds: number) {
    this.requeues.push({ job, delaySeconds });
    this.touched.push(row);
  }

  defer(candidate: Candidate, delayMs: number) {
    this.wait(candidate.job, candidate.row, toDelaySeconds(delayMs));
    this.deferred += 1;
  }

  /** The API's answer → the message's next status, and the retry if any. */
  outcome(candidate: Candidate & { attempts: number }, probe: boolean, outcome: CallOutcome): SendResult {
    const id = candidate.row.id;
    if (outcome.kind === 'accepted') {
      this.settle('sent', null, id);
      return 'sent';
    }
    // A breaker probe that fails is the outage being measured, not this message's fault: not counted.
    const attempts = probe ? candidate.attempts - 1 : candidate.attempts;
    if (outcome.kind === 'rejected' || attempts >= this.deps.maxAttempts) {
      const error =
        outcome.kind === 'rejected' ? outcome.error : `gave up after ${attempts} attempts: ${outcome.error}`;
      this.settle('failed', error, id);
      return 'failed';
    }
    if (probe) this.uncounted.push(id);
    this.settle('pending', outcome.error, id);
    const delayMs = Math.max(
      outcome.retryAfterMs ?? 0,
      backoffDelayMs(Math.max(1, attempts), this.deps.retry),
    );
    this.requeues.push({ job: candidate.job, delaySeconds: Math.max(1, toDelaySeconds(delayMs)) });
    log().info('campaign message retry scheduled', { messageId: id, attempts, error: outcome.error });
    return 'retry_scheduled';
  }

  private settle(to: 'sent' | 'failed' | 'pending', error: string | null, id: string) {
    const key = `${to}\u0000${error ?? ''}`;
    const group = this.settles.get(key) ?? { to, error, ids: [] };
    group.ids.push(id);
    this.settles.set(key, group);
  }

  async flush() {
    const { db, leaseMs } = this.deps;
    const at = this.deps.now();
    for (const id of this.uncounted) await uncountAttempt(db, id);
    let sent = 0;
    let failed = 0;
    for (const group of this.settles.values()) {
      const count = await settle(db, group.ids, group.to, at, group.error);
      if (group.to === 'sent') sent += count;
      if (group.to === 'failed') failed += count;
    }
    await close(db, this.closed.cancelled, 'cancelled', this.now, leaseMs, 'mailing cancelled');
    await close(db, this.closed.expired, 'expired', this.now, leaseMs, 'not sent before the mailing ended');
    await this.deps.requeue(this.requeues);
    await touchWaiting(db, this.touched, this.now);
    if (sent > 0) metrics.addMetric('CampaignMessagesSent', MetricUnit.Count, sent);
    if (failed > 0) metrics.addMetric('CampaignMessagesFailed', MetricUnit.Count, failed);
    if (this.deferred > 0) metrics.addMetric('CampaignMessagesDeferred', MetricUnit.Count, this.deferred);
  }
}
