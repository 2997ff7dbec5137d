import { sql, type Transaction } from 'kysely';
import type { DB } from '#platform/db/schema';
import type { Executor } from './groups.repository.js';

export interface ReminderSchedule {
  minutesBefore: number;
  /** Only this attendee (their personal default); null/absent: every attendee who has not declined. */
  recipientId?: string | null;
  occurrenceStart: Date | null;
  dueAt: Date | null;
}

/** Replaces the meeting's reminder rows (on create, on a change of time or reminders, and [] on cancel). */
export async function replaceReminders(
  trx: Executor,
  meetingId: string,
  schedules: ReminderSchedule[],
): Promise<void> {
  await trx.deleteFrom('meeting_reminders').where('meeting_id', '=', meetingId).execute();
  if (schedules.length === 0) return;
  await trx
    .insertInto('meeting_reminders')
    .values(
      schedules.map((s) => ({
        meeting_id: meetingId,
        minutes_before: s.minutesBefore,
        recipient_id: s.recipientId ?? null,
        occurrence_start: s.occurrenceStart,
        due_at: s.dueAt,
      })),
    )
    .execute();
}

export interface ClaimedReminder {
  id: string;
  meetingId: string;
  groupId: string;
  title: string;
  location: string | null;
  startsAt: Date;
  durationMinutes: number;
  timeZone: string;
  recurrence: string | null;
  seriesEndsAt: Date | null;
  minutesBefore: number;
  recipientId: string | null;
  occurrenceStart: Date;
  dueAt: Date;
}

/** Locks up to `limit` due reminders (SKIP LOCKED: concurrent schedulers take disjoint rows). */
export async function claimDueReminders(
  trx: Transaction<DB>,
  now: Date,
  limit: number,
): Promise<ClaimedReminder[]> {
  const rows = await trx
    .selectFrom('meeting_reminders as r')
    .innerJoin('meetings as mt', 'mt.id', 'r.meeting_id')
    .select([
      'r.id',
      'r.meeting_id',
      'r.minutes_before',
      'r.recipient_id',
      'r.occurrence_start',
      'r.due_at',
      'mt.group_id',
      'mt.title',
      'mt.location',
      'mt.starts_at',
      'mt.duration_minutes',
      'mt.time_zone',
      'mt.recurrence',
      'mt.series_ends_at',
    ])
    .where('r.due_at', 'is not', null)
    .where('r.due_at', '<=', now)
    .orderBy('r.due_at')
    .limit(limit)
    .forUpdate('r')
    .skipLocked()
    .execute();
  return rows.map((row) => ({
    id: row.id,
    meetingId: row.meeting_id,
    groupId: row.group_id,
    title: row.title,
    location: row.location,
    startsAt: row.starts_at,
    durationMinutes: row.duration_minutes,
    timeZone: row.time_zone,
    recurrence: row.recurrence,
    seriesEndsAt: row.series_ends_at,
    minutesBefore: row.minutes_before,
    recipientId: row.recipient_id,
    occurrenceStart: row.occurrence_start as Date,
    dueAt: row.due_at as Date,
  }));
}

/** Attendees who have not declined this occurrence (their occurrence answer, else their series answer). */
export async function reminderRecipients(
  trx: Executor,
  meetingId: string,
  occurrence: Date,
  onlyUserId: string | null = null,
): Promise<string[]> {
  let query = trx
    .selectFrom('meeting_attendees as a')
    .leftJoin('meeting_occurrence_rsvps as o', (join) =>
      join
        .onRef('o.meeting_id', '=', 'a.meeting_id')
        .onRef('o.user_id', '=', 'a.user_id')
        .on('o.occurrence_start', '=', occurrence),
    )
    .select('a.user_id')
    .where('a.meeting_id', '=', meetingId)
    .where(sql<boolean>`coalesce(o.status, a.status) <> 'declined'`)
    .orderBy('a.user_id');
  if (onlyUserId) query = query.where('a.user_id', '=', onlyUserId);
  const rows = await query.execute();
  return rows.map((row) => row.user_id);
}

export async function advanceReminder(
  trx: Executor,
  id: string,
  processed: Date,
  next: { occurrenceStart: Date | null; dueAt: Date | null },
  sent: boolean,
): Promise<void> {
  await trx
    .updateTable('meeting_reminders')
    .set({
      last_occurrence_start: processed,
      occurrence_start: next.occurrenceStart,
      due_at: next.dueAt,
      sent_count: sql`sent_count + ${sent ? 1 : 0}`,
    })
    .where('id', '=', id)
    .execute();
}
