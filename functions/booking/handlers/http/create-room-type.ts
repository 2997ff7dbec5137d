import { getDb } from '../../../../layers/platform/db/index.js';
import { httpHandler } from '../../../../layers/platform/http/handler.js';
import { created } from '../../../../layers/platform/http/responses.js';
import { IdParams } from '../../../../layers/platform/validation/common.js';
import { addRoomType } from '../../catalogue.js';
import { RoomTypeBody } from '../../schemas.js';

export const handler = httpHandler({
  auth: true,
  params: IdParams,
  body: RoomTypeBody,
  handler: async ({ user, params, body }) => {
    const roomType = await addRoomType({ db: await getDb() }, user, params.id, body);
    return created(roomType, `/hotels/${params.id}`);
  },
});
