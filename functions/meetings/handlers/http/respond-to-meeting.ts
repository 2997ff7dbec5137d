import { httpHandler } from '#platform/http/handler';
import { ok } from '#platform/http/responses';
import { IdParams } from '#platform/validation/common';
import { respondToMeeting } from '../../respond-to-meeting.js';
import { meetingsDeps } from '../../runtime.js';
import { RsvpBody } from '../../schemas.js';

export const handler = httpHandler({
  auth: true,
  params: IdParams,
  body: RsvpBody,
  handler: async ({ user, params, body }) => {
    const deps = await meetingsDeps();
    return ok(await respondToMeeting(deps, user, params.id, body));
  },
});
