import { type Outcome, settleWithLimit } from '#platform/messaging/batching';
import { log, MetricUnit } from '#platform/observability';
import {
  claimDeliveries,
  type Delivery,
  deliveryKey,
  findDeliveries,
  noteWaiting,
  settleDeliveries,
  settleDelivery,
} from './adapters/deliveries.repository.js';
import { batchLookups, FINAL_STATUSES, type Lookups } from './delivery-lookups.js';
import { afterFailure, countDelivery, delaySeconds, giveUp } from './delivery-outcomes.js';
import type { DeliveryDeps } from './deps.js';
import {
  ChannelSendError,
  isQuietHoursExempt,
  quietHoursWaitMs,
  type SendFailure,
} from './domain/delivery-policy.js';
import type { DeliveryJob } from './schemas.js';

const DEFAULT_CONCURRENCY = 10;

/**
 * Delivers one notification on one channel, at most once per (notification, channel) except in the one
 * crash window documented in docs/notifications.md. The batch of one of `deliverNotifications`.
 */
export async function deliverNotification(deps: DeliveryDeps, job: DeliveryJob): Promise<void> {
  const [outcome] = await deliverNotifications(deps, [job]);
  if (outcome && !outcome.ok) throw outcome.error;
}

/** A job of the batch and its position (its outcome goes there). */
interface Entry {
  job: DeliveryJob;
  index: number;
}

/** A delivery that passed every check and is ready to be claimed and sent. */
interface Ready extends Entry {
  delivery: Delivery;
  address: string;
  probe: boolean;
}

/** What `check` decided: send it, skip it (the channel does not apply), or nothing more to do. */
type Checked = Omit<Ready, 'index'> | { skip: string } | undefined;

/**
 * Delivers a batch of jobs; each job gets its own outcome (an error makes only that job retry). The
 * row goes `queued → sending` by a conditional update before the send and `sending → sent` right after
 * it, so a job is never sent twice, whoever else holds a copy of it. Every wait (quiet hours, an open
 * breaker, a 429, a backoff) re-queues the job with DelaySeconds; nothing sleeps.
 *
 * What the batch shares: one query for its deliveries, the lookups of delivery-lookups.ts (one
 * findTelegramChats contract call, ...), one statement per skip reason, one claim statement, one breaker
 * success report per channel; the checks and the sends run with bounded concurrency, each send settled
 * as soon as it is answered.
 */
export async function deliverNotifications(
  deps: DeliveryDeps,
  jobs: DeliveryJob[],
): Promise<Outcome<void>[]> {
  const outcomes: Outcome<void>[] = jobs.map(() => ({ ok: true, value: undefined }));
  const fail = (entries: Entry[], error: unknown) => {
    for (const { index } of entries) outcomes[index] = { ok: false, error };
  };
  const entries = firstOfEach(jobs);
  let deliveries: Map<string, Delivery>;
  try {
    deliveries = await findDeliveries(
      deps.db,
      entries.map(({ job }) => job),
    );
  } catch (error) {
    return jobs.map(() => ({ ok: false, error }));
  }
  const lookups = batchLookups(deps, [...deliveries.values()]);
  const checked = await settleWithLimit(entries, deps.sendConcurrency ?? DEFAULT_CONCURRENCY, ({ job }) =>
    check(deps, job, deliveries.get(deliveryKey(job)), lookups),
  );
  const ready: Ready[] = [];
  const skipped = new Map<string, Entry[]>();
  checked.forEach((outcome, position) => {
    const entry = entries[position]!;
    if (!outcome.ok) fail([entry], outcome.error);
    else if (outcome.value && 'skip' in outcome.value) {
      const key = `${entry.job.channel}\u0000${outcome.value.skip}`;
      skipped.set(key, [...(skipped.get(key) ?? []), entry]);
    } else if (outcome.value) ready.push({ ...outcome.value, index: entry.index });
  });
  await skipTogether(deps, skipped, fail);
  if (ready.length > 0) await claimAndSend(deps, ready, fail);
  return outcomes;
}

