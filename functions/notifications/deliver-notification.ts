import { log, MetricUnit, metrics } from '#platform/observability';
import { backoffDelayMs } from '#platform/resilience/backoff';
import type { Admission } from '#platform/resilience/breaker-state';
import {
  claimDeliveries,
  type Delivery,
  deliveryKey,
  findDeliveries,
  noteWaiting,
  settleDeliveries,
  settleDelivery,
} from './adapters/deliveries.repository.js';
import { findPreferencesOf } from './adapters/preferences.repository.js';
import { type Outcome, settleWithLimit } from './batching.js';
import type { DeliveryDeps, RecipientProfile } from './deps.js';
import {
  ChannelSendError,
  isQuietHoursExempt,
  MAX_DELAY_SECONDS,
  type Preferences,
  quietHoursWaitMs,
  type SendFailure,
} from './domain/delivery-policy.js';
import type { DeliveryJob } from './schemas.js';

/** One EMF line per metric with its channel: records of one batch go to different channels. */
function count(
  channel: string,
  name: string,
  value = 1,
  unit: (typeof MetricUnit)[keyof typeof MetricUnit] = MetricUnit.Count,
) {
  const single = metrics.singleMetric();
  single.addDimension('channel', channel);
  single.addMetric(name, unit, value);
}

const seconds = (ms: number) => Math.min(MAX_DELAY_SECONDS, Math.max(1, Math.ceil(ms / 1000)));
const FINAL = new Set(['sent', 'failed', 'skipped']);
const DEFAULT_SEND_CONCURRENCY = 10;

/**
 * Delivers one notification on one channel, at most once per (notification, channel) except in the one
 * crash window documented in docs/notifications.md. The batch of one of `deliverNotifications`.
 */
export async function deliverNotification(deps: DeliveryDeps, job: DeliveryJob): Promise<void> {
  const [outcome] = await deliverNotifications(deps, [job]);
  if (outcome && !outcome.ok) throw outcome.error;
}

/** A delivery that passed every check and is ready to be claimed and sent. */
interface Ready {
  job: DeliveryJob;
  delivery: Delivery;
  address: string;
  probe: boolean;
}

/**
 * Delivers a batch of jobs; each job gets its own outcome (an error makes only that job retry). The
 * row goes `queued → sending` by a conditional update before the send and `sending → sent` right after
 * it, so a job is never sent twice, whoever else holds a copy of it. Every wait (quiet hours, an open
 * breaker, a 429, a backoff) re-queues the job with DelaySeconds; nothing sleeps.
 *
 * What the batch shares: one query for its deliveries, one `findTelegramChats` contract call for its
 * recipients' chats, one query for their preferences and a profile per recipient (only where an e-mail
 * address or quiet hours need one), one breaker read per channel while the breaker is closed, one claim
 * statement; then the sends run with bounded concurrency, each settled as soon as it is answered.
 */
