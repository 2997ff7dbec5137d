import { getDb } from '../../../../layers/platform/db/index.js';
import { httpHandler } from '../../../../layers/platform/http/handler.js';
import { noContent } from '../../../../layers/platform/http/responses.js';
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
