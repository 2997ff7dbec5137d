import { contractHandler } from '#platform/contracts/invoke';
import { RespondToMeetingForUser } from '../../contract.js';
import { respondToMeeting } from '../../respond-to-meeting.js';
import { meetingsDeps } from '../../runtime.js';

// The existing respondToMeeting use case (PUT /meetings/{id}/rsvp) for a user named by the caller.
export const handler = contractHandler(
  RespondToMeetingForUser,
  async ({ userId, meetingId, status, occurrence }) => {
    await respondToMeeting(await meetingsDeps(), { id: userId }, meetingId, { status, occurrence });
    return { status };
  },
);
