import { enqueue, relayQuietly } from '#platform/messaging/outbox';
import { MetricUnit, metrics } from '#platform/observability';
import { insertDeliveries } from './adapters/deliveries.repository.js';
import { insertNotification } from './adapters/notifications.repository.js';
import { findPreferences } from './adapters/preferences.repository.js';
import type { Channel, NotificationMessage } from './contract.js';
import type { NotificationsDeps } from './deps.js';
import { channelsFor } from './domain/delivery-policy.js';
import { deliveriesQueue } from './schemas.js';

export interface StoreDeps extends NotificationsDeps {
  /** Channels this deployment can send on besides in_app (email only with SMTP_URL). */
  availableChannels?: Channel[];
}

/**
 * Saves one notification and, in the same transaction, one delivery row per channel and a job on the
 * `deliveries` queue (outbox) for each channel that sends. Idempotent by construction: the producer's
 * notificationId is the primary key, so a redelivered or duplicated message inserts nothing.
 */
export async function storeNotification(
  { db, now = () => new Date(), availableChannels = ['telegram'] }: StoreDeps,
  message: NotificationMessage,
  correlationId?: string,
): Promise<boolean> {
  const { inserted, outboxIds } = await db.transaction().execute(async (trx) => {
    if (!(await insertNotification(trx, message, correlationId))) return { inserted: false, outboxIds: [] };
    const preferences = await findPreferences(trx, message.recipientId);
    const channels = channelsFor(message.type, message.channels, preferences);
    const sending = channels.filter(
      (channel): channel is 'telegram' | 'email' =>
        channel !== 'in_app' && availableChannels.includes(channel),
    );
    await insertDeliveries(trx, message.notificationId, [
      { channel: 'in_app', status: 'sent' },
      ...sending.map((channel) => ({ channel, status: 'queued' as const })),
      ...channels
        .filter((channel) => channel !== 'in_app' && !availableChannels.includes(channel))
        .map((channel) => ({
          channel,
          status: 'skipped' as const,
          lastError: `${channel} is not configured`,
        })),
    ]);
    const ids = await enqueue(
      trx,
      deliveriesQueue,
      sending.map((channel) => ({ notificationId: message.notificationId, channel, hop: 0 })),
    );
    return { inserted: true, outboxIds: ids };
  });
  if (inserted) {
    await relayQuietly(db, outboxIds);
    metrics.addMetric('NotificationsStored', MetricUnit.Count, 1);
    metrics.addMetric(
      'NotificationLag',
      MetricUnit.Milliseconds,
      Math.max(0, now().getTime() - Date.parse(message.dueAt)),
    );
  } else {
    metrics.addMetric('NotificationDuplicates', MetricUnit.Count, 1);
  }
  return inserted;
}
