import { getDb } from '#platform/db/index';
import { httpHandler } from '#platform/http/handler';
import { ok } from '#platform/http/responses';
import { IdParams } from '#platform/validation/common';
import { changeHotel } from '../../catalogue.js';
import { UpdateHotelBody } from '../../schemas.js';

export const handler = httpHandler({
  auth: true,
  params: IdParams,
  body: UpdateHotelBody,
  handler: async ({ user, params, body }) =>
    ok(await changeHotel({ db: await getDb() }, user, params.id, body)),
});
