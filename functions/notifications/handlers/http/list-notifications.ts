import { getDb } from '#platform/db/index';
import { httpHandler } from '#platform/http/handler';
import { ok } from '#platform/http/responses';
import { listMyNotifications } from '../../list-notifications.js';
import { ListNotificationsQuery } from '../../schemas.js';

export const handler = httpHandler({
  auth: true,
  query: ListNotificationsQuery,
  handler: async ({ user, query }) => ok(await listMyNotifications({ db: await getDb() }, user.id, query)),
});
