import { httpHandler } from '#platform/http/handler';
import { ok } from '#platform/http/responses';
import { profileDeps } from '../../runtime.js';
import { UpdateMeBody } from '../../schemas.js';
import { updateMe } from '../../update-me.js';

export const handler = httpHandler({
  auth: true,
  body: UpdateMeBody,
  handler: async ({ user, body }) => ok(await updateMe(await profileDeps(), user, body)),
});