export async function deliverNotifications(
  deps: DeliveryDeps,
  jobs: DeliveryJob[],
): Promise<Outcome<void>[]> {
  const outcomes: Outcome<void>[] = jobs.map(() => ({ ok: true, value: undefined }));
  // The same job twice in one batch (SQS delivers at least once): the first copy does the work.
  const seen = new Set<string>();
  const unique = jobs.flatMap((job, index) => {
    const key = deliveryKey(job);
    if (seen.has(key)) return [];
    seen.add(key);
    return [{ job, index }];
  });
  const fail = (index: number, error: unknown) => {
    outcomes[index] = { ok: false, error };
  };

  let deliveries: Map<string, Delivery>;
  try {
    deliveries = await findDeliveries(
      deps.db,
      unique.map(({ job }) => job),
    );
  } catch (error) {
    return jobs.map(() => ({ ok: false, error }));
  }
  const lookups = batchLookups(deps, [...deliveries.values()]);

  const checked = await settleWithLimit(unique, deps.sendConcurrency ?? DEFAULT_SEND_CONCURRENCY, ({ job }) =>
    check(deps, job, deliveries.get(deliveryKey(job)), lookups),
  );
  const ready: (Ready & { index: number })[] = [];
  const skipped = new Map<
    string,
    { channel: DeliveryJob['channel']; reason: string; entries: typeof unique }
  >();
  checked.forEach((outcome, position) => {
    const entry = unique[position]!;
    if (!outcome.ok) fail(entry.index, outcome.error);
    else if (outcome.value && 'skip' in outcome.value) {
      const { job } = entry;
      const group = skipped.get(`${job.channel}\u0000${outcome.value.skip}`) ?? {
        channel: job.channel,
        reason: outcome.value.skip,
        entries: [],
      };
      group.entries.push(entry);
      skipped.set(`${job.channel}\u0000${outcome.value.skip}`, group);
    } else if (outcome.value) ready.push({ ...outcome.value, index: entry.index });
  });
  // The channel does not apply (not linked, not configured, no address): one statement per reason.
  for (const { channel, reason, entries } of skipped.values()) {
    try {
      await settleDeliveries(
        deps.db,
        entries.map(({ job }) => job),
        ['queued', 'sending'],
        'skipped',
        reason,
      );
      count(channel, 'DeliveriesSkipped', entries.length);
    } catch (error) {
      for (const { index } of entries) fail(index, error);
    }
  }
  if (ready.length === 0) return outcomes;

  const now = clock(deps);
  let claimed: Set<string>;
  try {
    claimed = await claimDeliveries(
      deps.db,
      ready.map(({ job }) => job),
      new Date(now().getTime() - deps.sendingLeaseSeconds * 1000),
    );
  } catch (error) {
    for (const { index } of ready) fail(index, error);
    return outcomes;
  }
  // Not claimed: another consumer claimed it between our read and now.
  const mine = ready.filter(({ job }) => claimed.has(deliveryKey(job)));
  const sent = await settleWithLimit(mine, deps.sendConcurrency ?? DEFAULT_SEND_CONCURRENCY, (entry) =>
    send(deps, entry),
  );
  const succeeded = new Map<DeliveryJob['channel'], number>();
  sent.forEach((outcome, position) => {
    const { job, index } = mine[position]!;
    if (!outcome.ok) fail(index, outcome.error);
    else if (outcome.value) succeeded.set(job.channel, (succeeded.get(job.channel) ?? 0) + 1);
  });
  for (const [channel, n] of succeeded) {
    // One success report per channel and batch: it closes a half-open breaker and resets the count of
    // consecutive failures (a write only when there is something to reset).
    await deps
      .breaker(channel)
      .succeeded()
      .catch((error: unknown) =>
        log().warn('breaker success not recorded', { channel, error: error as Error }),
      );
    count(channel, 'DeliveriesSent', n);
  }
  return outcomes;
}

const clock = (deps: DeliveryDeps) => deps.now ?? (() => new Date());

/** What the batch looks up once and shares: chats, preferences, profiles, breaker admissions. */
interface Lookups {
  telegramChat(userId: string): Promise<string | null>;
  preferences(userId: string): Promise<Preferences | null>;
  profile(userId: string): Promise<RecipientProfile | null>;
  admit(channel: DeliveryJob['channel']): Promise<Admission>;
}

