import type { Transaction } from 'kysely';
import type { DB } from '#platform/db/schema';
import { enqueue } from '#platform/messaging/outbox';
import { MetricUnit, metrics } from '#platform/observability';
import { notificationsQueue } from '../notifications/contract.js';
import { updateBookingStatus } from './adapters/bookings.repository.js';
import type { Hotel } from './adapters/catalogue.repository.js';
import { type Booking, type BookingStatus, statusNotifications } from './domain/booking.js';

/**
 * Every status change goes through here: the new status and the notifications to the client and the
 * hotel's owner are written in the same transaction (outbox), so neither can exist without the other.
 */
export async function changeStatus(
  trx: Transaction<DB>,
  booking: Booking,
  hotel: Pick<Hotel, 'name' | 'ownerId'>,
  status: BookingStatus,
  now: Date,
  extra: { refundAmount?: number; cancelledAt?: Date } = {},
): Promise<{ booking: Booking; outboxIds: string[] }> {
  const updated = await updateBookingStatus(trx, booking.id, booking.status, status, extra);
  metrics.addMetric(`Booking_${status}`, MetricUnit.Count, 1);
  return { booking: updated, outboxIds: await announce(trx, updated, hotel, now) };
}

export const announce = (
  trx: Transaction<DB>,
  booking: Booking,
  hotel: Pick<Hotel, 'name' | 'ownerId'>,
  now: Date,
) => enqueue(trx, notificationsQueue, statusNotifications(booking, hotel, now));
