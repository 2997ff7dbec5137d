import type { Context } from 'aws-lambda';
import type { Kysely, Transaction } from 'kysely';
import { requireRole } from '#platform/auth/access';
import type { AuthUser } from '#platform/auth/tokens';
import type { DB } from '#platform/db/schema';
import { clientNetwork } from '#platform/http/client-network';
import {
  IdempotencyAlreadyInProgressError,
  type IdempotencyOptions,
  IdempotencyValidationError,
  idempotent,
} from '#platform/idempotency';
import { relayQuietly } from '#platform/messaging/outbox';
import { log, MetricUnit, metrics } from '#platform/observability';
import { holdState, insertBookingIfFree, lockForHold } from './adapters/bookings.repository.js';
import { findHotel, findRoomType, ratesFor } from './adapters/catalogue.repository.js';
import { type HoldCap, takeCapStripes } from './adapters/hold-caps.js';
import type { PaymentProvider } from './adapters/payment-provider.client.js';
import { insertPayment, setProviderPaymentId, toPaymentView } from './adapters/payments.repository.js';
import { type Booking, toBookingView } from './domain/booking.js';
import {
  HotelNotFoundError,
  IdempotencyKeyInProgressError,
  IdempotencyKeyReusedError,
  InvalidStayError,
  MissingIdempotencyKeyError,
  RoomTypeNotFoundError,
  RoomUnavailableError,
  TooManyPendingBookingsError,
  TooManyPendingFromNetworkError,
  TooManyPendingInHotelError,
} from './domain/errors.js';
import { checkInInstant, priceStay, stayProblems } from './domain/stay.js';
import { type CreateBookingInput, IdempotencyKeyHeader } from './schemas.js';
import { announce } from './status-change.js';

export interface CreateBookingDeps {
  db: Kysely<DB>;
  now: () => Date;
  paymentProvider: PaymentProvider;
  holdMinutes: number;
  maxPendingBookings: number;
  /** Holds awaiting payment per client network (IPv4 / IPv6 /64); unlimited when absent. */
  maxPendingPerNetwork?: number;
  /** Holds awaiting payment per hotel; unlimited when absent. */
  maxPendingPerHotel?: number;
  maxNights: number;
  /** Time the post-commit outbox relay may take (OUTBOX_RELAY_BUDGET_MS unless given). */
  relayBudgetMs?: number;
  /** Where the provider reports the outcome (POST /webhooks/payments). */
  callbackUrl: string;
  /** The invocation, so an in-progress Idempotency-Key expires with it if the container dies. */
  lambdaContext?: Context;
  /** The Idempotency-Key store; the DynamoDB-backed one by default. */
  idempotency?: <A, R>(
    fn: (input: A) => Promise<R>,
    options: IdempotencyOptions,
  ) => (input: A, lambdaContext?: Context) => Promise<R>;
}

export type CreateBookingResult = Awaited<ReturnType<typeof holdAndRequestPayment>>;

/**
 * POST /bookings. Runs once per (client, Idempotency-Key): a retry with the same body gets the stored
 * response, a different body under the same key gets 422. Errors are not stored, so a 409 can be retried.
 */
export async function createBooking(
  deps: CreateBookingDeps,
  user: AuthUser,
  input: CreateBookingInput,
  idempotencyKey: string | undefined,
  /** Where the request came from (the per-network cap on pending holds). */
  origin?: { ip: string },
): Promise<CreateBookingResult> {
  requireRole(user, 'client');
  if (!IdempotencyKeyHeader.safeParse(idempotencyKey).success) throw new MissingIdempotencyKeyError();
  const once = (deps.idempotency ?? idempotent)(
    ({ body }: { key: string; body: CreateBookingInput }) =>
      holdAndRequestPayment(deps, user, body, origin && clientNetwork(origin.ip)),
    { scope: 'create-booking', keyPath: 'key', validatePath: 'body' },
  );
  try {
    return await once({ key: `${user.id}:${idempotencyKey}`, body: input }, deps.lambdaContext);
  } catch (error) {
    if (error instanceof IdempotencyValidationError) throw new IdempotencyKeyReusedError();
    if (error instanceof IdempotencyAlreadyInProgressError) throw new IdempotencyKeyInProgressError();
    throw error;
  }
}

async function holdAndRequestPayment(
  deps: CreateBookingDeps,
  user: AuthUser,
  input: CreateBookingInput,
  network: string | undefined,
) {
  const { db } = deps;
  const { booking, payment, outboxIds } = await holdRoom(deps, user, input, network);
  let current = payment;
  try {
    const created = await deps.paymentProvider.requestPayment({
      bookingId: booking.id,
      amount: booking.totalAmount,
      currency: booking.currency,
      callbackUrl: deps.callbackUrl,
      idempotencyKey: payment.id,
    });
    current = await setProviderPaymentId(db, payment.id, created.paymentId);
  } catch (error) {
    // The hold stands and expires on its own; the client sees a payment without a provider id.
    metrics.addMetric('PaymentRequestFailed', MetricUnit.Count, 1);
    log().warn('payment request failed; the hold will expire unless paid', {
      bookingId: booking.id,
      error: error as Error,
    });
  }
  // The notifications wait for the payment request (the client's answer depends on that one), then get
  // a small time budget (OUTBOX_RELAY_BUDGET_MS): what is not sent by then, the relay cron sends.
  await relayQuietly(db, outboxIds, { budgetMs: deps.relayBudgetMs });
  return { booking: toBookingView(booking), payment: toPaymentView(current) };
}

