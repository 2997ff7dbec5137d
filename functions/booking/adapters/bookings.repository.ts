import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { Bookings, DB } from '#platform/db/schema';
import type { Booking, BookingStatus } from '../domain/booking.js';
import { BookingStatusConflictError } from '../domain/errors.js';
import type { Stay } from '../domain/stay.js';
import { minorUnits } from './money.js';
import { roomFreeDuring } from './occupancy.js';

export type Executor = Kysely<DB> | Transaction<DB>;

export const toBooking = (row: Selectable<Bookings>): Booking => ({
  id: row.id,
  clientId: row.client_id,
  hotelId: row.hotel_id,
  roomTypeId: row.room_type_id,
  roomId: row.room_id,
  checkIn: row.check_in,
  checkOut: row.check_out,
  guests: row.guests,
  totalAmount: minorUnits(row.total_amount),
  currency: row.currency,
  status: row.status as BookingStatus,
  expiresAt: row.expires_at,
  refundAmount: row.refund_amount === null ? null : minorUnits(row.refund_amount),
  cancelledAt: row.cancelled_at,
  createdAt: row.created_at,
  cancellationTerms: {
    freeCancellationHours: row.free_cancellation_hours,
    lateCancellationRefundPercent: row.late_cancellation_refund_percent,
    checkInAt: row.check_in_at,
  },
});

/**
 * The hold's locks, taken in one statement and always in this order (an append runs its branches one
 * after the other): the client's, so its pending-hold limit cannot be raced; then one advisory lock per
 * (room type, night) of the stay, in ascending night order (generate_series yields the nights in order),
 * so stays that share a night go one after the other and stays of different nights proceed in parallel.
 * Every lock is held until the transaction ends; what is read after this statement (holdState) is read
 * with a snapshot taken once they are all held, so it sees every hold committed under them.
 *
 * Concurrent inserts that conflict under the exclusion constraint wait for each other's uncommitted row;
 * two holds can only conflict if their stays share a night of the same type, and then they hold a
 * common lock. A fixed global order (client, then type hash and night) keeps the locks themselves
 * deadlock-free. The constraint still guarantees no double booking on every path.
 */
