import { type ExpressionBuilder, type Selectable, sql } from 'kysely';
import type { DB, Meetings } from '#platform/db/schema';
import type { GroupRole } from '../domain/roles.js';
import type { Answer, OccurrenceAnswer, RsvpStatus, SeriesAnswer } from '../domain/rsvp.js';
import type { Executor } from './groups.repository.js';

export interface Meeting {
  id: string;
  groupId: string;
  organizerId: string;
  title: string;
  description: string | null;
  location: string | null;
  startsAt: Date;
  durationMinutes: number;
  timeZone: string;
  recurrence: string | null;
  seriesEndsAt: Date | null;
  /** Minutes before each occurrence; null = each attendee's own default (PATCH /me). */
  reminders: number[] | null;
  version: number;
  cancelledAt: Date | null;
}

const toMeeting = (row: Selectable<Meetings>): Meeting => ({
  id: row.id,
  groupId: row.group_id,
  organizerId: row.organizer_id,
  title: row.title,
  description: row.description,
  location: row.location,
  startsAt: row.starts_at,
  durationMinutes: row.duration_minutes,
  timeZone: row.time_zone,
  recurrence: row.recurrence,
  seriesEndsAt: row.series_ends_at,
  reminders: row.reminders ? [...row.reminders].sort((a, b) => a - b) : null,
  version: row.version,
  cancelledAt: row.cancelled_at,
});

export type MeetingFields = Omit<Meeting, 'id' | 'version' | 'cancelledAt'>;

const columns = (fields: Partial<MeetingFields>) => ({
  group_id: fields.groupId,
  organizer_id: fields.organizerId,
  title: fields.title,
  description: fields.description,
  location: fields.location,
  starts_at: fields.startsAt,
  duration_minutes: fields.durationMinutes,
  time_zone: fields.timeZone,
  recurrence: fields.recurrence,
  series_ends_at: fields.seriesEndsAt,
  reminders: fields.reminders,
});

