import { getDb } from '../../../../layers/platform/db/index.js';
import { httpHandler } from '../../../../layers/platform/http/handler.js';
import { ok } from '../../../../layers/platform/http/responses.js';
import { IdParams } from '../../../../layers/platform/validation/common.js';
import { setRate } from '../../catalogue.js';
import { PutRateBody } from '../../schemas.js';

export const handler = httpHandler({
  auth: true,
  params: IdParams,
  body: PutRateBody,
  handler: async ({ user, params, body }) => ok(await setRate({ db: await getDb() }, user, params.id, body)),
});
