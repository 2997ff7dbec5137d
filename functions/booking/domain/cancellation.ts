import type { BookingCancellationTerms, BookingStatus } from './booking.js';
import { BookingNotCancellableError, StayStartedError } from './errors.js';

export interface Refund {
  amount: number;
  currency: string;
  reason: 'nothing_paid' | 'free_cancellation' | 'late_cancellation';
}

/**
 * What a cancellation refunds, under the terms the booking was made with (never the hotel's current
 * ones). A hold not yet paid refunds nothing (and the late payment, if any, is recorded as a refund due
 * when it arrives). A paid booking is refunded in full until the deadline, then per the late-cancellation
 * percentage, rounded down to whole minor units.
 */
export function refundFor(
  booking: {
    status: string;
    totalAmount: number;
    currency: string;
    cancellationTerms: BookingCancellationTerms;
  },
  now: Date,
): Refund {
  if (booking.status !== 'confirmed')
    return { amount: 0, currency: booking.currency, reason: 'nothing_paid' };
  const terms = booking.cancellationTerms;
  const hoursLeft = (terms.checkInAt.getTime() - now.getTime()) / 3_600_000;
  if (hoursLeft >= terms.freeCancellationHours) {
    return { amount: booking.totalAmount, currency: booking.currency, reason: 'free_cancellation' };
  }
  return {
    amount: Math.floor((booking.totalAmount * terms.lateCancellationRefundPercent) / 100),
    currency: booking.currency,
    reason: 'late_cancellation',
  };
}

/**
 * Holds and confirmed bookings can be cancelled; a confirmed one only before its check-in instant (from
 * then on the stay has started, and there is nothing left to cancel). A hold can always be given up.
 */
export function assertCancellable(
  booking: { status: BookingStatus; cancellationTerms: BookingCancellationTerms },
  now: Date,
): void {
  if (booking.status !== 'pending_payment' && booking.status !== 'confirmed')
    throw new BookingNotCancellableError(booking.status);
  if (booking.status === 'confirmed' && now >= booking.cancellationTerms.checkInAt)
    throw new StayStartedError(booking.cancellationTerms.checkInAt);
}
