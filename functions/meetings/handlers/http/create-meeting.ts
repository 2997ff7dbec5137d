import { httpHandler } from '#platform/http/handler';
import { json } from '#platform/http/responses';
import { IdParams } from '#platform/validation/common';
import { createMeeting } from '../../create-meeting.js';
import { meetingsDeps } from '../../runtime.js';
import { CreateMeetingBody } from '../../schemas.js';
import { etag } from '../../views.js';

export const handler = httpHandler({
  auth: true,
  params: IdParams,
  body: CreateMeetingBody,
  handler: async ({ user, params, body }) => {
    const meeting = await createMeeting(await meetingsDeps(), user, params.id, body);
    return json(201, meeting, { location: `/meetings/${meeting.id}`, etag: etag(meeting.version) });
  },
});
