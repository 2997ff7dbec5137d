/**
 * Reading and cancelling bookings through the real handlers: who sees which booking, refunds by the
 * terms the booking was made under.
 */
import { randomUUID } from 'node:crypto';
import { getDb } from '#platform/db/index';
import { cancelBooking } from '../../../functions/booking/cancel-booking.js';
import { createBooking } from '../../../functions/booking/create-booking.js';
import { handler as cancelHandler } from '../../../functions/booking/handlers/http/cancel-booking.js';
import { handler as getBookingHandler } from '../../../functions/booking/handlers/http/get-booking.js';
import { handler as listBookingsHandler } from '../../../functions/booking/handlers/http/list-bookings.js';
import { updateHotel } from '../../../functions/booking/update-hotel.js';
import * as fixtures from '../../support/booking.js';
import { callHttp } from '../../support/http-event.js';
import { createTestUser } from '../../support/users.js';

const ctx = fixtures.useBookingBridge();
const book = fixtures.postBooking;

describe('reading and cancelling bookings', () => {
  it("shows a client only their own bookings; anyone else's is 404, for clients and hoteliers alike", async () => {
    const [alice, bob] = await Promise.all([createTestUser(), createTestUser()]);
    const { hotel, roomType } = await fixtures.hotelWithRooms(ctx.owner, { rooms: 2 });
    const created = await book(alice, {
      hotelId: hotel.id,
      roomTypeId: roomType.id,
      checkIn: fixtures.inDays(3),
      checkOut: fixtures.inDays(4),
      guests: 1,
    });
    const id = created.body.booking.id;
    const own = await callHttp(getBookingHandler, { token: alice.token, params: { id } });
    expect(own.status).toBe(200);
    expect(own.body.payment.id).toBe(created.body.payment.id);
    for (const stranger of [bob, ctx.owner]) {
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
    const { hotel, roomType } = await fixtures.hotelWithRooms(ctx.owner, { rooms: 1 });
    const stay = {
      hotelId: hotel.id,
      roomTypeId: roomType.id,
      checkIn: fixtures.inDays(3),
      checkOut: fixtures.inDays(5),
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
    const { hotel, roomType } = await fixtures.hotelWithRooms(ctx.owner, {
      rooms: 2,
      basePrice: 10_001,
      freeCancellationHours: 48,
      lateCancellationRefundPercent: 50,
    });
    const db = await getDb();
    const confirm = async (checkIn: string) => {
      const { booking } = await createBooking(
        await fixtures.bookingDeps(),
        fixtures.asUser(client, 'client'),
        // Dates in the hotel's zone: between 23:00 and 24:00 UTC Berlin is a day ahead already.
        {
          hotelId: hotel.id,
          roomTypeId: roomType.id,
          checkIn,
          checkOut: fixtures.inDays(10, 'Europe/Berlin'),
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
    const early = await confirm(fixtures.inDays(7, 'Europe/Berlin'));
    const late = await confirm(fixtures.inDays(1, 'Europe/Berlin'));
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
    const { hotel, roomType } = await fixtures.hotelWithRooms(ctx.owner);
    const db = await getDb();
    const { booking } = await createBooking(
      await fixtures.bookingDeps(),
      fixtures.asUser(client, 'client'),
      {
        hotelId: hotel.id,
        roomTypeId: roomType.id,
        checkIn: fixtures.inDays(2),
        checkOut: fixtures.inDays(4),
        guests: 1,
      },
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
      cancelBooking({ db, now: () => checkInAt }, fixtures.asUser(client, 'client'), booking.id),
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
    const { hotel, roomType } = await fixtures.hotelWithRooms(ctx.owner, {
      basePrice: 10_000,
      freeCancellationHours: 48,
      lateCancellationRefundPercent: 50,
    });
    const db = await getDb();
    const { booking } = await createBooking(
      await fixtures.bookingDeps(),
      fixtures.asUser(client, 'client'),
      {
        hotelId: hotel.id,
        roomTypeId: roomType.id,
        checkIn: fixtures.inDays(1, 'Europe/Berlin'),
        checkOut: fixtures.inDays(3, 'Europe/Berlin'),
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
    await updateHotel({ db }, fixtures.asUser(ctx.owner, 'hotelier'), hotel.id, {
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
