export const BookingStatus = [
  'pending_payment',
  'confirmed',
  'expired',
  'cancelled',
  'payment_failed',
] as const;
export type BookingStatus = (typeof BookingStatus)[number];

/** Statuses that occupy a room (the exclusion constraint covers exactly these). */
export const OCCUPYING: BookingStatus[] = ['pending_payment', 'confirmed'];

/** The cancellation terms a booking was made under (copied from the hotel when the room is held). */
export interface BookingCancellationTerms {
  /** Free cancellation until this many hours before check-in. */
  freeCancellationHours: number;
  /** Share of the total refunded when cancelling later than that. */
  lateCancellationRefundPercent: number;
  /** The hotel's check-in time on the check-in date, in the hotel's zone, as an instant. */
  checkInAt: Date;
}

export interface Booking {
  id: string;
  clientId: string;
  hotelId: string;
  roomTypeId: string;
  roomId: string;
  checkIn: string;
  checkOut: string;
  guests: number;
  totalAmount: number;
  currency: string;
  status: BookingStatus;
  expiresAt: Date;
  refundAmount: number | null;
  cancelledAt: Date | null;
  createdAt: Date;
  cancellationTerms: BookingCancellationTerms;
}

export interface BookingView {
  id: string;
  clientId: string;
  hotelId: string;
  roomTypeId: string;
  roomId: string;
  checkIn: string;
  checkOut: string;
  guests: number;
  total: { amount: number; currency: string };
  status: BookingStatus;
  expiresAt: string;
  refundAmount: number | null;
  cancelledAt: string | null;
  createdAt: string;
  cancellationTerms: {
    freeCancellationHours: number;
    lateCancellationRefundPercent: number;
    checkInAt: string;
  };
}

export function toBookingView(booking: Booking): BookingView {
  return {
    id: booking.id,
    clientId: booking.clientId,
    hotelId: booking.hotelId,
    roomTypeId: booking.roomTypeId,
    roomId: booking.roomId,
    checkIn: booking.checkIn,
    checkOut: booking.checkOut,
    guests: booking.guests,
    total: { amount: booking.totalAmount, currency: booking.currency },
    status: booking.status,
    expiresAt: booking.expiresAt.toISOString(),
    refundAmount: booking.refundAmount,
    cancelledAt: booking.cancelledAt?.toISOString() ?? null,
    createdAt: booking.createdAt.toISOString(),
    cancellationTerms: {
      freeCancellationHours: booking.cancellationTerms.freeCancellationHours,
      lateCancellationRefundPercent: booking.cancellationTerms.lateCancellationRefundPercent,
      checkInAt: booking.cancellationTerms.checkInAt.toISOString(),
    },
  };
}

const TITLES: Record<BookingStatus, (hotel: string) => string> = {
  pending_payment: (hotel) => `Booking at ${hotel} is held awaiting payment`,
  confirmed: (hotel) => `Booking at ${hotel} is confirmed`,
  expired: (hotel) => `Booking at ${hotel} expired before payment`,
  cancelled: (hotel) => `Booking at ${hotel} was cancelled`,
  payment_failed: (hotel) => `Payment for the booking at ${hotel} failed`,
};

/**
 * The notifications for one status change: one to the client, one to the hotel's owner. Ids are
 * deterministic (a booking enters each status at most once), so a redelivery stores nothing twice.
 */
export function statusNotifications(
  booking: Pick<
    Booking,
    'id' | 'clientId' | 'hotelId' | 'checkIn' | 'checkOut' | 'status' | 'totalAmount' | 'currency'
  >,
  hotel: { name: string; ownerId: string },
  at: Date,
) {
  const title = TITLES[booking.status](hotel.name);
  const data = {
    bookingId: booking.id,
    hotelId: booking.hotelId,
    status: booking.status,
    checkIn: booking.checkIn,
    checkOut: booking.checkOut,
    total: { amount: booking.totalAmount, currency: booking.currency },
  };
  return [booking.clientId, hotel.ownerId].map((recipientId) => ({
    notificationId: `booking:${booking.id}:${booking.status}:${recipientId}`,
    recipientId,
    source: 'booking',
    type: `booking.${booking.status}`,
    title,
    body: `${booking.checkIn} → ${booking.checkOut}`,
    data,
    dueAt: at.toISOString(),
  }));
}

/**
 * A payment that succeeded after the booking stopped waiting for it (expired, cancelled, failed): the
 * client and the owner are told the whole amount is owed back. One per booking (a booking has one
 * payment), so the ids are deterministic like the status notifications'.
 */
export function refundDueNotifications(
  booking: Pick<Booking, 'id' | 'clientId' | 'hotelId' | 'checkIn' | 'checkOut' | 'status' | 'currency'>,
  refundAmount: number,
  hotel: { name: string; ownerId: string },
  at: Date,
) {
  const data = {
    bookingId: booking.id,
    hotelId: booking.hotelId,
    status: booking.status,
    checkIn: booking.checkIn,
    checkOut: booking.checkOut,
    refund: { amount: refundAmount, currency: booking.currency },
  };
  return [booking.clientId, hotel.ownerId].map((recipientId) => ({
    notificationId: `booking:${booking.id}:refund_due:${recipientId}`,
    recipientId,
    source: 'booking',
    type: 'booking.refund_due',
    title: `A late payment for the booking at ${hotel.name} will be refunded`,
    body: `The booking is ${booking.status.replace('_', ' ')}; the payment arrived too late and is owed back in full.`,
    data,
    dueAt: at.toISOString(),
  }));
}
