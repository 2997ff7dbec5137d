/**
 * Holds: POST /bookings through the real handler (the provider reached over loopback HTTP), the
 * exclusion constraint under concurrency, the pending-hold limit, Idempotency-Key, access rules
 * (reading and cancelling: cancel-booking.test.ts; the provider simulator: payment-provider/).
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { createDb } from '#platform/db/client';
import { getDb } from '#platform/db/index';
import { insertBookingIfFree } from '../../../functions/booking/adapters/bookings.repository.js';
import { cancelBooking } from '../../../functions/booking/cancel-booking.js';
import { createBooking } from '../../../functions/booking/create-booking.js';
import { handler as cancelHandler } from '../../../functions/booking/handlers/http/cancel-booking.js';
import { handler as getBookingHandler } from '../../../functions/booking/handlers/http/get-booking.js';
import {
  asUser,
  bookingDeps,
  hotelWithRooms,
  inDays,
  postBooking,
  useBookingBridge,
} from '../../support/booking.js';
import { callHttp } from '../../support/http-event.js';
import { createTestUser } from '../../support/users.js';

const ctx = useBookingBridge();
const book = postBooking;

const overlappingStays = async (roomTypeId: string) =>
  Number(
    (
      await sql<{ n: string }>`
        select count(*) as n from bookings a join bookings b
          on a.room_id = b.room_id and a.id < b.id
         and daterange(a.check_in, a.check_out) && daterange(b.check_in, b.check_out)
        where a.room_type_id = ${roomTypeId}
          and a.status in ('pending_payment', 'confirmed') and b.status in ('pending_payment', 'confirmed')`.execute(
        await getDb(),
      )
    ).rows[0]?.n,
  );

describe('POST /bookings', () => {
  it('holds a unit, computes the total and asks the provider for a payment', async () => {
    const client = await createTestUser();
    const { hotel, roomType, rooms } = await hotelWithRooms(ctx.owner, { basePrice: 12_345 });
    const response = await book(client, {
      hotelId: hotel.id,
      roomTypeId: roomType.id,
      checkIn: inDays(3),
      checkOut: inDays(5),
      guests: 2,
    });
    expect(response.status).toBe(201);
    expect(response.headers.location).toBe(`/bookings/${response.body.booking.id}`);
    expect(response.body.booking).toMatchObject({
      clientId: client.id,
      roomId: rooms[0]!.id,
      status: 'pending_payment',
      total: { amount: 24_690, currency: 'EUR' },
    });
    const holdMinutes =
      (Date.parse(response.body.booking.expiresAt) - Date.parse(response.body.booking.createdAt)) / 60_000;
    expect(Math.round(holdMinutes)).toBe(15);
    expect(response.body.payment).toMatchObject({ status: 'pending', providerPaymentId: expect.any(String) });
    const provider = await (await getDb())
      .selectFrom('provider_payments')
      .selectAll()
      .where('id', '=', response.body.payment.providerPaymentId)
      .executeTakeFirstOrThrow();
    expect(provider).toMatchObject({
      merchant_reference: response.body.booking.id,
      amount: '24690',
      currency: 'EUR',
      callback_url: `${ctx.bridge.baseUrl}/webhooks/payments`,
    });
  });

  it('rejects server-computed fields (400 naming each) and a missing Idempotency-Key (400)', async () => {
    const client = await createTestUser();
    const { hotel, roomType } = await hotelWithRooms(ctx.owner);
    const base = {
      hotelId: hotel.id,
      roomTypeId: roomType.id,
      checkIn: inDays(3),
      checkOut: inDays(4),
      guests: 1,
    };
    const forged = await book(client, {
      ...base,
      total: 1,
      price: 1,
      status: 'confirmed',
      clientId: ctx.owner.id,
    });
    expect(forged.status).toBe(400);
    expect(forged.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'clientId',
      'price',
      'status',
      'total',
    ]);
    const noKey = await book(client, base, null);
    expect(noKey.status).toBe(400);
    expect(noKey.body).toMatchObject({
      code: 'BOOKING.IDEMPOTENCY_KEY_REQUIRED',
      errors: [{ in: 'header', field: 'idempotency-key' }],
    });
    expect(
      await (await getDb()).selectFrom('bookings').select('id').where('client_id', '=', client.id).execute(),
    ).toEqual([]);
  });

  it('replays the same response for the same key and body, and answers 422 for the same key with another body', async () => {
    const client = await createTestUser();
    const { hotel, roomType } = await hotelWithRooms(ctx.owner, { rooms: 3 });
    const body = {
      hotelId: hotel.id,
      roomTypeId: roomType.id,
      checkIn: inDays(3),
      checkOut: inDays(4),
      guests: 1,
    };
    const key = randomUUID();
    const first = await book(client, body, key);
    const second = await book(client, body, key);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    const reused = await book(client, { ...body, guests: 2 }, key);
    expect(reused.status).toBe(422);
    expect(reused.body.code).toBe('BOOKING.IDEMPOTENCY_KEY_REUSED');
    // Keys are per client: another client's identical key is a new booking.
    const other = await book(await createTestUser(), body, key);
    expect(other.status).toBe(201);
    expect(other.body.booking.id).not.toBe(first.body.booking.id);
    const held = await (await getDb())
      .selectFrom('bookings')
      .select('id')
      .where('client_id', '=', client.id)
      .execute();
    expect(held).toHaveLength(1);
  });

  it('forbids hoteliers from booking (403)', async () => {
    const { hotel, roomType } = await hotelWithRooms(ctx.owner);
    const response = await book(ctx.owner, {
      hotelId: hotel.id,
      roomTypeId: roomType.id,
      checkIn: inDays(3),
      checkOut: inDays(4),
      guests: 1,
    });
    expect(response.status).toBe(403);
  });

  it('enforces dates and capacity in the hotel zone', async () => {
    const client = await createTestUser();
    const { hotel, roomType } = await hotelWithRooms(ctx.owner, {
      capacity: 2,
      timeZone: 'Pacific/Auckland',
    });
    const base = { hotelId: hotel.id, roomTypeId: roomType.id, guests: 1 };
    const fields = async (body: Record<string, unknown>) => {
      const response = await book(client, { ...base, ...body });
      expect(response.status).toBe(400);
      return response.body.errors.map((e: { field: string }) => e.field);
    };
    expect(
      await fields({ checkIn: inDays(-1, 'Pacific/Auckland'), checkOut: inDays(1, 'Pacific/Auckland') }),
    ).toEqual(['checkIn']);
    expect(await fields({ checkIn: inDays(3), checkOut: inDays(3) })).toEqual(['checkOut']);
    expect(await fields({ checkIn: inDays(3), checkOut: inDays(34) })).toEqual(['checkOut']);
    expect(await fields({ checkIn: inDays(3), checkOut: inDays(4), guests: 3 })).toEqual(['guests']);
    expect(
      (
        await book(client, {
          ...base,
          checkIn: inDays(0, 'Pacific/Auckland'),
          checkOut: inDays(1, 'Pacific/Auckland'),
        })
      ).status,
    ).toBe(201);
  });

  it('answers 404 for an unknown hotel or a room type of another hotel', async () => {
    const client = await createTestUser();
    const a = await hotelWithRooms(ctx.owner);
    const b = await hotelWithRooms(ctx.owner);
    const wrongType = await book(client, {
      hotelId: a.hotel.id,
      roomTypeId: b.roomType.id,
      checkIn: inDays(3),
      checkOut: inDays(4),
      guests: 1,
    });
    expect(wrongType.status).toBe(404);
    const noHotel = await book(client, {
      hotelId: randomUUID(),
      roomTypeId: b.roomType.id,
      checkIn: inDays(3),
      checkOut: inDays(4),
      guests: 1,
    });
    expect(noHotel.status).toBe(404);
  });
});

describe('no double booking', () => {
  it('gives each unit to exactly one of many concurrent clients; the rest get 409 problem+json', async () => {
    const { hotel, roomType } = await hotelWithRooms(ctx.owner, { rooms: 3 });
    const clients = await Promise.all(Array.from({ length: 12 }, () => createTestUser()));
    const deps = await bookingDeps();
    const stay = {
      hotelId: hotel.id,
      roomTypeId: roomType.id,
      checkIn: inDays(40),
      checkOut: inDays(43),
      guests: 1,
    };
    const results = await Promise.allSettled(
      clients.map((client) => createBooking(deps, asUser(client, 'client'), stay, randomUUID())),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(3);
    expect(lost.map((r) => r.reason.code)).toEqual(Array(9).fill('BOOKING.ROOM_UNAVAILABLE'));
    expect(lost[0]!.reason.status).toBe(409);
    expect(await overlappingStays(roomType.id)).toBe(0);

    const full = await book(clients[0]!, { ...stay, checkIn: inDays(42), checkOut: inDays(44) });
    expect(full.status).toBe(409);
    expect(full.headers['content-type']).toBe('application/problem+json');
    expect(full.body.code).toBe('BOOKING.ROOM_UNAVAILABLE');
  });

  it('never fails with a deadlock when many transactions race for the same units', async () => {
    // Concurrent inserts that conflict under an exclusion constraint can deadlock each other inside
    // PostgreSQL (each waits for the other's uncommitted row); the loser must retry, not answer 500.
    const { hotel, roomType } = await hotelWithRooms(ctx.owner, { rooms: 8 });
    const clients = await Promise.all(Array.from({ length: 24 }, () => createTestUser()));
    const db = createDb(process.env.DATABASE_URL!, { max: 24 });
    try {
      const deps = await bookingDeps({ db });
      for (let round = 0; round < 3; round++) {
        const stay = {
          hotelId: hotel.id,
          roomTypeId: roomType.id,
          checkIn: inDays(70 + round * 3),
          checkOut: inDays(72 + round * 3),
          guests: 1,
        };
        const results = await Promise.allSettled(
          clients.map((client) => createBooking(deps, asUser(client, 'client'), stay, randomUUID())),
        );
        const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
        expect(results.length - lost.length).toBe(8);
        expect(new Set(lost.map((r) => r.reason.code ?? r.reason.message))).toEqual(
          new Set(['BOOKING.ROOM_UNAVAILABLE']),
        );
      }
      expect(await overlappingStays(roomType.id)).toBe(0);
    } finally {
      await db.destroy();
    }
  }, 150_000);

  it('locks per night: back-to-back stays of one unit all win, partly overlapping ones never deadlock or overlap', async () => {
    // Holds lock (room type, night) in night order, so stays sharing no night run in parallel and
    // stays sharing some nights queue behind each other without deadlocks.
    const { hotel, roomType } = await hotelWithRooms(ctx.owner, { rooms: 1 });
    const clients = await Promise.all(Array.from({ length: 10 }, () => createTestUser()));
    const db = createDb(process.env.DATABASE_URL!, { max: 10 });
    try {
      const deps = await bookingDeps({ db });
      const stay = (checkIn: number, nights: number) => ({
        hotelId: hotel.id,
        roomTypeId: roomType.id,
        checkIn: inDays(checkIn),
        checkOut: inDays(checkIn + nights),
        guests: 1,
      });
      const backToBack = await Promise.allSettled(
        clients.map((client, i) =>
          createBooking(deps, asUser(client, 'client'), stay(120 + 2 * i, 2), randomUUID()),
        ),
      );
      expect(backToBack.filter((r) => r.status === 'fulfilled')).toHaveLength(10);

      // Stays of 3 nights starting on consecutive days: each shares nights with its neighbours.
      const shifted = await Promise.allSettled(
        clients.map((client, i) =>
          createBooking(deps, asUser(client, 'client'), stay(150 + i, 3), randomUUID()),
        ),
      );
      const lost = shifted.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(new Set(lost.map((r) => r.reason.code ?? r.reason.message))).toEqual(
        new Set(['BOOKING.ROOM_UNAVAILABLE']),
      );
      // No stay lost without cause: each loser shares a night with a winner.
      const won = shifted.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []));
      expect(won.length).toBeGreaterThanOrEqual(2);
      shifted.forEach((r, i) => {
        if (r.status === 'rejected') expect(won.some((w) => Math.abs(w - i) < 3)).toBe(true);
      });
      expect(await overlappingStays(roomType.id)).toBe(0);
    } finally {
      await db.destroy();
    }
  }, 150_000);

  it('books the longest stay at the highest nightly price: totals and refunds beyond 2^31 minor units', async () => {
    const client = await createTestUser();
    const { hotel, roomType } = await hotelWithRooms(ctx.owner, { basePrice: 100_000_000 });
    const response = await book(client, {
      hotelId: hotel.id,
      roomTypeId: roomType.id,
      checkIn: inDays(60),
      checkOut: inDays(90),
      guests: 1,
    });
    expect(response.status).toBe(201);
    expect(response.body.booking.total).toEqual({ amount: 3_000_000_000, currency: 'EUR' });
    const db = await getDb();
    const id = response.body.booking.id;
    await db.updateTable('bookings').set({ status: 'confirmed' }).where('id', '=', id).execute();
    await db.updateTable('payments').set({ status: 'succeeded' }).where('booking_id', '=', id).execute();
    const cancelled = await callHttp(cancelHandler, { method: 'POST', token: client.token, params: { id } });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.refund).toEqual({
      amount: 3_000_000_000,
      currency: 'EUR',
      reason: 'free_cancellation',
    });
    const mine = await callHttp(getBookingHandler, { method: 'GET', token: client.token, params: { id } });
    expect(mine.body.payment.refundDue).toBe(3_000_000_000);
    expect(mine.body.booking.refundAmount).toBe(3_000_000_000);
  });

  it('is enforced by the database itself: an overlapping insert on the same unit fails with 23P01', async () => {
    const client = await createTestUser();
    const { hotel, roomType, rooms } = await hotelWithRooms(ctx.owner);
    const db = await getDb();
    const row = {
      client_id: client.id,
      hotel_id: hotel.id,
      room_type_id: roomType.id,
      room_id: rooms[0]!.id,
      guests: 1,
      total_amount: 1,
      currency: 'EUR',
      expires_at: new Date(Date.now() + 60_000),
      free_cancellation_hours: 24,
      late_cancellation_refund_percent: 0,
      check_in_at: new Date(),
    };
    await db
      .insertInto('bookings')
      .values({ ...row, check_in: inDays(50), check_out: inDays(53), status: 'confirmed' })
      .execute();
    await expect(
      db
        .insertInto('bookings')
        .values({ ...row, check_in: inDays(52), check_out: inDays(54), status: 'pending_payment' })
        .execute(),
    ).rejects.toMatchObject({ code: '23P01' });
    // Back-to-back stays and bookings that no longer occupy the room are allowed.
    await db
      .insertInto('bookings')
      .values({ ...row, check_in: inDays(53), check_out: inDays(54), status: 'pending_payment' })
      .execute();
    await db
      .insertInto('bookings')
      .values({ ...row, check_in: inDays(50), check_out: inDays(53), status: 'expired' })
      .execute();
  });

  it('skips a unit taken since it looked free: the insert does nothing, after waiting for an uncommitted rival', async () => {
    const client = await createTestUser();
    const { hotel, roomType, rooms } = await hotelWithRooms(ctx.owner, { rooms: 2 });
    const db = createDb(process.env.DATABASE_URL!, { max: 2 });
    const hold = (roomId: string, checkIn: number) => ({
      clientId: client.id,
      hotelId: hotel.id,
      roomTypeId: roomType.id,
      roomId,
      checkIn: inDays(checkIn),
      checkOut: inDays(checkIn + 2),
      guests: 1,
      totalAmount: 10_000,
      currency: 'EUR',
      expiresAt: new Date(Date.now() + 60_000),
      cancellationTerms: {
        freeCancellationHours: 24,
        lateCancellationRefundPercent: 0,
        checkInAt: new Date(),
      },
    });
    /** A rival transaction holds `roomId` uncommitted while `contender` runs, then commits or rolls back. */
    const race = async (roomId: string, checkIn: number, rivalCommits: boolean) => {
      let inserted!: () => void;
      const rivalInserted = new Promise<void>((resolve) => {
        inserted = resolve;
      });
      const rival = db
        .transaction()
        .execute(async (trx) => {
          await insertBookingIfFree(trx, hold(roomId, checkIn));
          inserted();
          await new Promise((resolve) => setTimeout(resolve, 300));
          if (!rivalCommits) throw new Error('rival rolls back');
        })
        .catch(() => undefined);
      await rivalInserted;
      const contender = await db.transaction().execute(async (trx) => [
        await insertBookingIfFree(trx, hold(roomId, checkIn + 1)),
        // The transaction is still usable after a conflict.
        await insertBookingIfFree(trx, hold(rooms[1]!.id, checkIn + 1)),
      ]);
      await rival;
      return contender;
    };
    try {
      const [lost, other] = await race(rooms[0]!.id, 60, true);
      expect(lost).toBeUndefined();
      expect(other).toMatchObject({ roomId: rooms[1]!.id, status: 'pending_payment' });
      const [won] = await race(rooms[0]!.id, 70, false);
      expect(won).toMatchObject({ roomId: rooms[0]!.id, checkIn: inDays(71) });
      expect(await overlappingStays(roomType.id)).toBe(0);
    } finally {
      await db.destroy();
    }
  });
});

describe('pending-hold limit', () => {
  it('lets a client hold at most 5 unpaid bookings, even when the requests race (429 with Retry-After)', async () => {
    const client = await createTestUser();
    const { hotel, roomType } = await hotelWithRooms(ctx.owner, { rooms: 10 });
    const deps = await bookingDeps();
    const stay = {
      hotelId: hotel.id,
      roomTypeId: roomType.id,
      checkIn: inDays(60),
      checkOut: inDays(61),
      guests: 1,
    };
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, () => createBooking(deps, asUser(client, 'client'), stay, randomUUID())),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
    const limited = await book(client, stay);
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('BOOKING.TOO_MANY_PENDING');
    expect(limited.headers['retry-after']).toBe('900');

    // Cancelling one frees a slot.
    const first = results.find((r) => r.status === 'fulfilled') as PromiseFulfilledResult<
      Awaited<ReturnType<typeof createBooking>>
    >;
    await cancelBooking(
      { db: await getDb(), now: () => new Date() },
      asUser(client, 'client'),
      first.value.booking.id,
    );
    expect((await book(client, stay)).status).toBe(201);
  });
});
