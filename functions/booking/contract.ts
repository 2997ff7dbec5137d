import { z } from 'zod';
import { syncContract } from '#platform/contracts/invoke';

/**
 * The published contract of the booking context for other entry points (the Telegram bot): search
 * offers, hold a room, list and cancel the user's bookings. The caller names the user; the booking rules
 * (a client's pending-hold limit, ownership) apply exactly as over HTTP.
 */
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const Money = z.object({ amount: z.number().int(), currency: z.string() });

export const BookingSummary = z.object({
  id: z.uuid(),
  hotelId: z.uuid(),
  checkIn: z.string(),
  checkOut: z.string(),
  guests: z.number().int(),
  total: Money,
  status: z.string(),
  expiresAt: z.string(),
});

export const SearchOffers = syncContract({
  functionKey: 'searchOffersContract',
  request: z.strictObject({
    city: z.string().trim().min(1).max(200),
    checkIn: IsoDate,
    checkOut: IsoDate,
    guests: z.number().int().min(1).max(20),
    limit: z.number().int().min(1).max(20).default(5),
  }),
  response: z.object({
    offers: z.array(
      z.object({
        hotelId: z.uuid(),
        hotelName: z.string(),
        roomTypeId: z.uuid(),
        roomTypeName: z.string(),
        total: Money,
      }),
    ),
  }),
});

export const CreateHold = syncContract({
  functionKey: 'createHoldContract',
  request: z.strictObject({
    userId: z.uuid(),
    hotelId: z.uuid(),
    roomTypeId: z.uuid(),
    checkIn: IsoDate,
    checkOut: IsoDate,
    guests: z.number().int().min(1).max(20),
    /** The same key → the same hold (a repeated Telegram button press books once). */
    idempotencyKey: z.string().min(1).max(200),
  }),
  response: z.object({
    booking: BookingSummary,
    /** Where to pay (the provider's page), when the provider answered. */
    paymentId: z.string().nullable(),
  }),
});

export const ListUserBookings = syncContract({
  functionKey: 'listUserBookingsContract',
  request: z.strictObject({ userId: z.uuid(), limit: z.number().int().min(1).max(50).default(10) }),
  response: z.object({ bookings: z.array(BookingSummary) }),
});

export const CancelUserBooking = syncContract({
  functionKey: 'cancelUserBookingContract',
  request: z.strictObject({ userId: z.uuid(), bookingId: z.uuid() }),
  response: z.object({ booking: BookingSummary }),
});
