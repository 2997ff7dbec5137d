import { httpHandler } from '#platform/http/handler';
import { ok } from '#platform/http/responses';
import { IdParams } from '#platform/validation/common';
import { meetingsDeps } from '../../runtime.js';
import { UpdateMeetingBody } from '../../schemas.js';
import { updateMeeting } from '../../update-meeting.js';
import { etag, parseIfMatch } from '../../views.js';

export const handler = httpHandler({
  auth: true,
  params: IdParams,
  body: UpdateMeetingBody,
  handler: async ({ user, params, body, headers }) => {
    const meeting = await updateMeeting(
      await meetingsDeps(),
      user,
      params.id,
      body,
      parseIfMatch(headers['if-match']),
    );
    return ok(meeting, { etag: etag(meeting.version) });
  },
});
