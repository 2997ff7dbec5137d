import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { CalendarEvents, DB } from '#platform/db/schema';
import { type CalendarEvent, type EventFields, seriesEnd } from '../domain/event.js';

export type Executor = Kysely<DB> | Transaction<DB>;

type EventRow = Selectable<CalendarEvents> & { reminders: number[] | null };

const toEvent = (row: EventRow): CalendarEvent => ({
  id: row.id,
  ownerId: row.owner_id,
  title: row.title,
  description: row.description,
  startsAt: row.starts_at,
  durationMinutes: row.duration_minutes,
  timeZone: row.time_zone,
  allDay: row.all_day,
  recurrence: row.recurrence,
  reminders: [...(row.reminders ?? [])].sort((a, b) => a - b),
  seriesEndsAt: row.series_ends_at,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

const columns = (fields: EventFields) => ({
  title: fields.title,
  description: fields.description,
  starts_at: fields.startsAt,
  duration_minutes: fields.durationMinutes,
  time_zone: fields.timeZone,
  all_day: fields.allDay,
  recurrence: fields.recurrence,
  series_ends_at: seriesEnd(fields),
});

function selectEvents(db: Executor) {
  return db
    .selectFrom('calendar_events as e')
    .selectAll('e')
    .select((eb) =>
      eb
        .selectFrom('calendar_reminders as r')
        .select(sql<number[]>`coalesce(array_agg(r.minutes_before), '{}')`.as('m'))
        .whereRef('r.event_id', '=', 'e.id')
        .as('reminders'),
    );
}

export async function insertEvent(
  db: Executor,
  ownerId: string,
  fields: EventFields,
): Promise<CalendarEvent> {
  const row = await db
    .insertInto('calendar_events')
    .values({ owner_id: ownerId, ...columns(fields) })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toEvent({ ...row, reminders: fields.reminders });
}

export async function findEvent(
  db: Executor,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<CalendarEvent | undefined> {
  let query = selectEvents(db).where('e.id', '=', id);
  if (options.forUpdate) query = query.forUpdate('e');
  const row = await query.executeTakeFirst();
  return row && toEvent(row as EventRow);
}

export async function updateEvent(db: Executor, id: string, fields: EventFields, now: Date): Promise<void> {
  await db
    .updateTable('calendar_events')
    .set({ ...columns(fields), updated_at: now })
    .where('id', '=', id)
    .execute();
}

export async function deleteEvent(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('calendar_events').where('id', '=', id).execute();
}

/**
 * The owner's events with any occurrence touching [from, to): `span && tstzrange(from, to)` is answered
 * by the GiST index on (span, owner_id), so the cost follows the rows returned, not the table size.
 */
export async function findEventsOverlapping(
  db: Executor,
  ownerId: string,
  from: Date,
  to: Date,
  limit?: number,
): Promise<CalendarEvent[]> {
  let query = selectEvents(db)
    .where('e.owner_id', '=', ownerId)
    .where(sql<boolean>`e.span && tstzrange(${from}::timestamptz, ${to}::timestamptz, '[)')`);
  if (limit !== undefined) query = query.limit(limit);
  const rows = await query.execute();
  return rows.map((row) => toEvent(row as EventRow));
}

/**
 * The owner's events with any occurrence at or after `since` (the GiST index on span answers it), most
 * relevant first: those running at `now` (an ongoing series included), then by the distance between
 * `now` and their span, so a cap keeps the upcoming and the recent, not the oldest.
 */
export async function findFeedEvents(
  db: Executor,
  ownerId: string,
  options: { since: Date; now: Date; limit: number },
): Promise<CalendarEvent[]> {
  const now = sql`extract(epoch from ${options.now}::timestamptz)`;
  const rows = await selectEvents(db)
    .where('e.owner_id', '=', ownerId)
    .where(sql<boolean>`e.span && tstzrange(${options.since}::timestamptz, null, '[)')`)
    .orderBy(
      sql`greatest(extract(epoch from lower(e.span)) - ${now}, ${now} - extract(epoch from upper(e.span)), 0)`,
    )
    .orderBy('e.starts_at')
    .orderBy('e.id')
    .limit(options.limit)
    .execute();
  return rows.map((row) => toEvent(row as EventRow));
}

/** Deletes up to `batchSize` events whose last occurrence ended before `cutoff` (reminders cascade). */
export async function deleteEventsEndedBefore(
  db: Executor,
  cutoff: Date,
  batchSize: number,
): Promise<number> {
  const result = await db
    .deleteFrom('calendar_events')
    .where('id', 'in', (sub) =>
      sub.selectFrom('calendar_events').select('id').where('series_ends_at', '<', cutoff).limit(batchSize),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** The user's own IANA zone from their profile (the default for views and new events). */
export async function findUserTimeZone(db: Executor, userId: string): Promise<string | undefined> {
  const row = await db.selectFrom('users').select('time_zone').where('id', '=', userId).executeTakeFirst();
  return row?.time_zone;
}

/**
 * How many events the owner holds, counted up to `atMost` (enough to compare with a quota). Takes a
 * transaction-scoped advisory lock on the owner first, so concurrent creates cannot overshoot the quota.
 */
export async function countEventsOfOwner(trx: Executor, ownerId: string, atMost: number): Promise<number> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`calendar-quota:${ownerId}`}, 0))`.execute(trx);
  const row = await trx
    .selectFrom((sub) =>
      sub
        .selectFrom('calendar_events')
        .select('id')
        .where('owner_id', '=', ownerId)
        .limit(atMost)
        .as('owned'),
    )
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
