import { getDb } from '../../../../layers/platform/db/index.js';
import { httpHandler } from '../../../../layers/platform/http/handler.js';
import { ok } from '../../../../layers/platform/http/responses.js';
import { getProfile } from '../../profile.js';

export const handler = httpHandler({
  auth: true,
  handler: async ({ user }) => ok(await getProfile({ db: await getDb() }, user)),
});
