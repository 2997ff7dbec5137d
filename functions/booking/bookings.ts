import type { Kysely } from 'kysely';
import { ownedBy, requireRole } from '#platform/auth/access';
import type { AuthUser } from '#platform/auth/tokens';
import type { DB } from '#platform/db/schema';
import {
  findBooking,
  findPaymentOfBooking,
  listClientBookings,
  listHotelBookings,
  toPaymentView,
} from './adapters/bookings.repository.js';
import { findHotel } from './adapters/catalogue.repository.js';
import { type BookingStatus, toBookingView } from './domain/booking.js';
import { BookingNotFoundError, HotelNotFoundError, NotHotelOwnerError } from './domain/errors.js';
import type { HotelBookingsInput } from './schemas.js';

type Deps = { db: Kysely<DB> };

/** The caller's own bookings, newest first (a hotelier has none: hoteliers cannot book). */
export async function listMyBookings(
  { db }: Deps,
  user: AuthUser,
  query: { status?: BookingStatus; limit: number },
) {
  return { items: (await listClientBookings(db, user.id, query)).map(toBookingView) };
}

/** One of the caller's bookings with its payment; anyone else's booking is a 404. */
export async function getMyBooking({ db }: Deps, user: AuthUser, bookingId: string) {
  const booking = ownedBy(
    await findBooking(db, bookingId),
    (found) => found.clientId,
    user,
    BookingNotFoundError,
  );
  const payment = await findPaymentOfBooking(db, booking.id);
  if (!payment) throw new BookingNotFoundError();
  return { booking: toBookingView(booking), payment: toPaymentView(payment) };
}

/** Bookings of a hotel the caller owns, stays overlapping [from, to). Someone else's hotel → 403 (hotels are public). */
export async function hotelBookings(
  { db }: Deps,
  user: AuthUser,
  hotelId: string,
  query: HotelBookingsInput,
) {
  requireRole(user, 'hotelier');
  const hotel = await findHotel(db, hotelId);
  if (!hotel) throw new HotelNotFoundError();
  if (hotel.ownerId !== user.id) throw new NotHotelOwnerError();
  return { items: (await listHotelBookings(db, hotelId, query)).map(toBookingView) };
}
