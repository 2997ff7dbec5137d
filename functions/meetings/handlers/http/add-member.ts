import { httpHandler } from '#platform/http/handler';
import { json } from '#platform/http/responses';
import { IdParams } from '#platform/validation/common';
import { addMember } from '../../add-member.js';
import { meetingsDeps } from '../../runtime.js';
import { AddMemberBody } from '../../schemas.js';

export const handler = httpHandler({
  auth: true,
  params: IdParams,
  body: AddMemberBody,
  handler: async ({ user, params, body }) => {
    const deps = await meetingsDeps();
    return json(201, await addMember(deps, user, params.id, body));
  },
});
