import { z } from 'zod';
import { IsoDate, TimeZone, Uuid } from '#platform/validation/common';
import { BookingStatus } from './domain/booking.js';

// Every request schema is strict: fields the server computes (price, total, status, ownerId, clientId,
// ...) are unknown fields here and answered with 400 naming the field, never silently applied.

const Name = z.string().trim().min(1).max(200);
const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Expected a time as HH:MM (24 h).');
const Money = z.number().int('Use integer minor units (cents).').min(0).max(100_000_000);
const Currency = z.string().regex(/^[A-Z]{3}$/, 'Expected an ISO 4217 code such as EUR.');
const Capacity = z.number().int().min(1).max(20);
const Guests = z.coerce.number().int().min(1).max(20);
const Limit = z.coerce.number().int().min(1).max(100).default(50);

const atLeastOne = { message: 'Send at least one field to change.' };
const checkOutAfterCheckIn = <T extends { checkIn?: string; checkOut?: string }>(value: T) =>
  !value.checkIn || !value.checkOut || value.checkOut > value.checkIn;
const stayRefinement = { message: 'Check-out must be after check-in.', path: ['checkOut'] };

export const HotelBody = z.strictObject({
  name: Name,
  city: Name,
  address: z.string().trim().min(1).max(500),
  timeZone: TimeZone,
  checkInTime: ClockTime.default('15:00'),
  checkOutTime: ClockTime.default('11:00'),
  freeCancellationHours: z.number().int().min(0).max(720).default(24),
  lateCancellationRefundPercent: z.number().int().min(0).max(100).default(0),
});

export const UpdateHotelBody = z
  .strictObject({
    name: Name.optional(),
    city: Name.optional(),
    address: z.string().trim().min(1).max(500).optional(),
    timeZone: TimeZone.optional(),
    checkInTime: ClockTime.optional(),
    checkOutTime: ClockTime.optional(),
    freeCancellationHours: z.number().int().min(0).max(720).optional(),
    lateCancellationRefundPercent: z.number().int().min(0).max(100).optional(),
  })
  .refine((body) => Object.keys(body).length > 0, atLeastOne);

export const RoomTypeBody = z.strictObject({
  name: Name,
  capacity: Capacity,
  basePrice: Money,
  currency: Currency,
});

export const UpdateRoomTypeBody = z
  .strictObject({ name: Name.optional(), capacity: Capacity.optional(), basePrice: Money.optional() })
  .refine((body) => Object.keys(body).length > 0, atLeastOne);

export const AddRoomsBody = z.strictObject({
  labels: z
    .array(z.string().trim().min(1).max(20))
    .min(1)
    .max(100)
    .refine((labels) => new Set(labels).size === labels.length, { message: 'Labels must be unique.' }),
});

export const PutRateBody = z
  .strictObject({ from: IsoDate, to: IsoDate, price: Money })
  .refine((body) => body.to > body.from, {
    message: 'The range ends after it starts (to is exclusive).',
    path: ['to'],
  });

export const SearchQuery = z
  .strictObject({
    city: z.string().trim().min(1).max(200).optional(),
    checkIn: IsoDate.optional(),
    checkOut: IsoDate.optional(),
    guests: Guests.default(1),
    limit: Limit,
  })
  .refine((query) => Boolean(query.checkIn) === Boolean(query.checkOut), {
    message: 'Send checkIn and checkOut together.',
    path: ['checkOut'],
  })
  .refine(checkOutAfterCheckIn, stayRefinement);

export const AvailabilityQuery = z
  .strictObject({ checkIn: IsoDate, checkOut: IsoDate, guests: Guests.default(1) })
  .refine(checkOutAfterCheckIn, stayRefinement);

export const CreateBookingBody = z
  .strictObject({
    hotelId: Uuid,
    roomTypeId: Uuid,
    checkIn: IsoDate,
    checkOut: IsoDate,
    guests: z.number().int().min(1).max(20),
  })
  .refine(checkOutAfterCheckIn, stayRefinement);

export const IdempotencyKeyHeader = z.string().trim().min(1).max(200);

export const ListBookingsQuery = z.strictObject({ status: z.enum(BookingStatus).optional(), limit: Limit });

export const HotelBookingsQuery = z
  .strictObject({
    from: IsoDate.optional(),
    to: IsoDate.optional(),
    status: z.enum(BookingStatus).optional(),
    limit: Limit,
  })
  .refine((query) => !query.from || !query.to || query.to > query.from, {
    message: 'to must be after from.',
    path: ['to'],
  });

