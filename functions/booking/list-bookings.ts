import type { AuthUser } from '#platform/auth/tokens';
import { findClientBookings } from './adapters/bookings.repository.js';
import type { BookingDbDeps } from './deps.js';
import { type BookingStatus, toBookingView } from './domain/booking.js';

/** The caller's own bookings, newest first (a hotelier has none: hoteliers cannot book). */
export async function listBookings(
  { db }: BookingDbDeps,
  user: AuthUser,
  query: { status?: BookingStatus; limit: number },
) {
  return { items: (await findClientBookings(db, user.id, query)).map(toBookingView) };
}
