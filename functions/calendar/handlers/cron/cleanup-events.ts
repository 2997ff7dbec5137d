import { cronHandler } from '#platform/cron';
import { cleanupEvents } from '../../cleanup-events.js';
import { calendarDeps, cleanupOptions } from '../../runtime.js';

export const handler = cronHandler('cleanupEvents', async () =>
  cleanupEvents(await calendarDeps(), cleanupOptions()),
);