/** The same job twice in one batch (SQS delivers at least once): the first copy does the work. */
function firstOfEach(jobs: DeliveryJob[]): Entry[] {
  const seen = new Set<string>();
  return jobs.flatMap((job, index) => {
    const key = deliveryKey(job);
    if (seen.has(key)) return [];
    seen.add(key);
    return [{ job, index }];
  });
}

/** The channel does not apply (not linked, not configured, no address): one statement per reason. */
async function skipTogether(
  deps: DeliveryDeps,
  skipped: Map<string, Entry[]>,
  fail: (entries: Entry[], error: unknown) => void,
) {
  for (const [key, entries] of skipped) {
    const reason = key.slice(key.indexOf('\u0000') + 1);
    try {
      await settleDeliveries(
        deps.db,
        entries.map(({ job }) => job),
        ['queued', 'sending'],
        'skipped',
        reason,
      );
      countDelivery(entries[0]!.job.channel, 'DeliveriesSkipped', entries.length);
    } catch (error) {
      fail(entries, error);
    }
  }
}

/** Claims the ready deliveries in one statement, sends the claimed ones, reports successes per channel. */
async function claimAndSend(
  deps: DeliveryDeps,
  ready: Ready[],
  fail: (entries: Entry[], error: unknown) => void,
) {
  const now = clock(deps);
  let claimed: Set<string>;
  try {
    claimed = await claimDeliveries(
      deps.db,
      ready.map(({ job }) => job),
      new Date(now().getTime() - deps.sendingLeaseSeconds * 1000),
    );
  } catch (error) {
    fail(ready, error);
    return;
  }
  // Not claimed: another consumer claimed it between our read and now.
  const mine = ready.filter(({ job }) => claimed.has(deliveryKey(job)));
  const sent = await settleWithLimit(mine, deps.sendConcurrency ?? DEFAULT_CONCURRENCY, (entry) =>
    send(deps, entry),
  );
  const succeeded = new Map<DeliveryJob['channel'], number>();
  sent.forEach((outcome, position) => {
    const entry = mine[position]!;
    if (!outcome.ok) fail([entry], outcome.error);
    else if (outcome.value) succeeded.set(entry.job.channel, (succeeded.get(entry.job.channel) ?? 0) + 1);
  });
  for (const [channel, n] of succeeded) {
    // One success report per channel and batch: it closes a half-open breaker and resets the count of
    // consecutive failures (a write only when there is something to reset). Every send is settled already.
    await deps
      .breaker(channel)
      .succeeded()
      .catch((error: unknown) =>
        log().warn('breaker success not recorded', { channel, error: error as Error }),
      );
    countDelivery(channel, 'DeliveriesSent', n);
  }
}

const clock = (deps: DeliveryDeps) => deps.now ?? (() => new Date());

/**
 * Everything before the claim: already done, being sent by someone else, too old, no sender, no address,
 * quiet hours, breaker open. Returns the delivery when it is ready to send, or why the channel does not
 * apply (skipped together with the batch's others), else handles it and returns nothing.
 */
