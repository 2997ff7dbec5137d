/**
 * Hotels, room types, rooms and rates through the real HTTP handlers and PostgreSQL: the hotelier and
 * client access rules, strict bodies (search: search-hotels.test.ts).
 */

import { handler as addRoomsHandler } from '../../../functions/booking/handlers/http/add-rooms.js';
import { handler as createHotelHandler } from '../../../functions/booking/handlers/http/create-hotel.js';
import { handler as createRoomTypeHandler } from '../../../functions/booking/handlers/http/create-room-type.js';
import { handler as getHotelHandler } from '../../../functions/booking/handlers/http/get-hotel.js';
import { handler as putRateHandler } from '../../../functions/booking/handlers/http/put-rate.js';
import { handler as updateHotelHandler } from '../../../functions/booking/handlers/http/update-hotel.js';
import { handler as updateRoomTypeHandler } from '../../../functions/booking/handlers/http/update-room-type.js';
import { hotelWithRooms, inDays } from '../../support/booking.js';
import { callHttp } from '../../support/http-event.js';
import { createTestUser, type TestUser } from '../../support/users.js';

const hotelBody = { name: 'Seaside', city: 'Lisbon', address: 'Av. 1', timeZone: 'Europe/Lisbon' };
let owner: TestUser;
let otherHotelier: TestUser;
let client: TestUser;

beforeAll(async () => {
  [owner, otherHotelier, client] = await Promise.all([
    createTestUser({ role: 'hotelier' }),
    createTestUser({ role: 'hotelier' }),
    createTestUser({ role: 'client' }),
  ]);
});

describe('hotelier catalogue', () => {
  it('creates a hotel owned by the caller, with room types, rooms and rates', async () => {
    const hotel = await callHttp(createHotelHandler, {
      method: 'POST',
      path: '/hotels',
      token: owner.token,
      body: hotelBody,
    });
    expect(hotel.status).toBe(201);
    expect(hotel.body).toMatchObject({ ownerId: owner.id, checkInTime: '15:00', freeCancellationHours: 24 });
    expect(hotel.headers.location).toBe(`/hotels/${hotel.body.id}`);

    const roomType = await callHttp(createRoomTypeHandler, {
      method: 'POST',
      token: owner.token,
      params: { id: hotel.body.id },
      body: { name: 'Suite', capacity: 3, basePrice: 25_000, currency: 'EUR' },
    });
    expect(roomType.status).toBe(201);
    expect(roomType.body).toMatchObject({
      hotelId: hotel.body.id,
      basePrice: { amount: 25_000, currency: 'EUR' },
    });

    const rooms = await callHttp(addRoomsHandler, {
      method: 'POST',
      token: owner.token,
      params: { id: roomType.body.id },
      body: { labels: ['1', '2'] },
    });
    expect(rooms.status).toBe(201);
    expect(rooms.body.rooms).toHaveLength(2);
    const again = await callHttp(addRoomsHandler, {
      method: 'POST',
      token: owner.token,
      params: { id: roomType.body.id },
      body: { labels: ['3', '2'] },
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('BOOKING.ROOM_LABEL_TAKEN');

    const rate = await callHttp(putRateHandler, {
      method: 'PUT',
      token: owner.token,
      params: { id: roomType.body.id },
      body: { from: inDays(10), to: inDays(12), price: 30_000 },
    });
    expect(rate.status).toBe(200);
    expect(rate.body).toMatchObject({
      from: inDays(10),
      to: inDays(12),
      price: { amount: 30_000, currency: 'EUR' },
    });
    // A night costs at most 100,000,000 minor units, so the longest stay's total stays exact (bigint, < 2^53).
    const tooDear = await callHttp(putRateHandler, {
      method: 'PUT',
      token: owner.token,
      params: { id: roomType.body.id },
      body: { from: inDays(10), to: inDays(12), price: 100_000_001 },
    });
    expect(tooDear.status).toBe(400);
    expect(tooDear.body.errors.map((e: { field: string }) => e.field)).toEqual(['price']);

    const changed = await callHttp(updateRoomTypeHandler, {
      method: 'PATCH',
      token: owner.token,
      params: { id: roomType.body.id },
      body: { basePrice: 26_000 },
    });
    expect(changed.body.basePrice.amount).toBe(26_000);

    const detail = await callHttp(getHotelHandler, { token: client.token, params: { id: hotel.body.id } });
    expect(detail.status).toBe(200);
    expect(detail.body.roomTypes).toEqual([expect.objectContaining({ id: roomType.body.id, rooms: 2 })]);
  });

  it('rejects server-owned fields in bodies (400 naming the field), never applying them', async () => {
    const response = await callHttp(createHotelHandler, {
      method: 'POST',
      token: owner.token,
      body: { ...hotelBody, ownerId: otherHotelier.id, id: '00000000-0000-4000-8000-000000000000' },
    });
    expect(response.status).toBe(400);
    expect(response.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['id', 'ownerId']);
  });

  it('forbids clients from creating or editing hotels (403) and hoteliers from editing hotels they do not own (403)', async () => {
    const { hotel, roomType } = await hotelWithRooms(owner);
    expect(
      (await callHttp(createHotelHandler, { method: 'POST', token: client.token, body: hotelBody })).status,
    ).toBe(403);
    expect(
      (
        await callHttp(updateHotelHandler, {
          method: 'PATCH',
          token: client.token,
          params: { id: hotel.id },
          body: { name: 'Mine' },
        })
      ).status,
    ).toBe(403);

    const foreign = await callHttp(updateHotelHandler, {
      method: 'PATCH',
      token: otherHotelier.token,
      params: { id: hotel.id },
      body: { name: 'Mine' },
    });
    expect(foreign.status).toBe(403);
    expect(foreign.body.code).toBe('BOOKING.NOT_HOTEL_OWNER');
    for (const [handler, body] of [
      [createRoomTypeHandler, { name: 'X', capacity: 1, basePrice: 1, currency: 'EUR' }],
      [updateRoomTypeHandler, { name: 'X' }],
      [addRoomsHandler, { labels: ['9'] }],
      [putRateHandler, { from: inDays(1), to: inDays(2), price: 1 }],
    ] as const) {
      const id = handler === createRoomTypeHandler ? hotel.id : roomType.id;
      expect(
        (await callHttp(handler, { method: 'POST', token: otherHotelier.token, params: { id }, body }))
          .status,
      ).toBe(403);
    }
    const detail = await callHttp(getHotelHandler, { token: client.token, params: { id: hotel.id } });
    expect(detail.body.name).toBe(hotel.name);

    const mine = await callHttp(updateHotelHandler, {
      method: 'PATCH',
      token: owner.token,
      params: { id: hotel.id },
      body: { name: 'Renamed' },
    });
    expect(mine.body.name).toBe('Renamed');
    expect(
      (
        await callHttp(getHotelHandler, {
          token: client.token,
          params: { id: '00000000-0000-4000-8000-000000000000' },
        })
      ).status,
    ).toBe(404);
  });
});
