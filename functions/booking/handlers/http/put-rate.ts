import { getDb } from '#platform/db/index';
import { httpHandler } from '#platform/http/handler';
import { ok } from '#platform/http/responses';
import { IdParams } from '#platform/validation/common';
import { setRate } from '../../catalogue.js';
import { PutRateBody } from '../../schemas.js';

export const handler = httpHandler({
  auth: true,
  params: IdParams,
  body: PutRateBody,
  handler: async ({ user, params, body }) => ok(await setRate({ db: await getDb() }, user, params.id, body)),
});
