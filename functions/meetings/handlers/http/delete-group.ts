import { httpHandler } from '#platform/http/handler';
import { noContent } from '#platform/http/responses';
import { IdParams } from '#platform/validation/common';
import { deleteGroup } from '../../delete-group.js';
import { meetingsDeps } from '../../runtime.js';

export const handler = httpHandler({
  auth: true,
  params: IdParams,
  handler: async ({ user, params }) => {
    const deps = await meetingsDeps();
    await deleteGroup(deps, user, params.id);
    return noContent();
  },
});
