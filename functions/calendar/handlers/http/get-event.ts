import { getDb } from '#platform/db/index';
import { httpHandler } from '#platform/http/handler';
import { ok } from '#platform/http/responses';
import { getEvent } from '../../get-event.js';
import { EventIdParams } from '../../schemas.js';
import { toEventView } from '../../views.js';

export const handler = httpHandler({
  auth: true,
  params: EventIdParams,
  handler: async ({ user, params }) =>
    ok(toEventView(await getEvent({ db: await getDb() }, user, params.id))),
});
