import { getDb } from '#platform/db/index';
import { httpHandler } from '#platform/http/handler';
import { ok } from '#platform/http/responses';
import { getProfile } from '../../profile.js';

export const handler = httpHandler({
  auth: true,
  handler: async ({ user }) => ok(await getProfile({ db: await getDb() }, user)),
});
