import { requireMeeting } from './access.js';
import { attendeeIds } from './adapters/meetings.repository.js';
import type { Actor, MeetingsDeps } from './deps.js';
import { toMeetingView } from './views.js';

/** Any member of the meeting's group may read it. */
export async function getMeeting({ db }: Pick<MeetingsDeps, 'db'>, actor: Actor, meetingId: string) {
  const { meeting } = await requireMeeting(db, meetingId, actor.id);
  return toMeetingView(meeting, await attendeeIds(db, meetingId));
}
