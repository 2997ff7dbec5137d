import type { Kysely } from 'kysely';
import type { DB } from '#platform/db/schema';
import { log, MetricUnit, metrics } from '#platform/observability';
import { backoffDelayMs } from '#platform/resilience/backoff';
import type { Admission } from '#platform/resilience/breaker-state';
import { reserveSendSlot } from './adapters/mailings.repository.js';
import {
  claim,
  close,
  findJob,
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

/** The breaker as the sender sees it (layers/platform/resilience's SharedCircuitBreaker fits). */
export interface SendGate {
  admit(): Promise<Admission>;
  succeeded(): Promise<void>;
  failed(probe: boolean): Promise<void>;
}

export interface SenderDeps {
  db: Kysely<DB>;
  now: () => Date;
  sendingApi: SendingApi;
  breaker: SendGate;
  /** Puts the job back on the queue, delayed (SQS DelaySeconds): the sender never sleeps. */
  requeue: (job: CampaignMessageJob, delaySeconds: number) => Promise<void>;
  maxAttempts: number;
  leaseMs: number;
  retry: { initialDelayMs: number; maxDelayMs: number };
  random: () => number;
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
  | 'unknown_message';

/** Up to 3 s of jitter, so deferred messages do not all come back in the same second. */
const jitterMs = (random: () => number) => Math.floor(random() * 3_000);

/**
 * Handles one queue message for one campaign message. Never twice: the row moves pending → sending
 * → sent with conditional updates, and the message id is the sending API's idempotency key, so even a
 * crash between the call and the `sent` write (the claim goes stale, another attempt takes over and
 * calls again) cannot deliver twice. Waiting (window, rate, open breaker, backoff) is a delayed requeue.
 */
export async function sendCampaignMessage(deps: SenderDeps, job: CampaignMessageJob): Promise<SendResult> {
  const found = await findJob(deps.db, job.messageId);
  if (!found) return 'unknown_message';
  const now = deps.now();
  const settled = await applyDecision(deps, job, found, now);
  if (settled) return settled;
  const rateLimited = await waitForRateSlot(deps, job, found, now);
  if (rateLimited) return rateLimited;

  const admission = await deps.breaker.admit();
  if (!admission.allowed) {
    await deps.requeue(job, toDelaySeconds(admission.retryAfterMs + jitterMs(deps.random)));
    await touchWaiting(deps.db, found.id, now);
    metrics.addMetric('CampaignMessagesDeferred', MetricUnit.Count, 1);
    return 'deferred_breaker_open';
  }
  const claimed = await claim(deps.db, found.id, now, deps.leaseMs);
  if (!claimed) return 'already_final';
  const outcome = await deps.sendingApi.send({ id: found.id, phone: found.phone, text: found.text });
  return recordOutcome(deps, job, found.id, { attempts: claimed.attempts, probe: admission.probe }, outcome);
}

type Job = NonNullable<Awaited<ReturnType<typeof findJob>>>;

/** Everything that is not a send: final, cancelled, expired, parked, waiting. undefined: go on. */
async function applyDecision(
  deps: SenderDeps,
  job: CampaignMessageJob,
  found: Job,
  now: Date,
): Promise<SendResult | undefined> {
  const decision = decide({
    message: {
      status: found.status as MessageStatus,
      sendingAt: found.sending_at,
      timeZone: found.time_zone,
    },
    mailing: {
      status: found.mailing_status as MailingStatus,
      startsAt: found.starts_at,
      endsAt: found.ends_at,
      window:
        found.window_start && found.window_end ? { start: found.window_start, end: found.window_end } : null,
    },
    now,
    leaseMs: deps.leaseMs,
  });
  switch (decision.kind) {
    case 'done':
      return 'already_final';
    case 'park':
      return 'parked';
    case 'cancel':
      await close(deps.db, found.id, 'cancelled', now, deps.leaseMs, 'mailing cancelled');
      return 'cancelled';
    case 'expire':
      await close(deps.db, found.id, 'expired', now, deps.leaseMs, 'not sent before the mailing ended');
      return 'expired';
    case 'wait':
      await deps.requeue(job, Math.max(1, toDelaySeconds(decision.delayMs)));
      await touchWaiting(deps.db, found.id, now);
      return 'waiting';
    case 'send':
      return undefined;
  }
}

/** The mailing's rate: a slot is reserved once and carried in the job, so a wait never costs another. */
async function waitForRateSlot(
  deps: SenderDeps,
  job: CampaignMessageJob,
  found: Job,
  now: Date,
): Promise<SendResult | undefined> {
  let notBefore = job.notBefore ? new Date(job.notBefore) : undefined;
  if (!notBefore && found.rate_per_second) {
    notBefore = await reserveSendSlot(deps.db, found.mailing_id, found.rate_per_second, now);
  }
  // Within a second the message goes now: SQS delays are whole seconds.
  if (!notBefore || notBefore.getTime() - now.getTime() < 1_000) return undefined;
  await deps.requeue(
    { ...job, notBefore: notBefore.toISOString() },
    toDelaySeconds(notBefore.getTime() - now.getTime()),
  );
  await touchWaiting(deps.db, found.id, now);
  return 'deferred_rate_limit';
}

/** The API's answer → the message's next status, the breaker's view, and the retry if any. */
async function recordOutcome(
  deps: SenderDeps,
  job: CampaignMessageJob,
  messageId: string,
  attempt: { attempts: number; probe: boolean },
  outcome: CallOutcome,
): Promise<SendResult> {
  const at = deps.now();
  if (outcome.kind === 'retryable' && outcome.countsAgainstService) await deps.breaker.failed(attempt.probe);
  else await deps.breaker.succeeded(); // it answered (even a 4xx or a 429): the service is up
  if (outcome.kind === 'accepted') {
    await settle(deps.db, messageId, 'sent', at, null);
    metrics.addMetric('CampaignMessagesSent', MetricUnit.Count, 1);
    return 'sent';
  }
  // A breaker probe that fails is the outage being measured, not this message's fault: not counted.
  const attempts = attempt.probe ? attempt.attempts - 1 : attempt.attempts;
  if (outcome.kind === 'rejected' || attempts >= deps.maxAttempts) {
    const error =
      outcome.kind === 'rejected' ? outcome.error : `gave up after ${attempts} attempts: ${outcome.error}`;
    await settle(deps.db, messageId, 'failed', at, error);
    metrics.addMetric('CampaignMessagesFailed', MetricUnit.Count, 1);
    return 'failed';
  }
  if (attempt.probe) await uncountAttempt(deps.db, messageId);
  await settle(deps.db, messageId, 'pending', at, outcome.error);
  const delayMs = Math.max(outcome.retryAfterMs ?? 0, backoffDelayMs(Math.max(1, attempts), deps.retry));
  await deps.requeue(job, Math.max(1, toDelaySeconds(delayMs)));
  log().info('campaign message retry scheduled', { messageId, attempts, error: outcome.error });
  return 'retry_scheduled';
}
