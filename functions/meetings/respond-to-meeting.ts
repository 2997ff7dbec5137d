import { requireMeeting } from './access.js';
import { commitChange } from './adapters/changes.js';
import { bumpScheduleVersion } from './adapters/groups.repository.js';
import { answerOccurrence, answerSeries, isAttendee } from './adapters/meetings.repository.js';
import type { Actor, MeetingsDeps } from './deps.js';
import { MeetingCancelledError, NotInvitedError } from './domain/errors.js';
import { localTime, notice } from './domain/notices.js';
import { checkOccurrence } from './domain/occurrences.js';
import type { RsvpInput } from './schemas.js';
import { inZone } from './views.js';

/**
 * PUT /meetings/{id}/rsvp: an attendee answers the series, or with `occurrence` one occurrence. The
 * organizer is told when the answer changed (the same answer again records nothing new and tells nobody). Concurrent answers serialise on the group row (which also bumps the schedule
 * version), so every answer is recorded and the counts stay exact.
 */
export async function respondToMeeting(
  { db, relay, now }: Pick<MeetingsDeps, 'db' | 'relay' | 'now'>,
  actor: Actor,
  meetingId: string,
  input: RsvpInput,
) {
  const { meeting } = await requireMeeting(db, meetingId, actor.id);
  if (!(await isAttendee(db, meetingId, actor.id))) throw new NotInvitedError();
  if (meeting.cancelledAt) throw new MeetingCancelledError();
  const occurrence = input.occurrence === undefined ? undefined : new Date(input.occurrence);
  if (occurrence) checkOccurrence(meeting, occurrence, 'body');
  const comment = input.comment ?? null;
  return commitChange({ db, relay }, async (trx, notify) => {
    const version = await bumpScheduleVersion(trx, meeting.groupId);
    const at = now();
    const answer = { meetingId, userId: actor.id, status: input.status, comment, at };
    const changed = occurrence
      ? await answerOccurrence(trx, { ...answer, occurrence })
      : await answerSeries(trx, answer);
    // The same answer again (a second press of a bot button, a retried request) tells nobody anything.
    if (changed && meeting.organizerId !== actor.id) {
      notify([
        notice({
          recipientId: meeting.organizerId,
          type: 'rsvp',
          key: `${meetingId}:${version}`,
          title: `${input.status === 'accepted' ? 'Accepted' : input.status === 'declined' ? 'Declined' : 'Maybe'}: ${meeting.title}`,
          body: occurrence ? `For ${localTime(occurrence, meeting.timeZone)}` : 'For the whole series',
          data: {
            meetingId,
            userId: actor.id,
            status: input.status,
            comment,
            occurrence: input.occurrence ?? null,
          },
          at,
        }),
      ]);
    }
    return {
      meetingId,
      userId: actor.id,
      status: input.status,
      comment,
      occurrence: occurrence && inZone(occurrence, meeting.timeZone),
    };
  });
}
