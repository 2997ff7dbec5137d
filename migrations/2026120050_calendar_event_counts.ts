import { type Kysely, sql } from 'kysely';

// How many events each owner holds, for the per-user quota (issue 14): a create increments its owner's
// row and reads the result in one statement, instead of counting up to 10,001 of the owner's events
// under an advisory lock. Kept by the calendar's repository (functions/calendar/adapters/
// events.repository.ts): the create's upsert, and every delete of events decrements in the same
// statement. The row goes with its user (cascade), as the events do.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('calendar_event_counts')
    .addColumn('owner_id', 'uuid', (col) => col.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('events', 'integer', (col) => col.notNull())
    .execute();
  await sql`insert into calendar_event_counts (owner_id, events)
    select owner_id, count(*)::integer from calendar_events group by owner_id`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('calendar_event_counts').execute();
}
