import type { Kysely } from 'kysely';

// The W3C trace context of the request that wrote the row: the relay sends it as a message attribute,
// so the consumer's spans join the request's trace however late the message goes out.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('outbox').addColumn('traceparent', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('outbox').dropColumn('traceparent').execute();
}
