import type { BookingCancellationTerms } from './booking.js';

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