function batchLookups(deps: DeliveryDeps, deliveries: Delivery[]): Lookups {
  const pending = deliveries.filter((delivery) => !FINAL.has(delivery.status));
  const once = <T>(load: () => Promise<T>) => {
    let loaded: Promise<T> | undefined;
    return () => {
      loaded ??= load();
      return loaded;
    };
  };
  const chats = once(() =>
    deps.recipients.telegramChats(
      pending.filter((delivery) => delivery.channel === 'telegram').map((delivery) => delivery.recipient_id),
    ),
  );
  const preferences = once(() =>
    findPreferencesOf(
      deps.db,
      pending
        .filter((delivery) => !isQuietHoursExempt(delivery.type))
        .map((delivery) => delivery.recipient_id),
    ),
  );
  const profiles = new Map<string, Promise<RecipientProfile | null>>();
  const admissions = new Map<string, Promise<Admission>>();
  return {
    telegramChat: async (userId) => (await chats()).get(userId) ?? null,
    preferences: async (userId) => (await preferences()).get(userId) ?? null,
    profile: (userId) => {
      let profile = profiles.get(userId);
      if (!profile) {
        profile = deps.recipients.profile(userId);
        profiles.set(userId, profile);
      }
      return profile;
    },
    async admit(channel) {
      const shared = admissions.get(channel);
      const admission = await (shared ?? deps.breaker(channel).admit());
      if (!shared && !(admission.allowed && admission.probe)) {
        // Closed (or open): every job of the batch would read the same record now. Only a half-open
        // breaker's probe is one caller's alone; the others ask the store and are refused.
        admissions.set(channel, Promise.resolve(admission));
      }
      return admission;
    },
  };
}

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
): Promise<Ready | { skip: string } | undefined> {
  const { db } = deps;
  const now = clock(deps);
  const { notificationId, channel } = job;
  if (!delivery || FINAL.has(delivery.status)) return;

  const leaseEnds = (delivery.sending_since?.getTime() ?? 0) + deps.sendingLeaseSeconds * 1000;
  if (delivery.status === 'sending' && leaseEnds > now().getTime()) {
    // Another consumer is sending it right now (or crashed moments ago): look again after the lease.
    await deps.requeue(job, seconds(leaseEnds - now().getTime()));
    return;
  }
  const ageMs = now().getTime() - delivery.created_at.getTime();
  if (ageMs > deps.maxAgeMinutes * 60_000) {
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
      await noteWaiting(db, notificationId, channel, 'waiting for the end of quiet hours');
      await deps.requeue({ ...job, hop: job.hop + 1 }, seconds(waitMs));
      return;
    }
  }
  const admission = await lookups.admit(channel);
  if (!admission.allowed) {
    await noteWaiting(db, notificationId, channel, `${channel} unavailable (circuit open)`);
    count(channel, 'DeliveriesDeferred');
    await deps.requeue({ ...job, hop: job.hop + 1 }, seconds(admission.retryAfterMs));
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
  count(channel, 'DeliveryLag', now().getTime() - delivery.created_at.getTime(), MetricUnit.Milliseconds);
  return true;
}

async function afterFailure(
  deps: DeliveryDeps,
  job: DeliveryJob,
  failure: SendFailure,
  probe: boolean,
  recipient: { userId: string; chatId: string },
) {
  const { db } = deps;
  const breaker = deps.breaker(job.channel);
  log().warn('delivery attempt failed', { channel: job.channel, kind: failure.kind, reason: failure.reason });
  switch (failure.kind) {
    case 'rate_limited':
      // The service is healthy, only busy: it told us when to come back.
      await breaker.succeeded();
      await settleDelivery(db, job.notificationId, job.channel, ['sending'], 'queued', failure.reason);
      await deps.requeue(
        { ...job, hop: job.hop + 1 },
        Math.min(MAX_DELAY_SECONDS, Math.max(1, failure.retryAfterSeconds)),
      );
      return;
    case 'blocked':
      await breaker.succeeded();
      await deps.recipients.unlinkTelegram(recipient.userId, recipient.chatId, failure.reason);
      await settleDelivery(
        db,
        job.notificationId,
        job.channel,
        ['sending'],
        'failed',
        `${failure.reason} (chat unlinked)`,
      );
      count(job.channel, 'DeliveriesFailed');
      return;
    case 'rejected':
      await breaker.succeeded();
      await settleDelivery(db, job.notificationId, job.channel, ['sending'], 'failed', failure.reason);
      count(job.channel, 'DeliveriesFailed');
      return;
    case 'unavailable': {
      const before = (await breaker.state()).state;
      await breaker.failed(probe);
      const after = (await breaker.state()).state;
      if (before !== after) {
        count(job.channel, 'BreakerStateChanges');
        log().warn('delivery breaker changed state', { channel: job.channel, from: before, to: after });
      }
      await settleDelivery(db, job.notificationId, job.channel, ['sending'], 'queued', failure.reason);
      await deps.requeue({ ...job, hop: job.hop + 1 }, seconds(backoffDelayMs(job.hop + 1, deps.backoff)));
    }
  }
}

async function giveUp(deps: DeliveryDeps, job: DeliveryJob, reason: string) {
  await settleDelivery(deps.db, job.notificationId, job.channel, ['queued', 'sending'], 'failed', reason);
  count(job.channel, 'DeliveriesFailed');
}
