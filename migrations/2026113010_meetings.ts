import { type Kysely, sql } from 'kysely';

/**
 * Meetings and groups. `schedule_version` is bumped in the same transaction as any change to a group's
 * meetings, members or RSVPs: the cached schedule is keyed by it, so a read after a write never sees an
 * old copy. `users.working_hours` (identity's table) holds the hours find-a-time respects (null = 09–18 Mon–Fri).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table users add column working_hours jsonb`.execute(db);

  await db.schema
    .createTable('meeting_groups')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('description', 'text')
    .addColumn('time_zone', 'text', (col) => col.notNull().defaultTo('UTC'))
    .addColumn('schedule_version', 'bigint', (col) => col.notNull().defaultTo(1))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('meeting_group_members')
    .addColumn('group_id', 'uuid', (col) => col.notNull().references('meeting_groups.id').onDelete('cascade'))
    .addColumn('user_id', 'uuid', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('role', 'text', (col) => col.notNull().check(sql`role in ('owner', 'admin', 'member')`))
    .addColumn('joined_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('meeting_group_members_pkey', ['group_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('meeting_group_members_user_idx')
    .on('meeting_group_members')
    .column('user_id')
    .execute();

  // An address without an account: attached when identity announces that address registered.
  await db.schema
    .createTable('meeting_group_invitations')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('group_id', 'uuid', (col) => col.notNull().references('meeting_groups.id').onDelete('cascade'))
    .addColumn('email', 'text', (col) => col.notNull())
    .addColumn('role', 'text', (col) => col.notNull().check(sql`role in ('admin', 'member')`))
    .addColumn('invited_by', 'uuid', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('meeting_group_invitations_group_email_key', ['group_id', 'email'])
    .execute();
  await db.schema
    .createIndex('meeting_group_invitations_email_idx')
    .on('meeting_group_invitations')
    .column('email')
    .execute();

  await db.schema
    .createTable('meetings')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('group_id', 'uuid', (col) => col.notNull().references('meeting_groups.id').onDelete('cascade'))
    .addColumn('organizer_id', 'uuid', (col) => col.notNull())
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('description', 'text')
    .addColumn('location', 'text')
    .addColumn('starts_at', 'timestamptz', (col) => col.notNull())
    .addColumn('duration_minutes', 'integer', (col) =>
      col.notNull().check(sql`duration_minutes between 1 and 1440`),
    )
    .addColumn('time_zone', 'text', (col) => col.notNull())
    .addColumn('recurrence', 'text')
    // End of the last occurrence; null for an unbounded series.
    .addColumn('series_ends_at', 'timestamptz')
    .addColumn('reminders', sql`integer[]`, (col) => col.notNull().defaultTo(sql`'{}'`))
    .addColumn('version', 'integer', (col) => col.notNull().defaultTo(1))
    .addColumn('cancelled_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index meetings_group_span_idx on meetings (group_id, starts_at, series_ends_at) where cancelled_at is null`.execute(
    db,
  );

  // The answer for the whole series; per-occurrence answers override it.
  await db.schema
    .createTable('meeting_attendees')
    .addColumn('meeting_id', 'uuid', (col) => col.notNull().references('meetings.id').onDelete('cascade'))
    .addColumn('user_id', 'uuid', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('status', 'text', (col) =>
      col
        .notNull()
        .defaultTo('needs_action')
        .check(sql`status in ('needs_action', 'accepted', 'declined', 'tentative')`),
    )
    .addColumn('comment', 'text')
    .addColumn('responded_at', 'timestamptz')
    .addPrimaryKeyConstraint('meeting_attendees_pkey', ['meeting_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('meeting_attendees_user_idx')
    .on('meeting_attendees')
    .column('user_id')
    .execute();

  await db.schema
    .createTable('meeting_occurrence_rsvps')
    .addColumn('meeting_id', 'uuid', (col) => col.notNull())
    .addColumn('user_id', 'uuid', (col) => col.notNull())
    .addColumn('occurrence_start', 'timestamptz', (col) => col.notNull())
    .addColumn('status', 'text', (col) =>
      col.notNull().check(sql`status in ('accepted', 'declined', 'tentative')`),
    )
    .addColumn('comment', 'text')
    .addColumn('responded_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('meeting_occurrence_rsvps_pkey', ['meeting_id', 'user_id', 'occurrence_start'])
    .addForeignKeyConstraint(
      'meeting_occurrence_rsvps_attendee_fk',
      ['meeting_id', 'user_id'],
      'meeting_attendees',
      ['meeting_id', 'user_id'],
      (fk) => fk.onDelete('cascade'),
    )
    .execute();

  // One row per (meeting, offset) holding the next occurrence to remind of, like the calendar's.
  await db.schema
    .createTable('meeting_reminders')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('meeting_id', 'uuid', (col) => col.notNull().references('meetings.id').onDelete('cascade'))
    .addColumn('minutes_before', 'integer', (col) =>
      col.notNull().check(sql`minutes_before between 0 and 40320`),
    )
    .addColumn('occurrence_start', 'timestamptz')
    .addColumn('due_at', 'timestamptz')
    .addColumn('sent_count', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('last_occurrence_start', 'timestamptz')
    .addUniqueConstraint('meeting_reminders_meeting_offset_key', ['meeting_id', 'minutes_before'])
    .execute();
  await sql`create index meeting_reminders_due_idx on meeting_reminders (due_at) where due_at is not null`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'meeting_reminders',
    'meeting_occurrence_rsvps',
    'meeting_attendees',
    'meetings',
    'meeting_group_invitations',
    'meeting_group_members',
    'meeting_groups',
  ]) {
    await db.schema.dropTable(table).execute();
  }
  await sql`alter table users drop column working_hours`.execute(db);
}
