/** Search and availability with prices through the real HTTP handlers and PostgreSQL. */
import { createBooking } from '../../../functions/booking/create-booking.js';
import { handler as getAvailabilityHandler } from '../../../functions/booking/handlers/http/get-availability.js';
import { handler as putRateHandler } from '../../../functions/booking/handlers/http/put-rate.js';
import { handler as searchHotelsHandler } from '../../../functions/booking/handlers/http/search-hotels.js';
import { asUser, bookingDeps, hotelWithRooms, inDays } from '../../support/booking.js';
import { callHttp } from '../../support/http-event.js';
import { createTestUser, type TestUser } from '../../support/users.js';

let owner: TestUser;
let client: TestUser;

beforeAll(async () => {
  [owner, client] = await Promise.all([
    createTestUser({ role: 'hotelier' }),
    createTestUser({ role: 'client' }),
  ]);
});

describe('search and availability', () => {
  it('finds hotels in a city with a room type free for the whole stay, priced night by night', async () => {
    const city = `Porto-${Date.now()}`;
    const { hotel, roomType } = await hotelWithRooms(owner, {
      city,
      rooms: 1,
      basePrice: 10_000,
      capacity: 2,
    });
    await hotelWithRooms(owner, { city, rooms: 1, capacity: 1 }); // sleeps one: filtered out for two guests
    await callHttp(putRateHandler, {
      method: 'PUT',
      token: owner.token,
      params: { id: roomType.id },
      body: { from: inDays(21), to: inDays(22), price: 15_000 },
    });

    const found = await callHttp(searchHotelsHandler, {
      token: client.token,
      query: { city: city.toLowerCase(), checkIn: inDays(20), checkOut: inDays(23), guests: '2' },
    });
    expect(found.status).toBe(200);
    expect(found.body.items).toHaveLength(1);
    expect(found.body.items[0]).toMatchObject({
      id: hotel.id,
      offers: [{ roomTypeId: roomType.id, availableRooms: 1, total: { amount: 35_000, currency: 'EUR' } }],
    });

    // Once the only unit is held for an overlapping stay, the hotel drops out of the results.
    await createBooking(
      await bookingDeps(),
      asUser(client, 'client'),
      { hotelId: hotel.id, roomTypeId: roomType.id, checkIn: inDays(22), checkOut: inDays(24), guests: 2 },
      `s-${Date.now()}`,
    );
    const after = await callHttp(searchHotelsHandler, {
      token: client.token,
      query: { city, checkIn: inDays(20), checkOut: inDays(23), guests: '2' },
    });
    expect(after.body.items).toEqual([]);
    // Back-to-back is fine: the stay ending on the 22nd does not overlap one starting on the 22nd.
    const before = await callHttp(getAvailabilityHandler, {
      token: client.token,
      params: { id: hotel.id },
      query: { checkIn: inDays(20), checkOut: inDays(22) },
    });
    expect(before.body.offers).toEqual([
      expect.objectContaining({
        roomTypeId: roomType.id,
        availableRooms: 1,
        total: { amount: 25_000, currency: 'EUR' },
      }),
    ]);
  });

  it('validates queries: unknown parameters, one date without the other, check-out before check-in, too long', async () => {
    const search = (query: Record<string, string>) =>
      callHttp(searchHotelsHandler, { token: client.token, query });
    expect((await search({ city: 'x', price: '1' })).status).toBe(400);
    expect((await search({ checkIn: inDays(3) })).status).toBe(400);
    expect((await search({ checkIn: inDays(3), checkOut: inDays(2) })).status).toBe(400);
    expect((await search({ checkIn: inDays(3), checkOut: inDays(40) })).status).toBe(400);
    expect((await callHttp(searchHotelsHandler, { query: { city: 'x' } })).status).toBe(401);
    const listed = await search({});
    expect(listed.status).toBe(200);
  });
});
