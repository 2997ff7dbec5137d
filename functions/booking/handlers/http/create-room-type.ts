import { getDb } from '#platform/db/index';
import { httpHandler } from '#platform/http/handler';
import { created } from '#platform/http/responses';
import { IdParams } from '#platform/validation/common';
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
