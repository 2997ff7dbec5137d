import { type Kysely, sql } from 'kysely';

// Hold hoarding: besides the per-client cap, pending holds are capped per client network (an IPv4
// address or an IPv6 /64) and per hotel. The network a hold came from is kept on the booking; partial
// indexes keep both counts cheap (only holds awaiting payment are indexed).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('bookings').addColumn('client_network', 'text').execute();
  await sql`create index bookings_pending_by_network on bookings (client_network, expires_at) where status = 'pending_payment'`.execute(
    db,
  );
  await sql`create index bookings_pending_by_hotel on bookings (hotel_id, expires_at) where status = 'pending_payment'`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists bookings_pending_by_hotel`.execute(db);
  await sql`drop index if exists bookings_pending_by_network`.execute(db);
  await db.schema.alterTable('bookings').dropColumn('client_network').execute();
}