export async function lockForHold(
  trx: Transaction<DB>,
  clientId: string,
  roomTypeId: string,
  stay: Stay,
): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${`booking-client:${clientId}`}))
    union all
    select pg_advisory_xact_lock(hashtext(${`booking-room-type:${roomTypeId}`}), night::date - date '2000-01-01')
      from generate_series(${stay.checkIn}::date, ${stay.checkOut}::date - 1, interval '1 day') as night`.execute(
    trx,
  );
}

/**
 * After lockForHold, in one statement (one snapshot): how many holds of the client await payment, and
 * the units of the type that are free for the whole stay, by label. The exclusion constraint still
 * decides when a unit is taken by a path that does not take the hold's locks.
 */
export async function holdState(
  trx: Transaction<DB>,
  clientId: string,
  roomTypeId: string,
  stay: Stay,
  now: Date,
): Promise<{ pendingHolds: number; freeRooms: string[] }> {
  const row = await trx
    .selectNoFrom((eb) => [
      eb
        .selectFrom('bookings')
        .select(eb.fn.countAll<string>().as('n'))
        .where('client_id', '=', clientId)
        .where('status', '=', 'pending_payment')
        .where('expires_at', '>', now)
        .as('pending'),
      sql<string[]>`array(${eb
        .selectFrom('rooms')
        .select('id')
        .where('room_type_id', '=', roomTypeId)
        .where(roomFreeDuring(stay))
        .orderBy('label')})`.as('rooms'),
    ])
    .executeTakeFirstOrThrow();
  return { pendingHolds: Number(row.pending), freeRooms: row.rooms };
}

/**
 * Inserts the booking on the given room, or returns undefined when the exclusion constraint finds an
 * overlapping occupying stay of that room (taken by a concurrent booking since holdState looked),
 * leaving the transaction usable. `on conflict do nothing` (no conflict target: every constraint,
 * exclusion included) inserts speculatively: it waits for an uncommitted overlapping row's transaction
 * and, where two inserts would each wait for the other's row, backs one off instead of deadlocking —
 * one statement, no savepoint.
 */
export async function insertBookingIfFree(
  trx: Transaction<DB>,
  booking: Omit<Booking, 'id' | 'createdAt' | 'refundAmount' | 'cancelledAt' | 'status'>,
  /** The client network the hold came from (see layers/platform/http/client-network.ts), for the per-network cap. */
  clientNetwork: string | null = null,
): Promise<Booking | undefined> {
  const row = await trx
    .insertInto('bookings')
    .values({
      client_id: booking.clientId,
      hotel_id: booking.hotelId,
      room_type_id: booking.roomTypeId,
      room_id: booking.roomId,
      check_in: booking.checkIn,
      check_out: booking.checkOut,
      guests: booking.guests,
      total_amount: booking.totalAmount,
      currency: booking.currency,
      status: 'pending_payment',
      expires_at: booking.expiresAt,
      free_cancellation_hours: booking.cancellationTerms.freeCancellationHours,
      late_cancellation_refund_percent: booking.cancellationTerms.lateCancellationRefundPercent,
      check_in_at: booking.cancellationTerms.checkInAt,
      client_network: clientNetwork,
    })
    .onConflict((conflict) => conflict.doNothing())
    .returningAll()
    .executeTakeFirst();
  return row && toBooking(row);
}

export async function findBooking(
  db: Executor,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<Booking | undefined> {
  let query = db.selectFrom('bookings').selectAll().where('id', '=', id);
  if (options.forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row && toBooking(row);
}

/**
 * Moves a booking from `from` to `status`. Guarded on the current status, so a change decided on a
 * stale read can never overwrite another one: 0 rows updated throws (the row locks are the first line
 * of defence, this is the second).
 */
export async function updateBookingStatus(
  db: Executor,
  id: string,
  from: BookingStatus,
  status: BookingStatus,
  extra: { refundAmount?: number; cancelledAt?: Date } = {},
): Promise<Booking> {
  const row = await db
    .updateTable('bookings')
    .set({
      status,
      refund_amount: extra.refundAmount,
      cancelled_at: extra.cancelledAt,
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .where('status', '=', from)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new BookingStatusConflictError(id, from, status);
  return toBooking(row);
}

export async function findClientBookings(
  db: Executor,
  clientId: string,
  options: { status?: BookingStatus; limit: number },
) {
  let query = db
    .selectFrom('bookings')
    .selectAll()
    .where('client_id', '=', clientId)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(options.limit);
  if (options.status) query = query.where('status', '=', options.status);
  return (await query.execute()).map(toBooking);
}

export async function findHotelBookings(
  db: Executor,
  hotelId: string,
  options: { from?: string; to?: string; status?: BookingStatus; limit: number },
) {
  let query = db
    .selectFrom('bookings')
    .selectAll()
    .where('hotel_id', '=', hotelId)
    .orderBy('check_in')
    .orderBy('id')
    .limit(options.limit);
  if (options.status) query = query.where('status', '=', options.status);
  // Stays overlapping [from, to).
  if (options.to) query = query.where('check_in', '<', options.to);
  if (options.from) query = query.where('check_out', '>', options.from);
  return (await query.execute()).map(toBooking);
}

/** Claims a batch of holds past their expiry; rows another transaction holds (e.g. a webhook) are skipped. */
export async function claimExpiredHolds(trx: Transaction<DB>, now: Date, limit: number): Promise<Booking[]> {
  const rows = await trx
    .selectFrom('bookings')
    .selectAll()
    .where('status', '=', 'pending_payment')
    .where('expires_at', '<=', now)
    .orderBy('expires_at')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
  return rows.map(toBooking);
}

/** Records what a booking refunds without changing its status (a late payment on a booking that ended). */
export async function setBookingRefundAmount(
  db: Executor,
  id: string,
  refundAmount: number,
): Promise<Booking> {
  const row = await db
    .updateTable('bookings')
    .set({ refund_amount: refundAmount, updated_at: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toBooking(row);
}
