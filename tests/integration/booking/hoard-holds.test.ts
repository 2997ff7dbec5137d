/**
 * Hold hoarding across accounts (POST /bookings): besides the per-client cap, holds awaiting payment are
 * capped per client network (an IPv4 address, an IPv6 /64) and per hotel.
 */
import { randomUUID } from 'node:crypto';
import { getDb } from '#platform/db/index';
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

  it('parallel holds in one hotel fill its cap exactly, across the stripes it is counted in', async () => {
    // A cap of 10 is counted in 8 stripes (shares 2, 2, 1, 1, 1, 1, 1, 1): 16 holds at once from 16
    // networks must find every free share, whichever stripe each starts from, and no more.
    const hotel = await hotelWithRooms(await owner(), { rooms: 16 });
    const deps = await bookingDeps({ maxPendingPerHotel: 10 });
    const results = await Promise.allSettled(
      Array.from({ length: 16 }, (_, i) => holdFrom(deps, hotel, `198.51.100.${i + 1}`)),
    );
    const refused = results.filter((result) => result.status === 'rejected');
    expect(results.length - refused.length).toBe(10);
    for (const result of refused)
      expect((result as PromiseRejectedResult).reason).toMatchObject({
        code: 'BOOKING.HOTEL_TOO_MANY_PENDING',
      });
    const stripes = await pendingStripes(hotel.hotel.id);
    expect(stripes).toEqual({ 0: 2, 1: 2, 2: 1, 3: 1, 4: 1, 5: 1, 6: 1, 7: 1 });
  });
});

/** How many pending holds of the hotel count in each of its cap's stripes. */
async function pendingStripes(hotelId: string): Promise<Record<number, number>> {
  const rows = await (await getDb())
    .selectFrom('bookings')
    .select(['hotel_cap_stripe as stripe', (eb) => eb.fn.countAll<string>().as('n')])
    .where('hotel_id', '=', hotelId)
    .where('status', '=', 'pending_payment')
    .groupBy('hotel_cap_stripe')
    .execute();
  return Object.fromEntries(rows.map((row) => [Number(row.stripe), Number(row.n)]));
}
