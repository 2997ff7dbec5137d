import { httpHandler } from '#platform/http/handler';
import { ok } from '#platform/http/responses';
import { IdParams } from '#platform/validation/common';
import { bookingDbDeps } from '../../runtime.js';
import { UpdateRoomTypeBody } from '../../schemas.js';
import { updateRoomType } from '../../update-room-type.js';

export const handler = httpHandler({
  auth: true,
  params: IdParams,
  body: UpdateRoomTypeBody,
  handler: async ({ user, params, body }) =>
    ok(await updateRoomType(await bookingDbDeps(), user, params.id, body)),
});
