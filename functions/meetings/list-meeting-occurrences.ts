import {
  listAttendedMeetingsBetween,
  listOccurrenceAnswers,
  listSeriesAnswers,
} from './adapters/meetings.repository.js';
import type { MeetingOccurrence } from './contract.js';
import type { MeetingsDeps } from './deps.js';
import { occurrencesBetween } from './domain/occurrences.js';
import { effectiveAnswers } from './domain/rsvp.js';

/**
 * Serves listMeetingOccurrences: the occurrences in [from, to) of live meetings the user attends, with
 * the user's answer for each; the ones they declined are left out (of their views only).
 */
export async function listMeetingOccurrences(
  { db }: Pick<MeetingsDeps, 'db'>,
  input: { userId: string; from: string; to: string },
): Promise<{ occurrences: MeetingOccurrence[] }> {
  const from = new Date(input.from);
  const to = new Date(input.to);
  const attended = await listAttendedMeetingsBetween(db, [input.userId], from, to);
  const ids = attended.map((entry) => entry.meeting.id);
  if (ids.length === 0) return { occurrences: [] };
  const [series, overrides, groups] = await Promise.all([
    listSeriesAnswers(db, ids),
    listOccurrenceAnswers(db, ids),
    db
      .selectFrom('meeting_groups')
      .select(['id', 'name'])
      .where('id', 'in', [...new Set(attended.map((entry) => entry.meeting.groupId))])
      .execute(),
  ]);
  const groupNames = new Map(groups.map((group) => [group.id, group.name]));
  const occurrences: MeetingOccurrence[] = [];
  for (const { meeting } of attended) {
    const mine = (series.get(meeting.id) ?? []).filter((answer) => answer.userId === input.userId);
    const myOverrides = (overrides.get(meeting.id) ?? []).filter((answer) => answer.userId === input.userId);
    for (const start of occurrencesBetween(meeting, from, to)) {
      const status = effectiveAnswers(mine, myOverrides, start)[0]?.status ?? 'needs_action';
      if (status === 'declined') continue;
      occurrences.push({
        meetingId: meeting.id,
        seriesId: meeting.recurrence ? meeting.id : null,
        group: { id: meeting.groupId, name: groupNames.get(meeting.groupId) ?? '' },
        title: meeting.title,
        description: meeting.description,
        location: meeting.location,
        start: start.toISOString(),
        end: new Date(start.getTime() + meeting.durationMinutes * 60_000).toISOString(),
        timeZone: meeting.timeZone,
        rsvpStatus: status,
      });
    }
  }
  occurrences.sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  return { occurrences };
}
