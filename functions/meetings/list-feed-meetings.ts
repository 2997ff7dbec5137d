import { listOccurrenceAnswers, listSeriesAnswers } from './adapters/meetings.repository.js';
import type { FeedMeeting } from './contract.js';
import type { MeetingsDeps } from './deps.js';
import { lookupUsersByIds } from './people.js';
import { SYSTEM_DEFAULT_REMINDERS } from './reminder-plan.js';

/**
 * Serves listFeedMeetings: the user's meetings for their ICS feed, with organizer and attendees
 * (names and e-mails from identity) and each one's answer for the series; the occurrences the user
 * declined become EXDATEs, a series they declined is left out.
 */
export async function listFeedMeetings(
  { db, invoke }: Pick<MeetingsDeps, 'db' | 'invoke'>,
  input: { userId: string; since: string; limit: number },
): Promise<{ meetings: FeedMeeting[] }> {
  const rows = await db
    .selectFrom('meetings as mt')
    .innerJoin('meeting_attendees as a', 'a.meeting_id', 'mt.id')
    .innerJoin('meeting_groups as g', 'g.id', 'mt.group_id')
    .selectAll('mt')
    .select('g.name as group_name')
    .where('a.user_id', '=', input.userId)
    .where('a.status', '!=', 'declined')
    .where('mt.cancelled_at', 'is', null)
    .where((eb) =>
      eb.or([eb('mt.series_ends_at', 'is', null), eb('mt.series_ends_at', '>', new Date(input.since))]),
    )
    .orderBy('mt.starts_at', 'desc')
    .limit(input.limit)
    .execute();
  if (rows.length === 0) return { meetings: [] };
  const ids = rows.map((row) => row.id);
  const [series, overrides] = await Promise.all([listSeriesAnswers(db, ids), listOccurrenceAnswers(db, ids)]);
  const people = new Set([
    ...rows.map((row) => row.organizer_id),
    ...[...series.values()].flat().map((a) => a.userId),
  ]);
  const users = await lookupUsersByIds(invoke, [...people]);
  const byId = new Map(users.map((user) => [user.id, { email: user.email, name: user.displayName }]));
  const person = (id: string) => byId.get(id) ?? { email: `${id}@users.invalid` };
  return {
    meetings: rows.map((row) => ({
      id: row.id,
      group: { id: row.group_id, name: row.group_name },
      title: row.title,
      description: row.description,
      location: row.location,
      startsAt: row.starts_at.toISOString(),
      durationMinutes: row.duration_minutes,
      timeZone: row.time_zone,
      recurrence: row.recurrence,
      seriesEndsAt: row.series_ends_at?.toISOString() ?? null,
      reminders: row.reminders ?? SYSTEM_DEFAULT_REMINDERS,
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
      organizer: person(row.organizer_id),
      attendees: (series.get(row.id) ?? []).map((answer) => ({
        ...person(answer.userId),
        status: answer.status,
      })),
      declinedOccurrences: (overrides.get(row.id) ?? [])
        .filter((answer) => answer.userId === input.userId && answer.status === 'declined')
        .map((answer) => answer.occurrenceStart.toISOString()),
    })),
  };
}
