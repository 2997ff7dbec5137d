import type { AuthUser } from '#platform/auth/tokens';
import { findHotelBookings } from './adapters/bookings.repository.js';
import type { BookingDbDeps } from './deps.js';
import { toBookingView } from './domain/booking.js';
import { ownHotel } from './ownership.js';
import type { HotelBookingsInput } from './schemas.js';

/** Bookings of a hotel the caller owns, stays overlapping [from, to). Someone else's hotel → 403 (hotels are public). */
export async function listHotelBookings(
  { db }: BookingDbDeps,
  user: AuthUser,
  hotelId: string,
  query: HotelBookingsInput,
) {
  await ownHotel(db, user, hotelId);
  return { items: (await findHotelBookings(db, hotelId, query)).map(toBookingView) };
}
