import { httpHandler } from '#platform/http/handler';
import { ok } from '#platform/http/responses';
import { IdParams } from '#platform/validation/common';
import { getGroup } from '../../get-group.js';
import { meetingsDeps } from '../../runtime.js';

export const handler = httpHandler({
  auth: true,
  params: IdParams,
  handler: async ({ user, params }) => {
    const deps = await meetingsDeps();
    return ok(await getGroup(deps, user, params.id));
  },
});
