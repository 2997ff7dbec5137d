import { type Kysely, sql } from 'kysely';

// Outbox rows that SQS keeps refusing (an unknown queue, an oversized body) are set aside after a number
// of attempts instead of being retried forever or holding back the rows behind them.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('outbox')
    .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('set_aside_at', 'timestamptz')
    .execute();
  await sql`create index outbox_pending_idx on outbox (id) where set_aside_at is null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index outbox_pending_idx`.execute(db);
  await db.schema
    .alterTable('outbox')
    .dropColumn('attempts')
    .dropColumn('last_error')
    .dropColumn('set_aside_at')
    .execute();
}
