import { assertCancellable, refundFor } from './cancellation.js';
import { BookingNotCancellableError, StayStartedError } from './errors.js';

// Check-in starts 2026-12-10T14:00:00Z (15:00 in Berlin, UTC+1), as recorded on the booking.
const confirmed = {
  status: 'confirmed',
  totalAmount: 30_001,
  currency: 'EUR',
  cancellationTerms: {
    freeCancellationHours: 48,
    lateCancellationRefundPercent: 25,
    checkInAt: new Date('2026-12-10T14:00:00Z'),
  },
};

describe('refundFor', () => {
  it('refunds nothing for a hold that was never paid', () => {
    expect(refundFor({ ...confirmed, status: 'pending_payment' }, new Date('2026-12-01T00:00:00Z'))).toEqual({
      amount: 0,
      currency: 'EUR',
      reason: 'nothing_paid',
    });
  });

  it('refunds everything until the free-cancellation deadline, inclusive', () => {
    expect(refundFor(confirmed, new Date('2026-12-08T14:00:00Z'))).toEqual({
      amount: 30_001,
      currency: 'EUR',
      reason: 'free_cancellation',
    });
  });

  it('refunds the late percentage, rounded down to whole cents, after the deadline', () => {
    expect(refundFor(confirmed, new Date('2026-12-08T14:00:01Z'))).toEqual({
      amount: 7_500,
      currency: 'EUR',
      reason: 'late_cancellation',
    });
  });

  it('uses only the terms recorded on the booking (a later hotel change cannot reach it)', () => {
    const strict = {
      ...confirmed.cancellationTerms,
      freeCancellationHours: 720,
      lateCancellationRefundPercent: 0,
    };
    const at = new Date('2026-12-09T14:00:00Z');
    expect(refundFor({ ...confirmed, cancellationTerms: strict }, at).amount).toBe(0);
    expect(refundFor(confirmed, at)).toEqual({ amount: 7_500, currency: 'EUR', reason: 'late_cancellation' });
  });
});

describe('assertCancellable', () => {
  const checkInAt = confirmed.cancellationTerms.checkInAt;
  const justBefore = new Date(checkInAt.getTime() - 1);
  const booking = (status: 'pending_payment' | 'confirmed' | 'expired' | 'cancelled') => ({
    status,
    cancellationTerms: confirmed.cancellationTerms,
  });

  it('lets a confirmed booking be cancelled until the check-in instant, not at or after it', () => {
    expect(() => assertCancellable(booking('confirmed'), justBefore)).not.toThrow();
    expect(() => assertCancellable(booking('confirmed'), checkInAt)).toThrow(StayStartedError);
    expect(() => assertCancellable(booking('confirmed'), new Date('2026-12-12T09:00:00Z'))).toThrow(
      StayStartedError,
    );
  });

  it('lets a hold be given up at any time, and nothing else be cancelled', () => {
    expect(() => assertCancellable(booking('pending_payment'), checkInAt)).not.toThrow();
    expect(() => assertCancellable(booking('expired'), justBefore)).toThrow(BookingNotCancellableError);
    expect(() => assertCancellable(booking('cancelled'), justBefore)).toThrow(BookingNotCancellableError);
  });
});
