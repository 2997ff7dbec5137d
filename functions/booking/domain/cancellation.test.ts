import { refundFor } from './cancellation.js';

const policy = {
  freeCancellationHours: 48,
  lateCancellationRefundPercent: 25,
  checkInTime: '15:00',
  timeZone: 'Europe/Berlin',
};
const confirmed = { status: 'confirmed', checkIn: '2026-12-10', totalAmount: 30_001, currency: 'EUR' };
// Check-in starts 2026-12-10T14:00:00Z (15:00 in Berlin, UTC+1).

describe('refundFor', () => {
  it('refunds nothing for a hold that was never paid', () => {
    expect(
      refundFor({ ...confirmed, status: 'pending_payment' }, policy, new Date('2026-12-01T00:00:00Z')),
    ).toEqual({
      amount: 0,
      currency: 'EUR',
      reason: 'nothing_paid',
    });
  });

  it('refunds everything until the free-cancellation deadline, inclusive', () => {
    expect(refundFor(confirmed, policy, new Date('2026-12-08T14:00:00Z'))).toEqual({
      amount: 30_001,
      currency: 'EUR',
      reason: 'free_cancellation',
    });
  });

  it('refunds the late percentage, rounded down to whole cents, after the deadline', () => {
    expect(refundFor(confirmed, policy, new Date('2026-12-08T14:00:01Z'))).toEqual({
      amount: 7_500,
      currency: 'EUR',
      reason: 'late_cancellation',
    });
  });
});
