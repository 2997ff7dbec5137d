import type { Kysely } from 'kysely';

// The relay claims rows with a short lease instead of holding a transaction open while it talks to
// SQS: claim (commit), send, then delete or record in a second short transaction.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('outbox').addColumn('claimed_until', 'timestamptz').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('outbox').dropColumn('claimed_until').execute();
}
