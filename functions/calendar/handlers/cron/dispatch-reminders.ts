import { cronHandler } from '#platform/cron';
import { getDb } from '#platform/db/index';
import { publishNotifications } from '../../adapters/notifications-publisher.js';
import { calendarConfig } from '../../config.js';
import { dispatchReminders } from '../../dispatch-reminders.js';

export const handler = cronHandler('dispatchReminders', async () => {
  const config = calendarConfig();
  return dispatchReminders(
    { db: await getDb(), send: (messages) => publishNotifications(messages) },
    { graceMinutes: config.REMINDER_GRACE_MINUTES, batchSize: config.REMINDER_BATCH_SIZE, budgetMs: 40_000 },
  );
});
