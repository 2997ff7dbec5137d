import { cronHandler } from '#platform/cron';
import { dispatchReminders } from '../../dispatch-reminders.js';
import { dispatchDeps, dispatchOptions } from '../../runtime.js';

export const handler = cronHandler('dispatchReminders', async () =>
  dispatchReminders(await dispatchDeps(), dispatchOptions()),
);
