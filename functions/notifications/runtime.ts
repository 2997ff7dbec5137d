import { getDb } from '#platform/db/index';
import { notificationsConfig } from './config.js';
import type { NotificationsDeps } from './deps.js';
import type { PurgeOptions } from './purge-notifications.js';

// The composition root: wires the use cases to the real adapters and configuration, once per
// container. Handlers take their dependencies from here; tests pass their own.

export async function notificationsDeps(): Promise<NotificationsDeps> {
  return { db: await getDb(), now: () => new Date() };
}

export function purgeOptions(): PurgeOptions {
  return {
    retentionDays: notificationsConfig().NOTIFICATION_RETENTION_DAYS,
    batchSize: 1000,
    budgetMs: 20_000,
  };
}
