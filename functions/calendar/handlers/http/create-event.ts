import { getDb } from '../../../../layers/platform/db/index.js';
import { httpHandler } from '../../../../layers/platform/http/handler.js';
import { created } from '../../../../layers/platform/http/responses.js';
import { createEvent } from '../../create-event.js';
import { CreateEventBody } from '../../schemas.js';
import { toEventView } from '../../views.js';

export const handler = httpHandler({
  auth: true,
  body: CreateEventBody,
  handler: async ({ user, body }) => {
    const event = await createEvent({ db: await getDb() }, user, body);
    return created(toEventView(event), `/events/${event.id}`);
  },
});
