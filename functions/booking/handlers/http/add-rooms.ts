import { getDb } from '#platform/db/index';
import { httpHandler } from '#platform/http/handler';
import { json } from '#platform/http/responses';
import { IdParams } from '#platform/validation/common';
import { addRooms } from '../../catalogue.js';
import { AddRoomsBody } from '../../schemas.js';

export const handler = httpHandler({
  auth: true,
  params: IdParams,
  body: AddRoomsBody,
  handler: async ({ user, params, body }) =>
    json(201, await addRooms({ db: await getDb() }, user, params.id, body.labels)),
});
