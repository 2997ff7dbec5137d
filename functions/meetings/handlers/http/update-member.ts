import { httpHandler } from '#platform/http/handler';
import { ok } from '#platform/http/responses';
import { meetingsDeps } from '../../runtime.js';
import { GroupMemberParams, UpdateMemberBody } from '../../schemas.js';
import { updateMember } from '../../update-member.js';

export const handler = httpHandler({
  auth: true,
  params: GroupMemberParams,
  body: UpdateMemberBody,
  handler: async ({ user, params, body }) => {
    const deps = await meetingsDeps();
    return ok(await updateMember(deps, user, params.id, params.userId, body.role));
  },
});
