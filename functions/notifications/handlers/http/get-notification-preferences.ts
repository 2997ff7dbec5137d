import { httpHandler } from '#platform/http/handler';
import { ok } from '#platform/http/responses';
import { getNotificationPreferences } from '../../get-notification-preferences.js';
import { notificationsDeps } from '../../runtime.js';

export const handler = httpHandler({
  auth: true,
  handler: async ({ user }) => ok(await getNotificationPreferences(await notificationsDeps(), user)),
});
