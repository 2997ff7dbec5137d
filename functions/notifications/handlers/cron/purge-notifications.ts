import { cronHandler } from '#platform/cron';
import { getDb } from '#platform/db/index';
import { notificationsConfig } from '../../config.js';
import { purgeOldNotifications } from '../../purge-notifications.js';

export const handler = cronHandler('purgeNotifications', async () =>
  purgeOldNotifications(
    { db: await getDb() },
    { retentionDays: notificationsConfig().NOTIFICATION_RETENTION_DAYS, batchSize: 1000, budgetMs: 20_000 },
  ),
);
