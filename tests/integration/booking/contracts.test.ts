/**
 * Booking's contracts (the Telegram bot's entry points: createHold, listUserBookings,
 * cancelUserBooking) act for the user the caller names, with that user's role from identity — never an
 * assumed one: a hotelier cannot hold a room this way either (403, as over HTTP).
 */
import { randomUUID } from 'node:crypto';
import { invoker } from '#platform/contracts/invoke';
import { getDb } from '#platform/db/index';
import { CancelUserBooking, CreateHold, ListUserBookings } from '../../../functions/booking/contract.js';
import { handler as cancelUserBooking } from '../../../functions/booking/handlers/invoke/cancel-user-booking.js';
import { handler as createHold } from '../../../functions/booking/handlers/invoke/create-hold.js';
import { handler as listUserBookings } from '../../../functions/booking/handlers/invoke/list-user-bookings.js';
import { handler as lookupUsers } from '../../../functions/identity/handlers/invoke/lookup-users.js';
import { hotelWithRooms, inDays, useBookingBridge } from '../../support/booking.js';
import { directTransport, fakeLambdaApi } from '../../support/contracts.js';
import { createTestUser } from '../../support/users.js';

const ctx = useBookingBridge();
let lambda: Awaited<ReturnType<typeof fakeLambdaApi>>;
beforeAll(async () => {
  // The handlers reach identity's lookupUsers through the Lambda Invoke API, as on AWS.
  lambda = await fakeLambdaApi({ lookupUsersContract: lookupUsers });
  process.env.LAMBDA_ENDPOINT = lambda.endpoint;
});
afterAll(() => lambda.close());

const invoke = invoker(
  directTransport({
    createHoldContract: createHold,
    listUserBookingsContract: listUserBookings,
    cancelUserBookingContract: cancelUserBooking,
  }),
);

describe('booking contracts act for the named user with their own role', () => {
  it('a client holds, lists and cancels; a hotelier is refused 403 and nothing is held', async () => {
    const { hotel, roomType } = await hotelWithRooms(ctx.owner, { rooms: 2 });
    const stay = {
      hotelId: hotel.id,
      roomTypeId: roomType.id,
      checkIn: inDays(30),
      checkOut: inDays(32),
      guests: 2,
    };
    const client = await createTestUser();

    const held = await invoke(CreateHold, { userId: client.id, ...stay, idempotencyKey: randomUUID() });
    expect(held.booking.status).toBe('pending_payment');
    const listed = await invoke(ListUserBookings, { userId: client.id, limit: 10 });
    expect(listed.bookings.map((booking) => booking.id)).toEqual([held.booking.id]);

    // The hotel's own owner, and another hotelier: both refused, whatever the caller claims.
    for (const hotelier of [ctx.owner, await createTestUser({ role: 'hotelier' })]) {
      await expect(
        invoke(CreateHold, { userId: hotelier.id, ...stay, idempotencyKey: randomUUID() }),
      ).rejects.toMatchObject({ status: 403 });
    }
    const rows = await (await getDb())
      .selectFrom('bookings')
      .select('client_id')
      .where('room_type_id', '=', roomType.id)
      .execute();
    expect(rows).toEqual([{ client_id: client.id }]);

    const cancelled = await invoke(CancelUserBooking, { userId: client.id, bookingId: held.booking.id });
    expect(cancelled.booking.status).toBe('cancelled');
  });

  it('a user identity does not know is a 404 BOOKING.USER_NOT_FOUND', async () => {
    await expect(invoke(ListUserBookings, { userId: randomUUID(), limit: 10 })).rejects.toMatchObject({
      status: 404,
      code: 'BOOKING.USER_NOT_FOUND',
    });
  });
});
