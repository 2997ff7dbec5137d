import { log, MetricUnit, metrics } from '#platform/observability';
import { backoffDelayMs } from '#platform/resilience/backoff';
import {
  close,
  type findJobs,
  settle,
  touchWaiting,
  uncountAttempt,
} from './adapters/messages.repository.js';
import type { CampaignMessageJob } from './contract.js';
import { type CallOutcome, toDelaySeconds } from './domain/delivery.js';
import type { SenderDeps, SendResult } from './sender-deps.js';

export type Row = Awaited<ReturnType<typeof findJobs>>[number];
export type Candidate = { index: number; job: CampaignMessageJob; row: Row };

/**
 * The job to put back on the queue: it keeps a rate slot only when it waits for that very slot
 * (`slot`); any other wait gives its slot up (a fresh one is reserved when it comes back).
 */
function requeued(job: CampaignMessageJob, slot?: Date): CampaignMessageJob {
  const { notBefore: _given_up, ...rest } = job;
  return slot ? { ...rest, notBefore: slot.toISOString() } : rest;
}

/**
 * What a batch writes, collected and written at the end with one statement per kind: closes, status
 * settles grouped by outcome, touches, and one re-queue of every job that waits.
 */
export class BatchEffects {
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

  /** Back on the queue after `delaySeconds`; with its rate slot only if it waits for `slot`. */
  wait(job: CampaignMessageJob, row: Row, delaySeconds: number, slot?: Date) {
    this.requeues.push({ job: requeued(job, slot), delaySeconds });
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
    this.requeues.push({ job: requeued(candidate.job), delaySeconds: Math.max(1, toDelaySeconds(delayMs)) });
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
