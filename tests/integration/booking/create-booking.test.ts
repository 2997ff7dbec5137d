/**
 * Holds: POST /bookings through the real handler (the provider reached over loopback HTTP), the
 * exclusion constraint under concurrency, the pending-hold limit, Idempotency-Key, access rules, cancel.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { createDb } from '#platform/db/client';
import { getDb } from '#platform/db/index';
import { cancelBooking } from '../../../functions/booking/cancel-booking.js';
import { createBooking } from '../../../functions/booking/create-booking.js';
import { handler as cancelHandler } from '../../../functions/booking/handlers/http/cancel-booking.js';
import { handler as createBookingHandler } from '../../../functions/booking/handlers/http/create-booking.js';
import { handler as getBookingHandler } from '../../../functions/booking/handlers/http/get-booking.js';
import { handler as listBookingsHandler } from '../../../functions/booking/handlers/http/list-bookings.js';
import { updateHotel } from '../../../functions/booking/update-hotel.js';
import { createPayment } from '../../../functions/payment-provider/create-payment.js';
import { handler as createPaymentHandler } from '../../../functions/payment-provider/handlers/http/create-payment.js';
import { asUser, bookingBridge, bookingDeps, hotelWithRooms, inDays } from '../../support/booking.js';
import { callHttp } from '../../support/http-event.js';
import { createTestUser, type TestUser } from '../../support/users.js';

let bridge: Awaited<ReturnType<typeof bookingBridge>>;
let owner: TestUser;

beforeAll(async () => {
  bridge = await bookingBridge();
  // Read once by the booking config on first use: the provider and the callback are the loopback bridge.
  process.env.PAYMENT_PROVIDER_URL = `${bridge.baseUrl}/payment-provider`;
  process.env.PUBLIC_BASE_URL = bridge.baseUrl;
  owner = await createTestUser({ role: 'hotelier' });
});

afterAll(async () => {
  await bridge.close();
});

const book = (user: TestUser, body: Record<string, unknown>, key: string | null = randomUUID()) =>
  callHttp(createBookingHandler, {
    method: 'POST',
    path: '/bookings',
    token: user.token,
    body,
    headers: key ? { 'idempotency-key': key } : {},
  });

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
    const { hotel, roomType, rooms } = await hotelWithRooms(owner, { basePrice: 12_345 });
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
      callback_url: `${bridge.baseUrl}/webhooks/payments`,
    });
  });

  it('rejects server-computed fields (400 naming each) and a missing Idempotency-Key (400)', async () => {
    const client = await createTestUser();
    const { hotel, roomType } = await hotelWithRooms(owner);
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
      clientId: owner.id,
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
    const { hotel, roomType } = await hotelWithRooms(owner, { rooms: 3 });
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
    const { hotel, roomType } = await hotelWithRooms(owner);
    const response = await book(owner, {
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
    const { hotel, roomType } = await hotelWithRooms(owner, { capacity: 2, timeZone: 'Pacific/Auckland' });
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
    const a = await hotelWithRooms(owner);
    const b = await hotelWithRooms(owner);
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

describe('POST /payment-provider/payments (simulator)', () => {
  const requestPayment = (
    callbackUrl: string,
    key: string | null = randomUUID(),
    body: { bookingId?: string; amount?: number } = {},
  ) =>
    callHttp(createPaymentHandler, {
      method: 'POST',
      path: '/payment-provider/payments',
      body: { bookingId: randomUUID(), amount: 100, currency: 'EUR', callbackUrl, ...body },
      headers: key ? { 'idempotency-key': key } : {},
    });

  it("only calls back this API's own webhook endpoint: no signed POSTs to other addresses", async () => {
    for (const callbackUrl of [
      'http://169.254.169.254/latest/meta-data/',
      'http://10.0.0.1:5432/webhooks/payments',
      `${bridge.baseUrl}/auth/login`,
      `${bridge.baseUrl}/webhooks/payments?x=1`,
    ]) {
      const refused = await requestPayment(callbackUrl);
      expect(refused.status).toBe(400);
      expect(refused.body.errors).toEqual([
        expect.objectContaining({
          field: 'callbackUrl',
          message: `Must be ${bridge.baseUrl}/webhooks/payments.`,
        }),
      ]);
    }
    expect((await requestPayment(`${bridge.baseUrl}/webhooks/payments`)).status).toBe(201);
  });

  it('creates one payment per Idempotency-Key, even for concurrent retries', async () => {
    const callback = `${bridge.baseUrl}/webhooks/payments`;
    const key = randomUUID();
    const body = { bookingId: randomUUID(), amount: 4_200 };
    const first = await requestPayment(callback, key, body);
    expect(first.status).toBe(201);
    // Retries racing each other, each on its own connection.
    const racedFor = randomUUID();
    const db = createDb(process.env.DATABASE_URL!, { max: 16 });
    const retries = await Promise.all(
      Array.from({ length: 16 }, () =>
        createPayment(
          { db, now: () => new Date(), apiBaseUrl: bridge.baseUrl },
          { bookingId: racedFor, amount: 4_200, currency: 'EUR', callbackUrl: callback },
          `${key}-raced`,
        ),
      ),
    ).finally(() => db.destroy());
    expect(new Set(retries.map((retry) => retry.paymentId)).size).toBe(1);
    expect((await requestPayment(callback, key, body)).body.paymentId).toBe(first.body.paymentId);
    const stored = await (await getDb())
      .selectFrom('provider_payments')
      .select(['id', 'merchant_reference'])
      .where('merchant_reference', 'in', [body.bookingId, racedFor])
      .execute();
    expect(stored).toHaveLength(2);

    const reused = await requestPayment(callback, key, { ...body, amount: 4_201 });
    expect(reused.status).toBe(422);
    expect(reused.body.code).toBe('PAYMENT_PROVIDER.IDEMPOTENCY_KEY_REUSED');
    const missing = await requestPayment(callback, null, body);
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual([expect.objectContaining({ field: 'idempotency-key' })]);
  });
});

describe('no double booking', () => {
  it('gives each unit to exactly one of many concurrent clients; the rest get 409 problem+json', async () => {
    const { hotel, roomType } = await hotelWithRooms(owner, { rooms: 3 });
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
    const { hotel, roomType } = await hotelWithRooms(owner, { rooms: 8 });
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

  it('books the longest stay at the highest nightly price: totals and refunds beyond 2^31 minor units', async () => {
    const client = await createTestUser();
    const { hotel, roomType } = await hotelWithRooms(owner, { basePrice: 100_000_000 });
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
    const { hotel, roomType, rooms } = await hotelWithRooms(owner);
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
});

describe('pending-hold limit', () => {
  it('lets a client hold at most 5 unpaid bookings, even when the requests race (429 with Retry-After)', async () => {
    const client = await createTestUser();
    const { hotel, roomType } = await hotelWithRooms(owner, { rooms: 10 });
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

describe('reading and cancelling bookings', () => {
  it("shows a client only their own bookings; anyone else's is 404, for clients and hoteliers alike", async () => {
    const [alice, bob] = await Promise.all([createTestUser(), createTestUser()]);
    const { hotel, roomType } = await hotelWithRooms(owner, { rooms: 2 });
    const created = await book(alice, {
      hotelId: hotel.id,
      roomTypeId: roomType.id,
      checkIn: inDays(3),
      checkOut: inDays(4),
      guests: 1,
    });
    const id = created.body.booking.id;
    const own = await callHttp(getBookingHandler, { token: alice.token, params: { id } });
    expect(own.status).toBe(200);
    expect(own.body.payment.id).toBe(created.body.payment.id);
    for (const stranger of [bob, owner]) {
      const response = await callHttp(getBookingHandler, { token: stranger.token, params: { id } });
      expect(response.status).toBe(404);
      expect(response.body.code).toBe('BOOKING.NOT_FOUND');
      expect(
        (await callHttp(cancelHandler, { method: 'POST', token: stranger.token, params: { id } })).status,
      ).toBe(404);
    }
    const list = await callHttp(listBookingsHandler, { token: alice.token });
    expect(list.body.items.map((b: { id: string }) => b.id)).toEqual([id]);
    expect((await callHttp(listBookingsHandler, { token: bob.token })).body.items).toEqual([]);
    expect(
      (await callHttp(listBookingsHandler, { token: alice.token, query: { status: 'confirmed' } })).body
        .items,
    ).toEqual([]);
  });

  it('cancels a hold (nothing to refund) and frees the unit; a second cancel is 409', async () => {
    const [alice, bob] = await Promise.all([createTestUser(), createTestUser()]);
    const { hotel, roomType } = await hotelWithRooms(owner, { rooms: 1 });
    const stay = {
      hotelId: hotel.id,
      roomTypeId: roomType.id,
      checkIn: inDays(3),
      checkOut: inDays(5),
      guests: 1,
    };
    const held = await book(alice, stay);
    expect((await book(bob, stay)).status).toBe(409);
    const cancelled = await callHttp(cancelHandler, {
      method: 'POST',
      token: alice.token,
      params: { id: held.body.booking.id },
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({
      booking: { status: 'cancelled', refundAmount: 0 },
      refund: { amount: 0, reason: 'nothing_paid' },
    });
    expect((await book(bob, stay)).status).toBe(201);
    const again = await callHttp(cancelHandler, {
      method: 'POST',
      token: alice.token,
      params: { id: held.body.booking.id },
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('BOOKING.NOT_CANCELLABLE');
  });

  it('refunds a confirmed booking in full before the deadline and per the hotel policy after it', async () => {
    const client = await createTestUser();
    const { hotel, roomType } = await hotelWithRooms(owner, {
      rooms: 2,
      basePrice: 10_001,
      freeCancellationHours: 48,
      lateCancellationRefundPercent: 50,
    });
    const db = await getDb();
    const confirm = async (checkIn: string) => {
      const { booking } = await createBooking(
        await bookingDeps(),
        asUser(client, 'client'),
        // Dates in the hotel's zone: between 23:00 and 24:00 UTC Berlin is a day ahead already.
        {
          hotelId: hotel.id,
          roomTypeId: roomType.id,
          checkIn,
          checkOut: inDays(10, 'Europe/Berlin'),
          guests: 1,
        },
        randomUUID(),
      );
      await db.updateTable('bookings').set({ status: 'confirmed' }).where('id', '=', booking.id).execute();
      await db
        .updateTable('payments')
        .set({ status: 'succeeded' })
        .where('booking_id', '=', booking.id)
        .execute();
      return booking.id;
    };
    const early = await confirm(inDays(7, 'Europe/Berlin'));
    const late = await confirm(inDays(1, 'Europe/Berlin'));
    const cancel = (id: string) =>
      callHttp(cancelHandler, { method: 'POST', token: client.token, params: { id } });
    expect((await cancel(early)).body.refund).toEqual({
      amount: 30_003,
      currency: 'EUR',
      reason: 'free_cancellation',
    });
    expect((await cancel(late)).body.refund).toEqual({
      amount: 45_004,
      currency: 'EUR',
      reason: 'late_cancellation',
    });
    const payment = await db
      .selectFrom('payments')
      .select('refund_due_amount')
      .where('booking_id', '=', late)
      .executeTakeFirstOrThrow();
    expect(Number(payment.refund_due_amount)).toBe(45_004);
  });

  it('refuses to cancel a confirmed booking once its check-in instant has passed (409 BOOKING.STAY_STARTED)', async () => {
    const client = await createTestUser();
    const { hotel, roomType } = await hotelWithRooms(owner);
    const db = await getDb();
    const { booking } = await createBooking(
      await bookingDeps(),
      asUser(client, 'client'),
      { hotelId: hotel.id, roomTypeId: roomType.id, checkIn: inDays(2), checkOut: inDays(4), guests: 1 },
      randomUUID(),
    );
    const checkInAt = new Date(booking.cancellationTerms.checkInAt);
    await db.updateTable('bookings').set({ status: 'confirmed' }).where('id', '=', booking.id).execute();
    await db
      .updateTable('payments')
      .set({ status: 'succeeded' })
      .where('booking_id', '=', booking.id)
      .execute();
    await expect(
      cancelBooking({ db, now: () => checkInAt }, asUser(client, 'client'), booking.id),
    ).rejects.toMatchObject({ code: 'BOOKING.STAY_STARTED' });
    // Through the handler (real clock): the stay is made to have started an hour ago.
    await db
      .updateTable('bookings')
      .set({ check_in_at: new Date(Date.now() - 3_600_000) })
      .where('id', '=', booking.id)
      .execute();
    const refused = await callHttp(cancelHandler, {
      method: 'POST',
      token: client.token,
      params: { id: booking.id },
    });
    expect(refused.status).toBe(409);
    expect(refused.headers['content-type']).toBe('application/problem+json');
    expect(refused.body.code).toBe('BOOKING.STAY_STARTED');
    const after = await db
      .selectFrom('bookings')
      .select('status')
      .where('id', '=', booking.id)
      .executeTakeFirstOrThrow();
    expect(after.status).toBe('confirmed');
  });

  it('refunds under the terms the booking was made with, whatever the hotel changes afterwards', async () => {
    const client = await createTestUser();
    const { hotel, roomType } = await hotelWithRooms(owner, {
      basePrice: 10_000,
      freeCancellationHours: 48,
      lateCancellationRefundPercent: 50,
    });
    const db = await getDb();
    const { booking } = await createBooking(
      await bookingDeps(),
      asUser(client, 'client'),
      {
        hotelId: hotel.id,
        roomTypeId: roomType.id,
        checkIn: inDays(1, 'Europe/Berlin'),
        checkOut: inDays(3, 'Europe/Berlin'),
        guests: 1,
      },
      randomUUID(),
    );
    await db.updateTable('bookings').set({ status: 'confirmed' }).where('id', '=', booking.id).execute();
    await db
      .updateTable('payments')
      .set({ status: 'succeeded' })
      .where('booking_id', '=', booking.id)
      .execute();
    // Under these terms the cancellation would be free (and check-in a day later).
    await updateHotel({ db }, asUser(owner, 'hotelier'), hotel.id, {
      freeCancellationHours: 0,
      lateCancellationRefundPercent: 0,
      timeZone: 'Pacific/Kiritimati',
      checkInTime: '23:00',
    });
    const cancelled = await callHttp(cancelHandler, {
      method: 'POST',
      token: client.token,
      params: { id: booking.id },
    });
    expect(cancelled.body.refund).toEqual({ amount: 10_000, currency: 'EUR', reason: 'late_cancellation' });
    expect(cancelled.body.booking.cancellationTerms).toEqual({
      freeCancellationHours: 48,
      lateCancellationRefundPercent: 50,
      checkInAt: booking.cancellationTerms.checkInAt,
    });
  });
});
