import { getDb } from '../../../../layers/platform/db/index.js';
import { httpHandler } from '../../../../layers/platform/http/handler.js';
import { ok } from '../../../../layers/platform/http/responses.js';
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
