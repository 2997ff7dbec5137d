import { type ExpressionBuilder, sql } from 'kysely';
import type { DB } from '#platform/db/schema';
import { OCCUPYING } from '../domain/booking.js';
import type { Stay } from '../domain/stay.js';

/**
 * "No occupying booking of this room overlaps the stay": the same rule the exclusion constraint enforces
 * (OCCUPYING bookings, half-open date ranges), for queries over `rooms`.
 */
export function roomFreeDuring(stay: Stay) {
  return ({ not, exists, selectFrom }: ExpressionBuilder<DB, 'rooms'>) =>
    not(
      exists(
        selectFrom('bookings')
          .select(sql`1`.as('one'))
          .whereRef('bookings.room_id', '=', 'rooms.id')
          .where('bookings.status', 'in', OCCUPYING)
          .where(
            sql<boolean>`daterange(bookings.check_in, bookings.check_out, '[)') && daterange(${stay.checkIn}::date, ${stay.checkOut}::date, '[)')`,
          ),
      ),
    );
}
