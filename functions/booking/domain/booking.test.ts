import { NotificationMessage } from '../../notifications/contract.js';
import { refundDueNotifications, statusNotifications, toBookingView } from './booking.js';

const booking = {
  id: '6f1c2a8e-1d7b-4a51-9a57-0f0e0d8c7b6a',
  clientId: '0b7f4a3e-55a1-4a8f-8a52-6b1c9d0e2f31',
  hotelId: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
  roomTypeId: 'b1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
  roomId: 'c1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
  checkIn: '2026-12-01',
  checkOut: '2026-12-03',
  guests: 2,
  totalAmount: 24_000,
  currency: 'EUR',
  status: 'confirmed' as const,
  expiresAt: new Date('2026-11-22T12:15:00Z'),
  refundAmount: null,
  cancelledAt: null,
  createdAt: new Date('2026-11-22T12:00:00Z'),
  cancellationTerms: {
    freeCancellationHours: 24,
    lateCancellationRefundPercent: 0,
    checkInAt: new Date('2026-12-01T14:00:00Z'),
  },
};
const owner = 'd1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';

describe('status notifications', () => {
  it('tells the client and the hotel owner, with deterministic ids that satisfy the pipeline contract', () => {
    const messages = statusNotifications(
      booking,
      { name: 'Hotel Adlon', ownerId: owner },
      new Date('2026-11-22T12:05:00Z'),
    );
    expect(messages.map((m) => m.notificationId)).toEqual([
      `booking:${booking.id}:confirmed:${booking.clientId}`,
      `booking:${booking.id}:confirmed:${owner}`,
    ]);
    expect(messages.map((m) => m.recipientId)).toEqual([booking.clientId, owner]);
    for (const message of messages) {
      expect(NotificationMessage.parse(message)).toMatchObject({
        type: 'booking.confirmed',
        title: 'Booking at Hotel Adlon is confirmed',
      });
    }
  });

  it('shows money as integer minor units with the currency', () => {
    expect(toBookingView(booking)).toMatchObject({
      total: { amount: 24_000, currency: 'EUR' },
      expiresAt: '2026-11-22T12:15:00.000Z',
    });
  });
});

describe('refund-due notifications', () => {
  it('tell the client and the owner what is owed back, with deterministic ids that satisfy the contract', () => {
    const messages = refundDueNotifications(
      { ...booking, status: 'cancelled' },
      24_000,
      { name: 'Hotel Adlon', ownerId: owner },
      new Date('2026-11-22T12:30:00Z'),
    );
    expect(messages.map((m) => m.notificationId)).toEqual([
      `booking:${booking.id}:refund_due:${booking.clientId}`,
      `booking:${booking.id}:refund_due:${owner}`,
    ]);
    for (const message of messages) {
      expect(NotificationMessage.parse(message)).toMatchObject({
        type: 'booking.refund_due',
        data: { status: 'cancelled', refund: { amount: 24_000, currency: 'EUR' } },
      });
    }
  });
});
