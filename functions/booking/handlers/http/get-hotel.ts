import { getDb } from '#platform/db/index';
import { httpHandler } from '#platform/http/handler';
import { ok } from '#platform/http/responses';
import { IdParams } from '#platform/validation/common';
import { getHotel } from '../../search.js';

export const handler = httpHandler({
  auth: true,
  params: IdParams,
  handler: async ({ params }) => ok(await getHotel({ db: await getDb() }, params.id)),
});
