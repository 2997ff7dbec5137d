import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // GiST over (owner_id, span) needs btree_gist for the uuid equality part.
  await sql`create extension if not exists btree_gist`.execute(db);
  await db.schema
    .createTable('calendar_events')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('owner_id', 'uuid', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('description', 'text')
    .addColumn('starts_at', 'timestamptz', (col) => col.notNull())
    .addColumn('duration_minutes', 'integer', (col) => col.notNull().check(sql`duration_minutes > 0`))
    .addColumn('time_zone', 'text', (col) => col.notNull())
    .addColumn('all_day', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('recurrence', 'text')
    // End of the last occurrence: ends_at for a single event, null for an unbounded series.
    .addColumn('series_ends_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  // Every instant any occurrence of the event can touch. Views ask "owner = ? and span && [from, to)",
  // answered from the GiST index whatever the table size; unbounded series reach to infinity.
  await sql`alter table calendar_events add column span tstzrange not null
    generated always as (tstzrange(starts_at, coalesce(series_ends_at, 'infinity'::timestamptz), '[)')) stored`.execute(
    db,
  );
  await sql`create index calendar_events_owner_span_idx on calendar_events using gist (owner_id, span)`.execute(
    db,
  );
  // Retention cleanup: events whose last occurrence ended long ago.
  await sql`create index calendar_events_series_ends_idx on calendar_events (series_ends_at) where series_ends_at is not null`.execute(
    db,
  );

  // One row per (event, reminder offset) holding the NEXT occurrence to remind of. This table is the
  // scheduler's outbox: it claims due rows, sends, then advances them to the following occurrence.
  await db.schema
    .createTable('calendar_reminders')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('event_id', 'uuid', (col) =>
      col.notNull().references('calendar_events.id').onDelete('cascade'),
    )
    .addColumn('minutes_before', 'integer', (col) =>
      col.notNull().check(sql`minutes_before between 0 and 40320`),
    )
    .addColumn('occurrence_start', 'timestamptz')
    // null once the series has no further occurrence to remind of.
    .addColumn('due_at', 'timestamptz')
    .addColumn('sent_count', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('skipped_count', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('last_outcome', 'text', (col) => col.check(sql`last_outcome in ('sent', 'skipped')`))
    .addColumn('last_occurrence_start', 'timestamptz')
    .addColumn('last_processed_at', 'timestamptz')
    .addUniqueConstraint('calendar_reminders_event_offset_key', ['event_id', 'minutes_before'])
    .execute();
  await sql`create index calendar_reminders_due_idx on calendar_reminders (due_at) where due_at is not null`.execute(
    db,
  );

  // The ICS feed token: only its SHA-256 is stored, so a database leak does not leak feed access.
  await db.schema
    .createTable('calendar_feed_tokens')
    .addColumn('user_id', 'uuid', (col) => col.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (col) => col.notNull().unique())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('calendar_feed_tokens').execute();
  await db.schema.dropTable('calendar_reminders').execute();
  await db.schema.dropTable('calendar_events').execute();
}
