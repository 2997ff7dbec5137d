import { httpHandler } from '#platform/http/handler';
import { ok } from '#platform/http/responses';
import { listNotifications } from '../../list-notifications.js';
import { notificationsDeps } from '../../runtime.js';
import { ListNotificationsQuery } from '../../schemas.js';

export const handler = httpHandler({
  auth: true,
  query: ListNotificationsQuery,
  handler: async ({ user, query }) => ok(await listNotifications(await notificationsDeps(), user, query)),
});
