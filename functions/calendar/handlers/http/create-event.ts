import { httpHandler } from '#platform/http/handler';
import { created } from '#platform/http/responses';
import { createEvent } from '../../create-event.js';
import { calendarDeps } from '../../runtime.js';
import { CreateEventBody } from '../../schemas.js';
import { toEventView } from '../../views.js';

export const handler = httpHandler({
  auth: true,
  body: CreateEventBody,
  handler: async ({ user, body }) => {
    const event = await createEvent(await calendarDeps(), user, body);
    return created(toEventView(event), `/events/${event.id}`);
  },
});
