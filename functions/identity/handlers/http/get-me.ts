import { httpHandler } from '#platform/http/handler';
import { ok } from '#platform/http/responses';
import { getMe } from '../../get-me.js';
import { profileDeps } from '../../runtime.js';

export const handler = httpHandler({
  auth: true,
  handler: async ({ user }) => ok(await getMe(await profileDeps(), user)),
});
