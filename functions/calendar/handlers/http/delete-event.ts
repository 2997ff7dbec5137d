import { getDb } from '#platform/db/index';
import { httpHandler } from '#platform/http/handler';
import { noContent } from '#platform/http/responses';
import { deleteEvent } from '../../delete-event.js';
import { EventIdParams } from '../../schemas.js';

export const handler = httpHandler({
  auth: true,
  params: EventIdParams,
  handler: async ({ user, params }) => {
    await deleteEvent({ db: await getDb() }, user, params.id);
    return noContent();
  },
});
