import { log, MetricUnit, metricsWith } from '#platform/observability';
import { backoffDelayMs } from '#platform/resilience/backoff';
import { settleDelivery } from './adapters/deliveries.repository.js';
import type { DeliveryDeps } from './deps.js';
import { MAX_DELAY_SECONDS, type SendFailure } from './domain/delivery-policy.js';
import type { DeliveryJob } from './schemas.js';

// What the deliverer does after an attempt that did not end in `sent`, and its metrics.

/** A deliverer metric with its channel as a dimension (records of one batch go to different channels). */
export function countDelivery(
  channel: string,
  name: string,
  value = 1,
  unit: (typeof MetricUnit)[keyof typeof MetricUnit] = MetricUnit.Count,
) {
  metricsWith({ channel }).addMetric(name, unit, value);
}

/** A wait as SQS DelaySeconds: at least 1, at most 15 minutes (longer waits take several hops). */
export const delaySeconds = (ms: number) => Math.min(MAX_DELAY_SECONDS, Math.max(1, Math.ceil(ms / 1000)));

export async function afterFailure(
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
      countDelivery(job.channel, 'DeliveriesFailed');
      return;
    case 'rejected':
      await breaker.succeeded();
      await settleDelivery(db, job.notificationId, job.channel, ['sending'], 'failed', failure.reason);
      countDelivery(job.channel, 'DeliveriesFailed');
      return;
    case 'unavailable': {
      const before = (await breaker.state()).state;
      await breaker.failed(probe);
      const after = (await breaker.state()).state;
      if (before !== after) {
        countDelivery(job.channel, 'BreakerStateChanges');
        log().warn('delivery breaker changed state', { channel: job.channel, from: before, to: after });
      }
      await settleDelivery(db, job.notificationId, job.channel, ['sending'], 'queued', failure.reason);
      await deps.requeue(
        { ...job, hop: job.hop + 1 },
        delaySeconds(backoffDelayMs(job.hop + 1, deps.backoff)),
      );
    }
  }
}

export async function giveUp(deps: DeliveryDeps, job: DeliveryJob, reason: string) {
  await settleDelivery(deps.db, job.notificationId, job.channel, ['queued', 'sending'], 'failed', reason);
  countDelivery(job.channel, 'DeliveriesFailed');
}
