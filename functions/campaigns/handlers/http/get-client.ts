import { getDb } from '#platform/db/index';
import { httpHandler } from '#platform/http/handler';
import { ok } from '#platform/http/responses';
import { IdParams } from '#platform/validation/common';
import { getClient } from '../../clients.js';

export const handler = httpHandler({
  auth: true,
  params: IdParams,
  handler: async ({ user, params }) =>
    ok(await getClient({ db: await getDb(), now: () => new Date() }, user, params.id)),
});
