import { httpHandler } from '#platform/http/handler';
import { ok } from '#platform/http/responses';
import { putNotificationPreferences } from '../../put-notification-preferences.js';
import { notificationsDeps } from '../../runtime.js';
import { PreferencesBody } from '../../schemas.js';

export const handler = httpHandler({
  auth: true,
  body: PreferencesBody,
  handler: async ({ user, body }) =>
    ok(await putNotificationPreferences(await notificationsDeps(), user, body)),
});