export async function insertMeeting(trx: Executor, fields: MeetingFields): Promise<Meeting> {
  const row = await trx
    .insertInto('meetings')
    .values({
      ...columns(fields),
      group_id: fields.groupId,
      organizer_id: fields.organizerId,
      title: fields.title,
      starts_at: fields.startsAt,
      duration_minutes: fields.durationMinutes,
      time_zone: fields.timeZone,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toMeeting(row);
}

/** The meeting and the caller's role in its group, or undefined if the caller is not a member. */
export async function findMeetingForMember(
  db: Executor,
  meetingId: string,
  userId: string,
  options: { lock?: boolean } = {},
): Promise<{ meeting: Meeting; role: GroupRole } | undefined> {
  let query = db
    .selectFrom('meetings as mt')
    .innerJoin('meeting_group_members as m', (join) =>
      join.onRef('m.group_id', '=', 'mt.group_id').on('m.user_id', '=', userId),
    )
    .selectAll('mt')
    .select('m.role')
    .where('mt.id', '=', meetingId);
  if (options.lock) query = query.forUpdate('mt');
  const row = await query.executeTakeFirst();
  if (!row) return undefined;
  const { role, ...meeting } = row;
  return { meeting: toMeeting(meeting), role: role as GroupRole };
}

/** Applies the changes if the version still matches (when one is given); undefined if it did not. */
export async function updateMeeting(
  trx: Executor,
  id: string,
  changes: Partial<MeetingFields>,
  expectedVersion?: number,
): Promise<Meeting | undefined> {
  let query = trx
    .updateTable('meetings')
    .set({ ...columns(changes), version: sql`version + 1`, updated_at: new Date() })
    .where('id', '=', id);
  if (expectedVersion !== undefined) query = query.where('version', '=', expectedVersion);
  const row = await query.returningAll().executeTakeFirst();
  return row && toMeeting(row);
}

export async function markCancelled(trx: Executor, id: string, at: Date): Promise<Meeting> {
  const row = await trx
    .updateTable('meetings')
    .set({ cancelled_at: at, version: sql`version + 1`, updated_at: at })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toMeeting(row);
}

export async function insertAttendees(
  trx: Executor,
  meetingId: string,
  attendees: Array<{ userId: string; status: RsvpStatus }>,
): Promise<void> {
  if (attendees.length === 0) return;
  await trx
    .insertInto('meeting_attendees')
    .values(attendees.map((a) => ({ meeting_id: meetingId, user_id: a.userId, status: a.status })))
    .onConflict((conflict) => conflict.columns(['meeting_id', 'user_id']).doNothing())
    .execute();
}

export async function listSeriesAnswers(
  db: Executor,
  meetingIds: string[],
): Promise<Map<string, SeriesAnswer[]>> {
  const byMeeting = new Map<string, SeriesAnswer[]>(meetingIds.map((id) => [id, []]));
  if (meetingIds.length === 0) return byMeeting;
  const rows = await db
    .selectFrom('meeting_attendees')
    .select(['meeting_id', 'user_id', 'status', 'comment'])
    .where('meeting_id', 'in', meetingIds)
    .orderBy('user_id')
    .execute();
  for (const row of rows) {
    byMeeting
      .get(row.meeting_id)
      ?.push({ userId: row.user_id, status: row.status as RsvpStatus, comment: row.comment });
  }
  return byMeeting;
}

export async function listOccurrenceAnswers(
  db: Executor,
  meetingIds: string[],
): Promise<Map<string, OccurrenceAnswer[]>> {
  const byMeeting = new Map<string, OccurrenceAnswer[]>(meetingIds.map((id) => [id, []]));
  if (meetingIds.length === 0) return byMeeting;
  const rows = await db
    .selectFrom('meeting_occurrence_rsvps')
    .select(['meeting_id', 'user_id', 'occurrence_start', 'status', 'comment'])
    .where('meeting_id', 'in', meetingIds)
    .execute();
  for (const row of rows) {
    byMeeting.get(row.meeting_id)?.push({
      userId: row.user_id,
      occurrenceStart: row.occurrence_start,
      status: row.status as Answer,
      comment: row.comment,
    });
  }
  return byMeeting;
}

export async function isAttendee(db: Executor, meetingId: string, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom('meeting_attendees')
    .select('user_id')
    .where('meeting_id', '=', meetingId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * The attendee's answer for the whole series; true when it changed anything (a different status or
 * comment, or per-occurrence answers it replaces). The same answer again writes nothing.
 */
export async function answerSeries(
  trx: Executor,
  input: { meetingId: string; userId: string; status: Answer; comment: string | null; at: Date },
): Promise<boolean> {
  const updated = await trx
    .updateTable('meeting_attendees')
    .set({ status: input.status, comment: input.comment, responded_at: input.at })
    .where('meeting_id', '=', input.meetingId)
    .where('user_id', '=', input.userId)
    .where(sql<boolean>`(status, comment) is distinct from (${input.status}::text, ${input.comment}::text)`)
    .executeTakeFirst();
  // A new answer for the series replaces the earlier per-occurrence ones.
  const replaced = await trx
    .deleteFrom('meeting_occurrence_rsvps')
    .where('meeting_id', '=', input.meetingId)
    .where('user_id', '=', input.userId)
    .executeTakeFirst();
  return updated.numUpdatedRows > 0n || replaced.numDeletedRows > 0n;
}

/** The attendee's answer for one occurrence; true when it changed (the same answer again writes nothing). */
export async function answerOccurrence(
  trx: Executor,
  input: {
    meetingId: string;
    userId: string;
    occurrence: Date;
    status: Answer;
    comment: string | null;
    at: Date;
  },
): Promise<boolean> {
  const written = await trx
    .insertInto('meeting_occurrence_rsvps')
    .values({
      meeting_id: input.meetingId,
      user_id: input.userId,
      occurrence_start: input.occurrence,
      status: input.status,
      comment: input.comment,
      responded_at: input.at,
    })
    .onConflict((conflict) =>
      conflict
        .columns(['meeting_id', 'user_id', 'occurrence_start'])
        .doUpdateSet({ status: input.status, comment: input.comment, responded_at: input.at })
        .where(
          sql<boolean>`(meeting_occurrence_rsvps.status, meeting_occurrence_rsvps.comment) is distinct from (excluded.status, excluded.comment)`,
        ),
    )
    .executeTakeFirst();
  return (written.numInsertedOrUpdatedRows ?? 0n) > 0n;
}

/** A change of time: every answer starts over (the organizer keeps accepting). */
export async function resetAnswers(trx: Executor, meetingId: string, organizerId: string): Promise<void> {
  await trx.deleteFrom('meeting_occurrence_rsvps').where('meeting_id', '=', meetingId).execute();
  await trx
    .updateTable('meeting_attendees')
    .set({ status: 'needs_action', comment: null, responded_at: null })
    .where('meeting_id', '=', meetingId)
    .where('user_id', '!=', organizerId)
    .execute();
}

export async function removeFromGroupMeetings(trx: Executor, groupId: string, userId: string): Promise<void> {
  const ofGroup = (eb: ExpressionBuilder<DB, 'meeting_reminders' | 'meeting_attendees'>) =>
    eb.selectFrom('meetings').select('id').where('group_id', '=', groupId);
  await trx
    .deleteFrom('meeting_reminders')
    .where('recipient_id', '=', userId)
    .where('meeting_id', 'in', ofGroup)
    .execute();
  await trx
    .deleteFrom('meeting_attendees')
    .where('user_id', '=', userId)
    .where('meeting_id', 'in', (eb) => eb.selectFrom('meetings').select('id').where('group_id', '=', groupId))
    .execute();
}

const overlapping = (from: Date, to: Date) =>
  sql<boolean>`mt.starts_at < ${to} and (mt.series_ends_at is null or mt.series_ends_at > ${from})`;

/** The group's live meetings with an occurrence that may overlap [from, to). */
export async function listGroupMeetingsBetween(
  db: Executor,
  groupId: string,
  from: Date,
  to: Date,
): Promise<Meeting[]> {
  const rows = await db
    .selectFrom('meetings as mt')
    .selectAll('mt')
    .where('mt.group_id', '=', groupId)
    .where('mt.cancelled_at', 'is', null)
    .where(overlapping(from, to))
    .orderBy('mt.starts_at')
    .execute();
  return rows.map(toMeeting);
}

/** Live meetings the users attend (any group) that may overlap [from, to), with each user's id. */
export async function listAttendedMeetingsBetween(
  db: Executor,
  userIds: string[],
  from: Date,
  to: Date,
): Promise<Array<{ meeting: Meeting; userId: string }>> {
  if (userIds.length === 0) return [];
  const rows = await db
    .selectFrom('meetings as mt')
    .innerJoin('meeting_attendees as a', 'a.meeting_id', 'mt.id')
    .selectAll('mt')
    .select('a.user_id as attendee_id')
    .where('a.user_id', 'in', userIds)
    .where('mt.cancelled_at', 'is', null)
    .where(overlapping(from, to))
    .execute();
  return rows.map(({ attendee_id, ...row }) => ({ meeting: toMeeting(row), userId: attendee_id }));
}

/** The group's live meetings that still have an occurrence after `now`. */
export async function listUpcomingGroupMeetings(
  trx: Executor,
  groupId: string,
  now: Date,
): Promise<Meeting[]> {
  const rows = await trx
    .selectFrom('meetings as mt')
    .selectAll('mt')
    .where('mt.group_id', '=', groupId)
    .where('mt.cancelled_at', 'is', null)
    .where((eb) => eb.or([eb('mt.series_ends_at', 'is', null), eb('mt.series_ends_at', '>', now)]))
    .execute();
  return rows.map(toMeeting);
}

export async function attendeeIds(db: Executor, meetingId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('meeting_attendees')
    .select('user_id')
    .where('meeting_id', '=', meetingId)
    .orderBy('user_id')
    .execute();
  return rows.map((row) => row.user_id);
}
