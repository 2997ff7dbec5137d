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

/** Deletes the event and takes it off its owner's count, in one statement. */
export async function deleteEvent(db: Executor, id: string): Promise<void> {
  await db
    .with('gone', (q) => q.deleteFrom('calendar_events').where('id', '=', id).returning('owner_id'))
    .updateTable('calendar_event_counts')
    .set((eb) => ({ events: sql<number>`greatest(${eb.ref('events')} - 1, 0)` }))
    .where('owner_id', 'in', (eb) => eb.selectFrom('gone').select('owner_id'))
    .execute();
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
  // The deleted events come off their owners' counts in the same statement.
  const rows = await db
    .with('gone', (q) =>
      q
        .deleteFrom('calendar_events')
        .where('id', 'in', (sub) =>
          sub
            .selectFrom('calendar_events')
            .select('id')
            .where('series_ends_at', '<', cutoff)
            .limit(batchSize),
        )
        .returning('owner_id'),
    )
    .with('per_owner', (q) =>
      q
        .selectFrom('gone')
        .select((eb) => ['owner_id', eb.fn.countAll<number>().as('deleted')])
        .groupBy('owner_id'),
    )
    .with('counted', (q) =>
      q
        .updateTable('calendar_event_counts')
        .from('per_owner')
        .set((eb) => ({
          events: sql<number>`greatest(${eb.ref('events')} - ${eb.ref('per_owner.deleted')}, 0)`,
        }))
        .whereRef('calendar_event_counts.owner_id', '=', 'per_owner.owner_id'),
    )
    .selectFrom('per_owner')
    .select((eb) => eb.fn.sum<string>('deleted').as('deleted'))
    .execute();
  return Number(rows[0]?.deleted ?? 0);
}

/** The user's own IANA zone from their profile (the default for views and new events). */
export async function findUserTimeZone(db: Executor, userId: string): Promise<string | undefined> {
  const row = await db.selectFrom('users').select('time_zone').where('id', '=', userId).executeTakeFirst();
  return row?.time_zone;
}

/**
 * Counts a new event of the owner's and returns how many they now hold, this one included: one upsert
 * of the owner's row in `calendar_event_counts`. The row stays locked until the transaction ends, so
 * concurrent creates by one owner take turns and each sees the others' committed increments (a quota
 * cannot be overshot); rolling the transaction back takes the increment back with it.
 */
export async function countNewEvent(trx: Executor, ownerId: string): Promise<number> {
  const row = await trx
    .insertInto('calendar_event_counts')
    .values({ owner_id: ownerId, events: 1 })
    .onConflict((oc) =>
      oc.column('owner_id').doUpdateSet((eb) => ({ events: eb('calendar_event_counts.events', '+', 1) })),
    )
    .returning('events')
    .executeTakeFirstOrThrow();
  return row.events;
}
