import { MetricUnit, metrics } from '#platform/observability';
import { insertNotification } from './adapters/notifications.repository.js';
import type { NotificationMessage } from './contract.js';
import type { NotificationsDeps } from './deps.js';

/**
 * Saves one notification. Idempotent by construction: the producer's notificationId is the primary
 * key, so a redelivered or duplicated message inserts nothing and is acknowledged.
 */
export async function storeNotification(
  { db, now = () => new Date() }: NotificationsDeps,
  message: NotificationMessage,
  correlationId?: string,
): Promise<boolean> {
  const inserted = await insertNotification(db, message, correlationId);
  if (inserted) {
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
