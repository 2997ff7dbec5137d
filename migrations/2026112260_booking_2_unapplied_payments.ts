import { type Kysely, sql } from 'kysely';

/**
 * Money the provider reports as taken that no booking accepted: a success for another amount or
 * currency than the booking's, or for a payment we do not know. All of it is owed back, so it is
 * recorded (with what was received) instead of only being logged.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('unapplied_payments')
    .addColumn('event_id', 'text', (col) => col.primaryKey().references('payment_events.event_id'))
    .addColumn('provider_payment_id', 'text', (col) => col.notNull())
    // Set when the event named one of our bookings (an amount or currency mismatch).
    .addColumn('booking_id', 'uuid', (col) => col.references('bookings.id'))
    .addColumn('reason', 'text', (col) =>
      col.notNull().check(sql`reason in ('amount_mismatch', 'unknown_payment')`),
    )
    .addColumn('amount', 'bigint', (col) => col.notNull())
    .addColumn('currency', 'text', (col) => col.notNull())
    .addColumn('refund_due_amount', 'bigint', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('unapplied_payments').execute();
}
