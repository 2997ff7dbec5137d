import { httpHandler } from '#platform/http/handler';
import { ok } from '#platform/http/responses';
import { IdParams } from '#platform/validation/common';
import { meetingsDeps } from '../../runtime.js';
import { UpdateGroupBody } from '../../schemas.js';
import { updateGroup } from '../../update-group.js';

export const handler = httpHandler({
  auth: true,
  params: IdParams,
  body: UpdateGroupBody,
  handler: async ({ user, params, body }) => {
    const deps = await meetingsDeps();
    return ok(await updateGroup(deps, user, params.id, body));
  },
});
