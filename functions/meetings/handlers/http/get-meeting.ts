import { httpHandler } from '#platform/http/handler';
import { ok } from '#platform/http/responses';
import { IdParams } from '#platform/validation/common';
import { getMeeting } from '../../get-meeting.js';
import { meetingsDeps } from '../../runtime.js';
import { etag } from '../../views.js';

export const handler = httpHandler({
  auth: true,
  params: IdParams,
  handler: async ({ user, params }) => {
    const meeting = await getMeeting(await meetingsDeps(), user, params.id);
    return ok(meeting, { etag: etag(meeting.version) });
  },
});
