import { type Kysely, sql } from 'kysely';

/**
 * A booking keeps the cancellation terms it was made under: the hotel's free-cancellation hours, its
 * late-cancellation refund percentage and the check-in instant (check-in time on the check-in date in
 * the hotel's zone). Changing the hotel afterwards no longer changes what existing bookings refund.
 * Existing bookings take the hotel's current terms, the best record there is of what they were sold with.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('bookings')
    .addColumn('free_cancellation_hours', 'integer')
    .addColumn('late_cancellation_refund_percent', 'integer')
    .addColumn('check_in_at', 'timestamptz')
    .execute();
  await sql`
    update bookings b
       set free_cancellation_hours = h.free_cancellation_hours,
           late_cancellation_refund_percent = h.late_cancellation_refund_percent,
           check_in_at = (b.check_in + h.check_in_time::time) at time zone h.time_zone
      from hotels h
     where h.id = b.hotel_id
  `.execute(db);
  await sql`
    alter table bookings
      alter column free_cancellation_hours set not null,
      alter column late_cancellation_refund_percent set not null,
      alter column check_in_at set not null,
      add constraint bookings_free_cancellation_hours_check check (free_cancellation_hours >= 0),
      add constraint bookings_late_refund_percent_check
        check (late_cancellation_refund_percent between 0 and 100)
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('bookings')
    .dropColumn('free_cancellation_hours')
    .dropColumn('late_cancellation_refund_percent')
    .dropColumn('check_in_at')
    .execute();
}
