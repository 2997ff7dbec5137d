import { httpHandler } from '#platform/http/handler';
import { ok } from '#platform/http/responses';
import { calendarDeps } from '../../runtime.js';
import { EventIdParams, UpdateEventBody } from '../../schemas.js';
import { updateEvent } from '../../update-event.js';
import { toEventView } from '../../views.js';

export const handler = httpHandler({
  auth: true,
  params: EventIdParams,
  body: UpdateEventBody,
  handler: async ({ user, params, body }) =>
    ok(toEventView(await updateEvent(await calendarDeps(), user, params.id, body))),
});