/** The provider's webhook body. Not strict: an external system may add fields over time. */
export const PaymentWebhookEvent = z.object({
  id: z.string().min(1).max(200),
  type: z.enum(['payment.succeeded', 'payment.failed']),
  createdAt: z.iso.datetime({ offset: true }),
  data: z.object({
    paymentId: z.string().min(1).max(200),
    bookingId: z.string().min(1).max(200),
    amount: z.number().int(),
    currency: z.string(),
  }),
});

export type HotelInput = z.infer<typeof HotelBody>;
export type UpdateHotelInput = z.infer<typeof UpdateHotelBody>;
export type RoomTypeInput = z.infer<typeof RoomTypeBody>;
export type UpdateRoomTypeInput = z.infer<typeof UpdateRoomTypeBody>;
export type PutRateInput = z.infer<typeof PutRateBody>;
export type SearchInput = z.infer<typeof SearchQuery>;
export type AvailabilityInput = z.infer<typeof AvailabilityQuery>;
export type CreateBookingInput = z.infer<typeof CreateBookingBody>;
export type HotelBookingsInput = z.infer<typeof HotelBookingsQuery>;
export type PaymentWebhookEvent = z.infer<typeof PaymentWebhookEvent>;

// Response views (documentation; the use cases build these shapes).
const MoneyView = z.object({ amount: z.number().int(), currency: z.string() });

export const HotelView = z.object({
  id: z.uuid(),
  ownerId: z.uuid(),
  name: z.string(),
  city: z.string(),
  address: z.string(),
  timeZone: z.string(),
  checkInTime: z.string(),
  checkOutTime: z.string(),
  freeCancellationHours: z.number().int(),
  lateCancellationRefundPercent: z.number().int(),
});

export const RoomTypeView = z.object({
  id: z.uuid(),
  hotelId: z.uuid(),
  name: z.string(),
  capacity: z.number().int(),
  basePrice: MoneyView,
  rooms: z.number().int().optional(),
});

export const RoomView = z.object({ id: z.uuid(), roomTypeId: z.uuid(), label: z.string() });
export const RoomsView = z.object({ rooms: z.array(RoomView) });
export const RateView = z.object({
  id: z.string(),
  roomTypeId: z.uuid(),
  from: z.string(),
  to: z.string(),
  price: MoneyView,
});

export const OfferView = z.object({
  roomTypeId: z.uuid(),
  name: z.string(),
  capacity: z.number().int(),
  availableRooms: z.number().int(),
  total: MoneyView,
  nightly: z.array(z.object({ date: z.string(), price: z.number().int() })),
});

export const HotelDetailView = HotelView.extend({ roomTypes: z.array(RoomTypeView) });
export const SearchResultView = z.object({
  items: z.array(HotelView.extend({ offers: z.array(OfferView).optional() })),
});
export const AvailabilityView = z.object({
  hotelId: z.uuid(),
  checkIn: z.string(),
  checkOut: z.string(),
  guests: z.number().int(),
  offers: z.array(OfferView),
});

export const BookingViewSchema = z.object({
  id: z.uuid(),
  clientId: z.uuid(),
  hotelId: z.uuid(),
  roomTypeId: z.uuid(),
  roomId: z.uuid(),
  checkIn: z.string(),
  checkOut: z.string(),
  guests: z.number().int(),
  total: MoneyView,
  status: z.enum(BookingStatus),
  expiresAt: z.iso.datetime(),
  refundAmount: z.number().int().nullable(),
  cancelledAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
  /** The hotel's terms when the booking was made; later changes to the hotel do not apply to it. */
  cancellationTerms: z.object({
    freeCancellationHours: z.number().int(),
    lateCancellationRefundPercent: z.number().int(),
    checkInAt: z.iso.datetime(),
  }),
});

export const PaymentView = z.object({
  id: z.uuid(),
  status: z.enum(['pending', 'succeeded', 'failed']),
  providerPaymentId: z.string().nullable(),
  refundDue: z.number().int(),
});

export const BookingWithPaymentView = z.object({ booking: BookingViewSchema, payment: PaymentView });
export const BookingListView = z.object({ items: z.array(BookingViewSchema) });
export const CancelResultView = z.object({
  booking: BookingViewSchema,
  refund: z.object({
    amount: z.number().int(),
    currency: z.string(),
    reason: z.enum(['nothing_paid', 'free_cancellation', 'late_cancellation']),
  }),
});
export const WebhookAckView = z.object({ received: z.literal(true), outcome: z.string() });
