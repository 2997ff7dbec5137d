import { type Kysely, sql } from 'kysely';

// The anti-hoarding caps on pending holds (per client network, per hotel) are counted in stripes, each
// under its own lock (functions/booking/adapters/hold-caps.ts): holds in one hotel no longer wait for
// each other's count and commit behind a single lock (issue 14). A hold records the stripe it counts in;
// the partial indexes answer one stripe's count.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('bookings')
    .addColumn('network_cap_stripe', 'smallint')
    .addColumn('hotel_cap_stripe', 'smallint')
    .execute();
  await sql`drop index if exists bookings_pending_by_network`.execute(db);
  await sql`drop index if exists bookings_pending_by_hotel`.execute(db);
  await sql`create index bookings_pending_by_network_stripe on bookings (client_network, network_cap_stripe, expires_at) where status = 'pending_payment'`.execute(
    db,
  );
  await sql`create index bookings_pending_by_hotel_stripe on bookings (hotel_id, hotel_cap_stripe, expires_at) where status = 'pending_payment'`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists bookings_pending_by_hotel_stripe`.execute(db);
  await sql`drop index if exists bookings_pending_by_network_stripe`.execute(db);
  await sql`create index bookings_pending_by_network on bookings (client_network, expires_at) where status = 'pending_payment'`.execute(
    db,
  );
  await sql`create index bookings_pending_by_hotel on bookings (hotel_id, expires_at) where status = 'pending_payment'`.execute(
    db,
  );
  await db.schema
    .alterTable('bookings')
    .dropColumn('hotel_cap_stripe')
    .dropColumn('network_cap_stripe')
    .execute();
}
