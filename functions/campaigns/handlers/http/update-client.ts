import { getDb } from '#platform/db/index';
import { httpHandler } from '#platform/http/handler';
import { ok } from '#platform/http/responses';
import { IdParams } from '#platform/validation/common';
import { updateClient } from '../../clients.js';
import { UpdateClientBody } from '../../schemas.js';

export const handler = httpHandler({
  auth: true,
  params: IdParams,
  body: UpdateClientBody,
  handler: async ({ user, params, body }) =>
    ok(await updateClient({ db: await getDb(), now: () => new Date() }, user, params.id, body)),
});
