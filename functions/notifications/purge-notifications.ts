import { deleteNotificationsBefore } from './adapters/notifications.repository.js';
import type { NotificationsDeps } from './deps.js';

export interface PurgeOptions {
  retentionDays: number;
  batchSize: number;
  /** Stop starting new batches after this long, so a huge backlog spreads over several runs. */
  budgetMs: number;
}

/** Deletes notifications older than the retention period in bounded batches. */
export async function purgeNotifications(
  { db, now = () => new Date() }: NotificationsDeps,
  options: PurgeOptions,
) {
  const cutoff = new Date(now().getTime() - options.retentionDays * 86_400_000);
  const started = Date.now();
  let deleted = 0;
  for (;;) {
    const batch = await deleteNotificationsBefore(db, cutoff, options.batchSize);
    deleted += batch;
    if (batch < options.batchSize || Date.now() - started > options.budgetMs) break;
  }
  return { deleted, cutoff: cutoff.toISOString() };
}
