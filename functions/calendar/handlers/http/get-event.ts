import { getDb } from '../../../../layers/platform/db/index.js';
import { httpHandler } from '../../../../layers/platform/http/handler.js';
import { ok } from '../../../../layers/platform/http/responses.js';
import { getEvent } from '../../get-event.js';
import { EventIdParams } from '../../schemas.js';
import { toEventView } from '../../views.js';

export const handler = httpHandler({
  auth: true,
  params: EventIdParams,
  handler: async ({ user, params }) =>
    ok(toEventView(await getEvent({ db: await getDb() }, user, params.id))),
});
