import { getDb } from '../../../../layers/platform/db/index.js';
import { httpHandler } from '../../../../layers/platform/http/handler.js';
import { ok } from '../../../../layers/platform/http/responses.js';
import { IdParams } from '../../../../layers/platform/validation/common.js';
import { getHotel } from '../../search.js';

export const handler = httpHandler({
  auth: true,
  params: IdParams,
  handler: async ({ params }) => ok(await getHotel({ db: await getDb() }, params.id)),
});
