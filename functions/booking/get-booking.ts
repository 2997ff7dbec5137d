import { ownedBy } from '#platform/auth/access';
import type { AuthUser } from '#platform/auth/tokens';
import { findBooking } from './adapters/bookings.repository.js';
import { findPaymentOfBooking, toPaymentView } from './adapters/payments.repository.js';
import type { BookingDbDeps } from './deps.js';
import { toBookingView } from './domain/booking.js';
import { BookingNotFoundError } from './domain/errors.js';

/** One of the caller's bookings with its payment; anyone else's booking is a 404. */
export async function getBooking({ db }: BookingDbDeps, user: AuthUser, bookingId: string) {
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
