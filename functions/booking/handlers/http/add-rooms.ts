import { httpHandler } from '#platform/http/handler';
import { json } from '#platform/http/responses';
import { IdParams } from '#platform/validation/common';
import { addRooms } from '../../add-rooms.js';
import { bookingDbDeps } from '../../runtime.js';
import { AddRoomsBody } from '../../schemas.js';

export const handler = httpHandler({
  auth: true,
  params: IdParams,
  body: AddRoomsBody,
  handler: async ({ user, params, body }) =>
    json(201, await addRooms(await bookingDbDeps(), user, params.id, body.labels)),
});
