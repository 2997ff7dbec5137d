import { type Kysely, sql } from 'kysely';

/**
 * The payment simulator honours the merchant's Idempotency-Key like a real provider: one payment per
 * key, decided by a unique index (INSERT … ON CONFLICT), so concurrent retries cannot create two.
 * Payments made before have no key.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('provider_payments').addColumn('idempotency_key', 'text').execute();
  await sql`create unique index provider_payments_idempotency_key_idx on provider_payments (idempotency_key)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index provider_payments_idempotency_key_idx`.execute(db);
  await db.schema.alterTable('provider_payments').dropColumn('idempotency_key').execute();
}
