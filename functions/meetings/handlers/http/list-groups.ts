import { httpHandler } from '#platform/http/handler';
import { ok } from '#platform/http/responses';
import { listGroups } from '../../list-groups.js';
import { meetingsDeps } from '../../runtime.js';

export const handler = httpHandler({
  auth: true,
  handler: async ({ user }) => {
    const deps = await meetingsDeps();
    return ok(await listGroups(deps, user));
  },
});