/** What the hold itself needs: the database, the clock and the limits. */
export type HoldDeps = Pick<
  CreateBookingDeps,
  | 'db'
  | 'now'
  | 'holdMinutes'
  | 'maxPendingBookings'
  | 'maxPendingPerNetwork'
  | 'maxPendingPerHotel'
  | 'maxNights'
>;

/**
 * The hold itself (the catalogue reads, then one transaction): the client's pending-hold limit (under a
 * per-client advisory lock so concurrent requests cannot exceed it), then the first free unit that the
 * exclusion constraint accepts, the payment row and the notifications. Exported for the
 * booking-throughput bench, which runs it without HTTP, the Idempotency-Key and the payment request.
 */
export async function holdRoom(
  deps: HoldDeps,
  user: AuthUser,
  input: CreateBookingInput,
  network: string | undefined,
) {
  const { db } = deps;
  const now = deps.now();
  // The room type brings its hotel; the hotel alone is read only to tell which of the two is unknown.
  const found = await findRoomType(db, input.roomTypeId);
  if (!found || found.hotel.id !== input.hotelId) {
    if (!(await findHotel(db, input.hotelId))) throw new HotelNotFoundError();
    throw new RoomTypeNotFoundError();
  }
  const { roomType, hotel } = found;
  const stay = { checkIn: input.checkIn, checkOut: input.checkOut };
  const problems = stayProblems(stay, input.guests, {
    timeZone: hotel.timeZone,
    capacity: roomType.capacity,
    maxNights: deps.maxNights,
    now,
  });
  if (problems.length > 0) throw new InvalidStayError(problems);
  const price = priceStay(
    stay,
    roomType.basePrice,
    (await ratesFor(db, [roomType.id], stay)).get(roomType.id) ?? [],
  );

  return db.transaction().execute(async (trx) => {
    await lockForHold(trx, user.id, roomType.id, stay);
    // Read once every lock is held, so it sees every hold committed under them.
    const { pendingHolds, freeRooms } = await holdState(trx, user.id, roomType.id, stay, now);
    if (pendingHolds >= deps.maxPendingBookings) {
      metrics.addMetric('BookingPendingLimitHit', MetricUnit.Count, 1);
      throw new TooManyPendingBookingsError(deps.maxPendingBookings, deps.holdMinutes * 60);
    }
    const expiresAt = new Date(now.getTime() + deps.holdMinutes * 60_000);
    for (const roomId of freeRooms) {
      const booking = await insertBookingIfFree(
        trx,
        {
          clientId: user.id,
          hotelId: hotel.id,
          roomTypeId: roomType.id,
          roomId,
          ...stay,
          guests: input.guests,
          totalAmount: price.total,
          currency: roomType.currency,
          expiresAt,
          cancellationTerms: {
            freeCancellationHours: hotel.freeCancellationHours,
            lateCancellationRefundPercent: hotel.lateCancellationRefundPercent,
            checkInAt: checkInInstant(stay.checkIn, hotel.checkInTime, hotel.timeZone),
          },
        },
        network ?? null,
      );
      if (!booking) continue; // taken by a concurrent booking since we looked: try the next unit
      const payment = await insertPayment(trx, booking);
      const outboxIds = await announce(trx, booking, hotel, now);
      // Last, so the caps' stripe locks cover only their counts and the commit (issue 14).
      await checkHoardingCaps(trx, deps, booking, network, now);
      metrics.addMetric('BookingHeld', MetricUnit.Count, 1);
      return { booking, payment, outboxIds };
    }
    metrics.addMetric('BookingRoomUnavailable', MetricUnit.Count, 1);
    throw new RoomUnavailableError();
  });
}

/**
 * Hold hoarding across accounts: besides the client's own cap, holds awaiting payment are capped per
 * client network (many accounts from one address or IPv6 /64) and per hotel (nobody empties a hotel with
 * unpaid holds). Runs after this hold's row is written, at the end of its transaction: the hold counts in
 * one stripe of each cap (adapters/hold-caps.ts: exact, and holds in one hotel do not wait for each
 * other), network first, then hotel; over a cap rolls the whole hold back. Nothing is locked after these.
 */
async function checkHoardingCaps(
  trx: Transaction<DB>,
  deps: HoldDeps,
  booking: Booking,
  network: string | undefined,
  now: Date,
) {
  const caps: HoldCap[] = [];
  if (network !== undefined && deps.maxPendingPerNetwork !== undefined)
    caps.push({ kind: 'network', network, limit: deps.maxPendingPerNetwork });
  if (deps.maxPendingPerHotel !== undefined)
    caps.push({ kind: 'hotel', hotelId: booking.hotelId, limit: deps.maxPendingPerHotel });
  const full = await takeCapStripes(trx, booking.id, caps, now);
  const retryAfter = deps.holdMinutes * 60;
  if (full?.kind === 'network') {
    metrics.addMetric('BookingNetworkLimitHit', MetricUnit.Count, 1);
    throw new TooManyPendingFromNetworkError(full.limit, retryAfter);
  }
  if (full?.kind === 'hotel') {
    metrics.addMetric('BookingHotelLimitHit', MetricUnit.Count, 1);
    throw new TooManyPendingInHotelError(retryAfter);
  }
}
