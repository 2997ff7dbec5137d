import { getDb } from '../../../../layers/platform/db/index.js';
import { httpHandler } from '../../../../layers/platform/http/handler.js';
import { ok } from '../../../../layers/platform/http/responses.js';
import { updateProfile } from '../../profile.js';
import { UpdateMeBody } from '../../schemas.js';

export const handler = httpHandler({
  auth: true,
  body: UpdateMeBody,
  handler: async ({ user, body }) => ok(await updateProfile({ db: await getDb() }, user, body)),
});
