import type { z } from 'zod';
import type { BookingSummary } from './contract.js';

/** A booking view (as the HTTP API returns it) reduced to the contract's summary. */
export function toBookingSummary(view: z.input<typeof BookingSummary>): z.input<typeof BookingSummary> {
  return {
    id: view.id,
    hotelId: view.hotelId,
    checkIn: view.checkIn,
    checkOut: view.checkOut,
    guests: view.guests,
    total: view.total,
    status: view.status,
    expiresAt: view.expiresAt,
  };
}
