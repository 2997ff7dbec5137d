import { getDb } from '../../../../layers/platform/db/index.js';
import { httpHandler } from '../../../../layers/platform/http/handler.js';
import { json } from '../../../../layers/platform/http/responses.js';
import { IdParams } from '../../../../layers/platform/validation/common.js';
import { addRooms } from '../../catalogue.js';
import { AddRoomsBody } from '../../schemas.js';

export const handler = httpHandler({
  auth: true,
  params: IdParams,
  body: AddRoomsBody,
  handler: async ({ user, params, body }) =>
    json(201, await addRooms({ db: await getDb() }, user, params.id, body.labels)),
});
