/** A hotel's bookings, for its owner only, through the real handler and PostgreSQL. */

import { createBooking } from '../../../functions/booking/create-booking.js';
import { handler as listHotelBookingsHandler } from '../../../functions/booking/handlers/http/list-hotel-bookings.js';
import { asUser, bookingDeps, hotelWithRooms, inDays } from '../../support/booking.js';
import { callHttp } from '../../support/http-event.js';
import { createTestUser } from '../../support/users.js';

describe('GET /hotels/{id}/bookings', () => {
  it("shows a hotel's bookings only to its owner (another hotelier: 403, a client: 403)", async () => {
    const owner = await createTestUser({ role: 'hotelier' });
    const otherHotelier = await createTestUser({ role: 'hotelier' });
    const client = await createTestUser();
    const { hotel, roomType } = await hotelWithRooms(owner, { rooms: 2 });
    const booked = await createBooking(
      await bookingDeps(),
      asUser(client, 'client'),
      { hotelId: hotel.id, roomTypeId: roomType.id, checkIn: inDays(5), checkOut: inDays(7), guests: 1 },
      `key-${Date.now()}`,
    );

    const own = await callHttp(listHotelBookingsHandler, {
      token: owner.token,
      params: { id: hotel.id },
      query: { from: inDays(0), to: inDays(30) },
    });
    expect(own.status).toBe(200);
    expect(own.body.items.map((b: { id: string }) => b.id)).toEqual([booked.booking.id]);
    const outside = await callHttp(listHotelBookingsHandler, {
      token: owner.token,
      params: { id: hotel.id },
      query: { from: inDays(7), to: inDays(9) },
    });
    expect(outside.body.items).toEqual([]);
    expect(
      (await callHttp(listHotelBookingsHandler, { token: otherHotelier.token, params: { id: hotel.id } }))
        .status,
    ).toBe(403);
    expect(
      (await callHttp(listHotelBookingsHandler, { token: client.token, params: { id: hotel.id } })).status,
    ).toBe(403);
    expect(
      (
        await callHttp(listHotelBookingsHandler, {
          token: owner.token,
          params: { id: hotel.id },
          query: { status: 'bogus' },
        })
      ).status,
    ).toBe(400);
  });
});
