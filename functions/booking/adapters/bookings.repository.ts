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

/** Serialises a client's booking attempts until the transaction ends, so the pending limit cannot be raced. */
export async function lockClient(trx: Transaction<DB>, clientId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${`booking-client:${clientId}`}))`.execute(trx);
}

/**
 * Serialises the holds of a room type per night: an advisory lock per (room type, night) of the stay,
 * taken in ascending night order (one statement, generate_series yields the nights in order), so stays
 * that share a night go one after the other and stays of different nights proceed in parallel.
 * Concurrent inserts that conflict under the exclusion constraint would each wait for the other's
 * uncommitted row and deadlock (PostgreSQL resolves that only after deadlock_timeout, 1 s); two holds
 * can only conflict if their stays share a night of the same type, and then they hold a common lock.
 * A fixed global order (type hash, then night) keeps the locks themselves deadlock-free. The
 * constraint still guarantees no double booking on every path.
 */
export async function lockRoomTypeNights(
  trx: Transaction<DB>,
  roomTypeId: string,
  stay: Stay,
): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${`booking-room-type:${roomTypeId}`}), night::date - date '2000-01-01')
    from generate_series(${stay.checkIn}::date, ${stay.checkOut}::date - 1, interval '1 day') as night`.execute(
    trx,
  );
}

export async function countPendingHolds(db: Executor, clientId: string, now: Date): Promise<number> {
  const row = await db
    .selectFrom('bookings')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('client_id', '=', clientId)
    .where('status', '=', 'pending_payment')
    .where('expires_at', '>', now)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Rooms of the type that look free right now; the exclusion constraint still decides under concurrency. */
export async function candidateRooms(db: Executor, roomTypeId: string, stay: Stay): Promise<string[]> {
  const rows = await db
    .selectFrom('rooms')
    .select('id')
    .where('room_type_id', '=', roomTypeId)
    .where(roomFreeDuring(stay))
    .orderBy('label')
    .execute();
  return rows.map((row) => row.id);
}

const sqlState = (error: unknown) => (error as { code?: string })?.code;
/** A concurrent booking holds an overlapping stay of this room. */
const EXCLUSION_VIOLATION = '23P01';
/**
 * Two transactions inserting conflicting rows under an exclusion constraint can each wait for the
 * other's uncommitted row; PostgreSQL then aborts one of them. Holds avoid it (lockRoomTypeNights); should it
 * happen anyway, the aborted insert simply tries the room again.
 */
const DEADLOCK_DETECTED = '40P01';
const DEADLOCK_RETRIES = 5;

/**
 * Inserts the booking on the given room inside a savepoint. Returns undefined when the exclusion
 * constraint rejects it (a concurrent booking took the room), leaving the transaction usable.
 */
export async function tryInsertBooking(
  trx: Transaction<DB>,
  booking: Omit<Booking, 'id' | 'createdAt' | 'refundAmount' | 'cancelledAt' | 'status'>,
  /** The client network the hold came from (see domain/client-network.ts), for the per-network cap. */
  clientNetwork: string | null = null,
): Promise<Booking | undefined> {
  for (let attempt = 0; ; attempt++) {
    await sql`savepoint take_room`.execute(trx);
    try {
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
        .returningAll()
        .executeTakeFirstOrThrow();
      await sql`release savepoint take_room`.execute(trx);
      return toBooking(row);
    } catch (error) {
      const state = sqlState(error);
      const retry = state === DEADLOCK_DETECTED && attempt < DEADLOCK_RETRIES;
      if (state !== EXCLUSION_VIOLATION && !retry) throw error;
      await sql`rollback to savepoint take_room`.execute(trx);
      if (!retry) return undefined;
    }
  }
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
