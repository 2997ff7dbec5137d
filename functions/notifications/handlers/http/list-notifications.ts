import { getDb } from '../../../../layers/platform/db/index.js';
import { httpHandler } from '../../../../layers/platform/http/handler.js';
import { ok } from '../../../../layers/platform/http/responses.js';
import { listMyNotifications } from '../../list-notifications.js';
import { ListNotificationsQuery } from '../../schemas.js';

export const handler = httpHandler({
  auth: true,
  query: ListNotificationsQuery,
  handler: async ({ user, query }) => ok(await listMyNotifications({ db: await getDb() }, user.id, query)),
});