async function check(
  deps: DeliveryDeps,
  job: DeliveryJob,
  delivery: Delivery | undefined,
  lookups: Lookups,
): Promise<Checked> {
  const now = clock(deps);
  const { notificationId, channel } = job;
  if (!delivery || FINAL_STATUSES.has(delivery.status)) return;

  const leaseEnds = (delivery.sending_since?.getTime() ?? 0) + deps.sendingLeaseSeconds * 1000;
  if (delivery.status === 'sending' && leaseEnds > now().getTime()) {
    // Another consumer is sending it right now (or crashed moments ago): look again after the lease.
    await deps.requeue(job, delaySeconds(leaseEnds - now().getTime()));
    return;
  }
  // The max age counts from when the delivery was stored, or from the end of the quiet hours that held it
  // back: the user's own quiet hours are no reason to give up (docs/notifications.md).
  if (now().getTime() - dueSince(delivery, job) > deps.maxAgeMinutes * 60_000) {
    await giveUp(deps, job, `gave up after ${deps.maxAgeMinutes} min: ${delivery.last_error ?? 'not sent'}`);
    return;
  }
  if (!deps.senders[channel]) return { skip: `${channel} is not configured` };
  const userId = delivery.recipient_id;
  const address =
    channel === 'telegram'
      ? await lookups.telegramChat(userId)
      : ((await lookups.profile(userId))?.email ?? null);
  if (!address) return { skip: channel === 'telegram' ? 'no linked Telegram chat' : 'no e-mail address' };
  if (!isQuietHoursExempt(delivery.type)) {
    const quietHours = (await lookups.preferences(userId))?.quietHours ?? null;
    const waitMs = quietHours
      ? quietHoursWaitMs(now(), (await lookups.profile(userId))?.timeZone ?? 'UTC', quietHours)
      : 0;
    if (waitMs > 0) {
      const reason = 'waiting for the end of quiet hours';
      // Checked again every hop (≤ 15 min), so a change of quiet hours or chat applies; written once.
      if (delivery.last_error !== reason) await noteWaiting(deps.db, notificationId, channel, reason);
      // Not a retry: the hop count (backoff) stays, and the max age counts from the end of the window.
      // One window only: a delivery that already waited one out and kept failing is not given another
      // max age by the next night (it would never give up when the gap between windows is short).
      const waitedBefore = job.quietUntil !== undefined && Date.parse(job.quietUntil) <= now().getTime();
      const quietUntil = waitedBefore ? job.quietUntil : new Date(now().getTime() + waitMs).toISOString();
      await deps.requeue({ ...job, quietUntil }, delaySeconds(waitMs));
      return;
    }
  }
  const admission = await lookups.admit(channel);
  if (!admission.allowed) {
    await noteWaiting(deps.db, notificationId, channel, `${channel} unavailable (circuit open)`);
    countDelivery(channel, 'DeliveriesDeferred');
    await deps.requeue({ ...job, hop: job.hop + 1 }, delaySeconds(admission.retryAfterMs));
    return;
  }
  return { job, delivery, address, probe: admission.probe };
}

/** Sends one claimed delivery and records the outcome; true when it was sent. */
async function send(deps: DeliveryDeps, { job, delivery, address, probe }: Ready): Promise<boolean> {
  const now = clock(deps);
  const { notificationId, channel } = job;
  try {
    await deps.senders[channel]!.send(address, {
      id: notificationId,
      type: delivery.type,
      title: delivery.title,
      body: delivery.body,
      data: (delivery.data ?? {}) as Record<string, unknown>,
    });
  } catch (error) {
    const failure: SendFailure =
      error instanceof ChannelSendError ? error.failure : { kind: 'unavailable', reason: String(error) };
    await afterFailure(deps, job, failure, probe, { userId: delivery.recipient_id, chatId: address });
    return false;
  }
  // ← the crash window: sent, not yet recorded (docs/notifications.md, "Never twice").
  await settleDelivery(deps.db, notificationId, channel, ['sending'], 'sent', '');
  // How late it went out for reasons of ours: time held by the user's own quiet hours does not count
  // (nor the rest of a window the user shortened or turned off while the delivery waited for its end).
  const lag = Math.max(0, now().getTime() - dueSince(delivery, job));
  countDelivery(channel, 'DeliveryLag', lag, MetricUnit.Milliseconds);
  return true;
}

/** When a delivery became due: when it was stored, or the end of the quiet hours that held it back. */
function dueSince(delivery: Delivery, job: DeliveryJob): number {
  return Math.max(delivery.created_at.getTime(), job.quietUntil ? Date.parse(job.quietUntil) : 0);
}
