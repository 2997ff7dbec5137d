import type { Kysely } from 'kysely';
import { ownedBy } from '#platform/auth/access';
import type { AuthUser } from '#platform/auth/tokens';
import type { DB } from '#platform/db/schema';
import { relayQuietly } from '#platform/messaging/outbox';
import { findBooking } from './adapters/bookings.repository.js';
import { findHotel } from './adapters/catalogue.repository.js';
import { findPaymentOfBooking, updatePayment } from './adapters/payments.repository.js';
import { toBookingView } from './domain/booking.js';
import { assertCancellable, refundFor } from './domain/cancellation.js';
import { BookingNotFoundError, HotelNotFoundError } from './domain/errors.js';
import { changeStatus } from './status-change.js';

/**
 * The client cancels a held or confirmed booking (a confirmed one before check-in); the room is freed at once. The refund follows the
 * hotel's policy and is recorded as due on the payment; the response says what is refunded.
 */
export async function cancelBooking(
  { db, now }: { db: Kysely<DB>; now: () => Date },
  user: AuthUser,
  bookingId: string,
) {
  const { result, outboxIds } = await db.transaction().execute(async (trx) => {
    const booking = ownedBy(
      await findBooking(trx, bookingId, { forUpdate: true }),
      (found) => found.clientId,
      user,
      BookingNotFoundError,
    );
    const at = now();
    assertCancellable(booking, at);
    const hotel = await findHotel(trx, booking.hotelId);
    if (!hotel) throw new HotelNotFoundError();
    const refund = refundFor(booking, at);
    const payment = await findPaymentOfBooking(trx, booking.id, { forUpdate: true });
    if (payment && refund.amount > 0)
      await updatePayment(trx, payment.id, { refundDueAmount: refund.amount });
    const changed = await changeStatus(trx, booking, hotel, 'cancelled', at, {
      refundAmount: refund.amount,
      cancelledAt: at,
    });
    return { result: { booking: toBookingView(changed.booking), refund }, outboxIds: changed.outboxIds };
  });
  await relayQuietly(db, outboxIds);
  return result;
}
