import { httpHandler } from '#platform/http/handler';
import { created } from '#platform/http/responses';
import { IdParams } from '#platform/validation/common';
import { createRoomType } from '../../create-room-type.js';
import { bookingDbDeps } from '../../runtime.js';
import { RoomTypeBody } from '../../schemas.js';

export const handler = httpHandler({
  auth: true,
  params: IdParams,
  body: RoomTypeBody,
  handler: async ({ user, params, body }) => {
    const roomType = await createRoomType(await bookingDbDeps(), user, params.id, body);
    return created(roomType, `/hotels/${params.id}`);
  },
});
