import { cronHandler } from '#platform/cron';
import { purgeNotifications } from '../../purge-notifications.js';
import { notificationsDeps, purgeOptions } from '../../runtime.js';

export const handler = cronHandler('purgeNotifications', async () =>
  purgeNotifications(await notificationsDeps(), purgeOptions()),
);
