import { httpHandler } from '#platform/http/handler';
import { noContent } from '#platform/http/responses';
import { deleteEvent } from '../../delete-event.js';
import { calendarDeps } from '../../runtime.js';
import { EventIdParams } from '../../schemas.js';

export const handler = httpHandler({
  auth: true,
  params: EventIdParams,
  handler: async ({ user, params }) => {
    await deleteEvent(await calendarDeps(), user, params.id);
    return noContent();
  },
});
