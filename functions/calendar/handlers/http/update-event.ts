import { getDb } from '#platform/db/index';
import { httpHandler } from '#platform/http/handler';
import { ok } from '#platform/http/responses';
import { EventIdParams, UpdateEventBody } from '../../schemas.js';
import { updateEvent } from '../../update-event.js';
import { toEventView } from '../../views.js';

export const handler = httpHandler({
  auth: true,
  params: EventIdParams,
  body: UpdateEventBody,
  handler: async ({ user, params, body }) =>
    ok(toEventView(await updateEvent({ db: await getDb() }, user, params.id, body))),
});
