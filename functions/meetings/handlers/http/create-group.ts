import { httpHandler } from '#platform/http/handler';
import { created } from '#platform/http/responses';
import { createGroup } from '../../create-group.js';
import { meetingsDeps } from '../../runtime.js';
import { CreateGroupBody } from '../../schemas.js';

export const handler = httpHandler({
  auth: true,
  body: CreateGroupBody,
  handler: async ({ user, body }) => {
    const group = await createGroup(await meetingsDeps(), user, body);
    return created(group, `/groups/${group.id}`);
  },
});
