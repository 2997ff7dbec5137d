import { getDb } from '../../../../layers/platform/db/index.js';
import { httpHandler } from '../../../../layers/platform/http/handler.js';
import { ok } from '../../../../layers/platform/http/responses.js';
import { IdParams } from '../../../../layers/platform/validation/common.js';
import { changeRoomType } from '../../catalogue.js';
import { UpdateRoomTypeBody } from '../../schemas.js';

export const handler = httpHandler({
  auth: true,
  params: IdParams,
  body: UpdateRoomTypeBody,
  handler: async ({ user, params, body }) =>
    ok(await changeRoomType({ db: await getDb() }, user, params.id, body)),
});
