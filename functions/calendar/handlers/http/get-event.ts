import { httpHandler } from '#platform/http/handler';
import { ok } from '#platform/http/responses';
import { getEvent } from '../../get-event.js';
import { calendarDeps } from '../../runtime.js';
import { EventIdParams } from '../../schemas.js';
import { toEventView } from '../../views.js';

export const handler = httpHandler({
  auth: true,
  params: EventIdParams,
  handler: async ({ user, params }) => ok(toEventView(await getEvent(await calendarDeps(), user, params.id))),
});
