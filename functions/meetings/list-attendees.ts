import { requireMeeting } from './access.js';
import { listOccurrenceAnswers, listSeriesAnswers } from './adapters/meetings.repository.js';
import type { Actor, MeetingsDeps } from './deps.js';
import { checkOccurrence } from './domain/occurrences.js';
import { countByStatus, effectiveAnswers } from './domain/rsvp.js';
import { lookupUsersByIds } from './people.js';
import { inZone } from './views.js';

/** "Who is coming": each attendee's answer (for one occurrence if asked) and the counts per status. */
export async function listAttendees(
  { db, invoke }: Pick<MeetingsDeps, 'db' | 'invoke'>,
  actor: Actor,
  meetingId: string,
  occurrenceText?: string,
) {
  const { meeting } = await requireMeeting(db, meetingId, actor.id);
  const occurrence = occurrenceText === undefined ? undefined : new Date(occurrenceText);
  if (occurrence) checkOccurrence(meeting, occurrence, 'query');
  const [series, overrides] = await Promise.all([
    listSeriesAnswers(db, [meetingId]),
    listOccurrenceAnswers(db, [meetingId]),
  ]);
  const answers = effectiveAnswers(series.get(meetingId) ?? [], overrides.get(meetingId) ?? [], occurrence);
  const users = await lookupUsersByIds(
    invoke,
    answers.map((answer) => answer.userId),
  );
  const names = new Map(users.map((user) => [user.id, user.displayName]));
  return {
    meetingId,
    occurrence: occurrence && inZone(occurrence, meeting.timeZone),
    attendees: answers.map((answer) => ({ ...answer, displayName: names.get(answer.userId) })),
    counts: countByStatus(answers),
  };
}
