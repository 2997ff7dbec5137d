/**
 * Hold hoarding across accounts (POST /bookings): besides the per-client cap, holds awaiting payment are
 * capped per client network (an IPv4 address, an IPv6 /64) and per hotel.
 */
import { randomUUID } from 'node:crypto';
import { createBooking } from '../../../functions/booking/create-booking.js';
import { asUser, bookingDeps, hotelWithRooms, inDays } from '../../support/booking.js';
import { createTestUser } from '../../support/users.js';

const owner = () => createTestUser({ role: 'hotelier' });

async function holdFrom(
  deps: Awaited<ReturnType<typeof bookingDeps>>,
  hotel: Awaited<ReturnType<typeof hotelWithRooms>>,
  ip: string,
) {
  const client = await createTestUser();
  const stay = {
    hotelId: hotel.hotel.id,
    roomTypeId: hotel.roomType.id,
    checkIn: inDays(10),
    checkOut: inDays(12),
    guests: 1,
  };
  return createBooking(deps, asUser(client, 'client'), stay, randomUUID(), { ip });
}

describe('pending holds per client network and per hotel', () => {
  it('caps holds from one IPv6 /64 across accounts (429 with Retry-After); another /64 still books', async () => {
    const hotel = await hotelWithRooms(await owner(), { rooms: 6 });
    const deps = await bookingDeps({ maxPendingPerNetwork: 2 });
    await holdFrom(deps, hotel, '2001:db8:aa:1::10');
    await holdFrom(deps, hotel, '2001:db8:aa:1:ffff::20');
    const third = holdFrom(deps, hotel, '2001:db8:aa:1::30');
    await expect(third).rejects.toMatchObject({ status: 429, code: 'BOOKING.TOO_MANY_PENDING_FROM_NETWORK' });
    const error = await third.catch((caught) => caught);
    expect(Number(error.extra.headers['retry-after'])).toBeGreaterThan(0);
    await expect(holdFrom(deps, hotel, '2001:db8:aa:2::30')).resolves.toMatchObject({
      booking: { status: 'pending_payment' },
    });
    await expect(holdFrom(deps, hotel, '198.51.100.7')).resolves.toMatchObject({
      booking: { status: 'pending_payment' },
    });
  });

  it('caps holds awaiting payment in one hotel, whoever and wherever the clients are', async () => {
    const hotel = await hotelWithRooms(await owner(), { rooms: 5 });
    const other = await hotelWithRooms(await owner(), { rooms: 1 });
    const deps = await bookingDeps({ maxPendingPerHotel: 2 });
    await holdFrom(deps, hotel, '203.0.113.1');
    await holdFrom(deps, hotel, '203.0.113.2');
    await expect(holdFrom(deps, hotel, '203.0.113.3')).rejects.toMatchObject({
      status: 429,
      code: 'BOOKING.HOTEL_TOO_MANY_PENDING',
    });
    await expect(holdFrom(deps, other, '203.0.113.3')).resolves.toMatchObject({
      booking: { status: 'pending_payment' },
    });
  });

  it('holds under both caps from parallel requests never exceed them', async () => {
    const hotel = await hotelWithRooms(await owner(), { rooms: 8 });
    const deps = await bookingDeps({ maxPendingPerNetwork: 3 });
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, () => holdFrom(deps, hotel, '192.0.2.55')),
    );
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(3);
  });
});
