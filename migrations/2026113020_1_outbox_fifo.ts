import { type Kysely, sql } from 'kysely';

// Outbox rows bound for an SQS FIFO queue carry their MessageGroupId and MessageDeduplicationId, so the
// relay can send them (and keep each group's rows in order). Both stay null for standard queues.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('outbox')
    .addColumn('message_group_id', 'text')
    .addColumn('message_deduplication_id', 'text')
    .execute();
  // The relay's "is an earlier row of this group still pending?" check.
  await sql`create index outbox_fifo_group_idx on outbox (queue, message_group_id, id)
            where message_group_id is not null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index outbox_fifo_group_idx`.execute(db);
  await db.schema
    .alterTable('outbox')
    .dropColumn('message_group_id')
    .dropColumn('message_deduplication_id')
    .execute();
}
