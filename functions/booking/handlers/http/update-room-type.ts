import { getDb } from '#platform/db/index';
import { httpHandler } from '#platform/http/handler';
import { ok } from '#platform/http/responses';
import { IdParams } from '#platform/validation/common';
import { changeRoomType } from '../../catalogue.js';
import { UpdateRoomTypeBody } from '../../schemas.js';

export const handler = httpHandler({
  auth: true,
  params: IdParams,
  body: UpdateRoomTypeBody,
  handler: async ({ user, params, body }) =>
    ok(await changeRoomType({ db: await getDb() }, user, params.id, body)),
});
