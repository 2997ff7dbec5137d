import { checkInInstant } from './stay.js';

export interface CancellationPolicy {
  /** Free cancellation until this many hours before check-in. */
  freeCancellationHours: number;
  /** Share of the total refunded when cancelling later than that. */
  lateCancellationRefundPercent: number;
  checkInTime: string;
  timeZone: string;
}

export interface Refund {
  amount: number;
  currency: string;
  reason: 'nothing_paid' | 'free_cancellation' | 'late_cancellation';
}

/**
 * What a cancellation refunds. A hold not yet paid refunds nothing (and the late payment, if any, is
 * recorded as a refund due when it arrives). A paid booking is refunded in full until the hotel's
 * deadline, then per its late-cancellation percentage, rounded down to whole minor units.
 */
export function refundFor(
  booking: { status: string; checkIn: string; totalAmount: number; currency: string },
  policy: CancellationPolicy,
  now: Date,
): Refund {
  if (booking.status !== 'confirmed')
    return { amount: 0, currency: booking.currency, reason: 'nothing_paid' };
  const starts = checkInInstant(booking.checkIn, policy.checkInTime, policy.timeZone).getTime();
  const hoursLeft = (starts - now.getTime()) / 3_600_000;
  if (hoursLeft >= policy.freeCancellationHours) {
    return { amount: booking.totalAmount, currency: booking.currency, reason: 'free_cancellation' };
  }
  return {
    amount: Math.floor((booking.totalAmount * policy.lateCancellationRefundPercent) / 100),
    currency: booking.currency,
    reason: 'late_cancellation',
  };
}
