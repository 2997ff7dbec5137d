import { cronHandler } from '#platform/cron';
import { meetingsConfig } from '../../config.js';
import { dispatchMeetingReminders } from '../../dispatch-reminders.js';
import { meetingsDeps } from '../../runtime.js';

export const handler = cronHandler('dispatchMeetingReminders', async () =>
  dispatchMeetingReminders(await meetingsDeps(), {
    batchSize: meetingsConfig().MEETING_REMINDER_BATCH_SIZE,
    budgetMs: 40_000,
  }),
);
