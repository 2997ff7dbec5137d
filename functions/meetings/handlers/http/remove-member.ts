import { httpHandler } from '#platform/http/handler';
import { noContent } from '#platform/http/responses';
import { removeMember } from '../../remove-member.js';
import { meetingsDeps } from '../../runtime.js';
import { GroupMemberParams } from '../../schemas.js';

export const handler = httpHandler({
  auth: true,
  params: GroupMemberParams,
  handler: async ({ user, params }) => {
    const deps = await meetingsDeps();
    await removeMember(deps, user, params.id, params.userId);
    return noContent();
  },
});
