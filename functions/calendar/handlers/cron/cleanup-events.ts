import { cronHandler } from '#platform/cron';
import { getDb } from '#platform/db/index';
import { cleanupOldEvents } from '../../cleanup-events.js';
import { calendarConfig } from '../../config.js';

export const handler = cronHandler('cleanupEvents', async () =>
  cleanupOldEvents(
    { db: await getDb() },
    { retentionDays: calendarConfig().CALENDAR_RETENTION_DAYS, batchSize: 1000, budgetMs: 20_000 },
  ),
);
