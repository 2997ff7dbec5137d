import { getDb } from '#platform/db/index';
import { httpHandler } from '#platform/http/handler';
import { ok } from '#platform/http/responses';
import { updateProfile } from '../../profile.js';
import { UpdateMeBody } from '../../schemas.js';

export const handler = httpHandler({
  auth: true,
  body: UpdateMeBody,
  handler: async ({ user, body }) => ok(await updateProfile({ db: await getDb() }, user, body)),
});
