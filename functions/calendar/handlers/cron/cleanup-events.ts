import { cronHandler } from '../../../../layers/platform/cron.js';
import { getDb } from '../../../../layers/platform/db/index.js';
import { cleanupOldEvents } from '../../cleanup-events.js';
import { calendarConfig } from '../../config.js';

export const handler = cronHandler('cleanupEvents', async () =>
  cleanupOldEvents(
    { db: await getDb() },
    { retentionDays: calendarConfig().CALENDAR_RETENTION_DAYS, batchSize: 1000, budgetMs: 20_000 },
  ),
);
