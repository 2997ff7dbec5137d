import { log, MetricUnit, metrics } from '#platform/observability';
import { backoffDelayMs } from '#platform/resilience/backoff';
import {
  claimDelivery,
  findDelivery,
  noteWaiting,
  settleDelivery,
} from './adapters/deliveries.repository.js';
import { findPreferences } from './adapters/preferences.repository.js';
import type { DeliveryDeps } from './deps.js';
import {
  ChannelSendError,
  isQuietHoursExempt,
  MAX_DELAY_SECONDS,
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

/**
 * Delivers one notification on one channel, at most once per (notification, channel) except in the one
 * crash window documented in docs/notifications.md: the row goes `queued → sending` by a conditional
 * update before the send and `sending → sent` after it. Every wait (quiet hours, an open breaker, a 429,
 * a backoff) re-queues the job with DelaySeconds; nothing sleeps.
 */
export async function deliverNotification(deps: DeliveryDeps, job: DeliveryJob): Promise<void> {
  const { db, now = () => new Date() } = deps;
  const { notificationId, channel } = job;
  const delivery = await findDelivery(db, notificationId, channel);
  if (!delivery || ['sent', 'failed', 'skipped'].includes(delivery.status)) return;

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
  const sender = deps.senders[channel];
  if (!sender) {
    await skip(deps, job, `${channel} is not configured`);
    return;
  }
  const profile = await deps.recipients.profile(delivery.recipient_id);
  const address =
    channel === 'telegram'
      ? await deps.recipients.telegramChat(delivery.recipient_id)
      : (profile?.email ?? null);
  if (!address) {
    await skip(deps, job, channel === 'telegram' ? 'no linked Telegram chat' : 'no e-mail address');
    return;
  }
  if (!isQuietHoursExempt(delivery.type)) {
    const preferences = await findPreferences(db, delivery.recipient_id);
    const waitMs = quietHoursWaitMs(now(), profile?.timeZone ?? 'UTC', preferences?.quietHours ?? null);
    if (waitMs > 0) {
      await noteWaiting(db, notificationId, channel, 'waiting for the end of quiet hours');
      await deps.requeue({ ...job, hop: job.hop + 1 }, seconds(waitMs));
      return;
    }
  }
  const breaker = deps.breaker(channel);
  const admission = await breaker.admit();
  if (!admission.allowed) {
    await noteWaiting(db, notificationId, channel, `${channel} unavailable (circuit open)`);
    count(channel, 'DeliveriesDeferred');
    await deps.requeue({ ...job, hop: job.hop + 1 }, seconds(admission.retryAfterMs));
    return;
  }
  if (
    !(await claimDelivery(
      db,
      notificationId,
      channel,
      new Date(now().getTime() - deps.sendingLeaseSeconds * 1000),
    ))
  ) {
    return; // another consumer claimed it between our read and now
  }
  try {
    await sender.send(address, {
      id: notificationId,
      type: delivery.type,
      title: delivery.title,
      body: delivery.body,
      data: (delivery.data ?? {}) as Record<string, unknown>,
    });
  } catch (error) {
    const failure: SendFailure =
      error instanceof ChannelSendError ? error.failure : { kind: 'unavailable', reason: String(error) };
    await afterFailure(deps, job, failure, admission.probe, {
      userId: delivery.recipient_id,
      chatId: address,
    });
    return;
  }
  // ← the crash window: sent, not yet recorded (docs/notifications.md, "Never twice").
  await settleDelivery(db, notificationId, channel, ['sending'], 'sent', '');
  await breaker.succeeded();
  count(channel, 'DeliveriesSent');
  count(channel, 'DeliveryLag', now().getTime() - delivery.created_at.getTime(), MetricUnit.Milliseconds);
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

async function skip(deps: DeliveryDeps, job: DeliveryJob, reason: string) {
  await settleDelivery(deps.db, job.notificationId, job.channel, ['queued', 'sending'], 'skipped', reason);
  count(job.channel, 'DeliveriesSkipped');
}
