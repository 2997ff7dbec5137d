import { reserveSendSlots } from './adapters/mailings.repository.js';
import { claim, findJobs } from './adapters/messages.repository.js';
import type { CampaignMessageJob } from './contract.js';
import {
  type CallOutcome,
  decide,
  type MailingStatus,
  type MessageStatus,
  toDelaySeconds,
} from './domain/delivery.js';
import { BatchEffects, type Candidate, type Row } from './send-batch-effects.js';
import type { SenderDeps, SendGate, SendResult } from './sender-deps.js';
import { phaseTimer } from './sender-profile.js';

export type { Requeue, SenderDeps, SendGate, SendResult } from './sender-deps.js';

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

/**
 * Everything that is not a send: final, cancelled, expired, parked, superseded, waiting. undefined: go
 * on. A wait gives up the job's rate slot (if it held one): it takes a fresh one when it comes back.
 */
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
  // Queued before the last resume: the resume queued this message again (with a fresh rate slot
  // sequence), so this job neither waits nor sends. Closing (cancel, expire) is harmless either way.
  const superseded = (job.resumeCount ?? 0) < row.resume_count;
  if (superseded && (decision.kind === 'wait' || decision.kind === 'send')) return 'superseded' as const;
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
 * in the job that waits for them, so waiting for its slot never costs another. A job holding a slot
 * comes back at that slot; every other re-queue (window, breaker, retry) drops it, so a job never
 * sends on a slot that has passed while it waited for something else. Returns the candidates whose
 * slot is now.
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
    batch.wait(candidate.job, candidate.row, toDelaySeconds(slot.getTime() - now.getTime()), slot);
    results[candidate.index] = 'deferred_rate_limit';
    return false;
  });
}

/**
 * Breaker, claim, calls, outcomes: the part that reaches the sending API, in rounds of `concurrency`
 * calls. The breaker is read once; it is read again before the next round only when a round had a
 * failure, so an outage costs at most one round of failed calls per batch before the rest waits.
 */
async function sendReady(
  deps: SenderDeps,
  batch: BatchEffects,
  ready: Candidate[],
  results: SendResult[],
  lap: ReturnType<typeof phaseTimer>,
) {
  const deferRest = (from: number, delayMs: number) => {
    for (const candidate of ready.slice(from)) {
      batch.defer(candidate, delayMs + jitterMs(deps.random));
      results[candidate.index] = 'deferred_breaker_open';
    }
  };
  let admission = await deps.breaker.admit();
  lap('breaker');
  let next = 0;
  while (next < ready.length) {
    if (!admission.allowed) return deferRest(next, admission.retryAfterMs);
    // Half-open and this batch won the probe: one message probes, the others wait for its verdict.
    const round = ready.slice(next, next + (admission.probe ? 1 : deps.concurrency));
    next += round.length;
    const failures = await callRound(deps, batch, round, admission.probe, admission.clean, results, lap);
    if (admission.probe) return deferRest(next, deps.leaseMs);
    if (failures > 0 && next < ready.length) {
      admission = await deps.breaker.admit();
      lap('breaker');
    }
  }
}

/** Claims the round's messages, calls the API for each at once, records the outcomes. */
async function callRound(
  deps: SenderDeps,
  batch: BatchEffects,
  round: Candidate[],
  probe: boolean,
  clean: boolean | undefined,
  results: SendResult[],
  lap: ReturnType<typeof phaseTimer>,
): Promise<number> {
  const attempts = new Map(
    (await claim(deps.db, [...new Set(round.map((c) => c.row.id))], deps.now(), deps.leaseMs)).map((row) => [
      row.id,
      row.attempts,
    ]),
  );
  lap('claim');
  const claimed: (Candidate & { attempts: number })[] = [];
  for (const candidate of round) {
    const count = attempts.get(candidate.row.id);
    attempts.delete(candidate.row.id); // a duplicate job of the same message in the batch is not called twice
    if (count === undefined) results[candidate.index] = 'not_claimed';
    else claimed.push({ ...candidate, attempts: count });
  }
  const outcomes = await Promise.all(
    claimed.map((candidate) =>
      deps.sendingApi.send({ id: candidate.row.id, phone: candidate.row.phone, text: candidate.row.text }),
    ),
  );
  lap('calls');
  const failures = await reportToBreaker(deps.breaker, { probe, clean }, outcomes);
  lap('breaker');
  claimed.forEach((candidate, i) => {
    results[candidate.index] = batch.outcome(candidate, probe, outcomes[i]!);
  });
  return failures;
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
  return failures;
}
