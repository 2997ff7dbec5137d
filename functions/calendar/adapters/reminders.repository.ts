import { sql } from 'kysely';
import type { DueReminder, ReminderSchedule } from '../domain/reminders.js';
import type { Executor } from './events.repository.js';

export interface ClaimedReminder extends DueReminder {
  id: string;
  startsAt: Date;
  recurrence: string | null;
  seriesEndsAt: Date | null;
}

/**
 * Locks up to `limit` reminders due at `now`, oldest first. SKIP LOCKED makes concurrent schedulers
 * take disjoint rows; the partial index on due_at keeps this an index scan however big the table is.
 * Must run inside the transaction that later marks the rows processed.
 */
export async function claimDueReminders(trx: Executor, now: Date, limit: number): Promise<ClaimedReminder[]> {
  const rows = await trx
    .selectFrom('calendar_reminders as r')
    .innerJoin('calendar_events as e', 'e.id', 'r.event_id')
    .select([
      'r.id',
      'r.event_id',
      'r.minutes_before',
      'r.occurrence_start',
      'r.due_at',
      'e.owner_id',
      'e.title',
      'e.time_zone',
      'e.duration_minutes',
      'e.all_day',
      'e.starts_at',
      'e.recurrence',
      'e.series_ends_at',
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
    eventId: row.event_id,
    ownerId: row.owner_id,
    title: row.title,
    timeZone: row.time_zone,
    durationMinutes: row.duration_minutes,
    allDay: row.all_day,
    minutesBefore: row.minutes_before,
    occurrenceStart: row.occurrence_start as Date,
    dueAt: row.due_at as Date,
    startsAt: row.starts_at,
    recurrence: row.recurrence,
    seriesEndsAt: row.series_ends_at,
  }));
}

export interface ProcessedReminder {
  id: string;
  outcome: 'sent' | 'skipped';
  processedOccurrence: Date;
  nextOccurrence: Date | null;
  nextDueAt: Date | null;
}

/** Records what happened to each claimed reminder and moves it to its next occurrence, in one statement. */
export async function markProcessed(trx: Executor, rows: ProcessedReminder[], now: Date): Promise<void> {
  if (rows.length === 0) return;
  const values = sql.join(
    rows.map(
      (row) =>
        sql`(${row.id}::uuid, ${row.outcome}::text, ${row.processedOccurrence}::timestamptz, ${row.nextOccurrence}::timestamptz, ${row.nextDueAt}::timestamptz)`,
    ),
  );
  await sql`
    update calendar_reminders as r set
      sent_count = r.sent_count + (v.outcome = 'sent')::int,
      skipped_count = r.skipped_count + (v.outcome = 'skipped')::int,
      last_outcome = v.outcome,
      last_occurrence_start = v.processed,
      last_processed_at = ${now}::timestamptz,
      occurrence_start = v.next_occurrence,
      due_at = v.next_due
    from (values ${values}) as v(id, outcome, processed, next_occurrence, next_due)
    where r.id = v.id`.execute(trx);
}

/** Replaces the event's reminders with fresh schedules (counters restart: it is a new plan). */
export async function replaceReminders(
  db: Executor,
  eventId: string,
  reminders: Array<{ minutesBefore: number } & ReminderSchedule>,
): Promise<void> {
  await db.deleteFrom('calendar_reminders').where('event_id', '=', eventId).execute();
  await insertReminders(db, eventId, reminders);
}

/** The reminders of an event that has none yet (one that was just inserted). */
export async function insertReminders(
  db: Executor,
  eventId: string,
  reminders: Array<{ minutesBefore: number } & ReminderSchedule>,
): Promise<void> {
  if (reminders.length === 0) return;
  await db
    .insertInto('calendar_reminders')
    .values(
      reminders.map((reminder) => ({
        event_id: eventId,
        minutes_before: reminder.minutesBefore,
        occurrence_start: reminder.occurrenceStart,
        due_at: reminder.dueAt,
      })),
    )
    .execute();
}
