import { type Kysely, sql } from 'kysely';

/**
 * Totals and refunds are sums of nightly prices: up to 100,000,000 minor units a night for up to
 * MAX_STAY_NIGHTS nights does not fit an `integer` (2^31 − 1). Nightly prices stay `integer` (capped at
 * 100,000,000 by the API); every amount that is a sum becomes `bigint`. pg returns int8 as a string:
 * the repositories turn it into a number, exact up to 2^53.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table bookings
      alter column total_amount type bigint,
      alter column refund_amount type bigint
  `.execute(db);
  await sql`
    alter table payments
      alter column amount type bigint,
      alter column refund_due_amount type bigint
  `.execute(db);
  await sql`alter table provider_payments alter column amount type bigint`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table provider_payments alter column amount type integer`.execute(db);
  await sql`
    alter table payments
      alter column amount type integer,
      alter column refund_due_amount type integer
  `.execute(db);
  await sql`
    alter table bookings
      alter column total_amount type integer,
      alter column refund_amount type integer
  `.execute(db);
}
