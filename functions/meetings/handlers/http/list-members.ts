import { httpHandler } from '#platform/http/handler';
import { ok } from '#platform/http/responses';
import { IdParams } from '#platform/validation/common';
import { listMembers } from '../../list-members.js';
import { meetingsDeps } from '../../runtime.js';

export const handler = httpHandler({
  auth: true,
  params: IdParams,
  handler: async ({ user, params }) => {
    const deps = await meetingsDeps();
    return ok(await listMembers(deps, user, params.id));
  },
});
