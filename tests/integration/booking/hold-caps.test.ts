/**
 * The anti-hoarding caps' stripes (functions/booking/adapters/hold-caps.ts) on the real database, with the
 * first stripe of each cap chosen by the test: both caps counted in one attempt when their first stripes
 * have room, and stripe by stripe, exactly, when one of them is full.
 */
import { getDb } from '#platform/db/index';
import { insertBookingIfFree } from '../../../functions/booking/adapters/bookings.repository.js';
import { type HoldCap, takeCapStripes } from '../../../functions/booking/adapters/hold-caps.js';
import { hotelWithRooms, inDays } from '../../support/booking.js';
import { createTestUser } from '../../support/users.js';

class RolledBack extends Error {}

describe('takeCapStripes', () => {
  it('counts a hold in the first stripe of every cap, else stripe by stripe, and names the cap that is full', async () => {
    const db = await getDb();
    const owner = await createTestUser({ role: 'hotelier' });
    const client = await createTestUser();
    const { hotel, roomType, rooms } = await hotelWithRooms(owner, { rooms: 6 });
    // A network cap of 2 (stripes 0 and 1, one hold each), a hotel cap of 3 (stripes 0, 1, 2).
    const caps = (network: string): HoldCap[] => [
      { kind: 'network', network, limit: 2 },
      { kind: 'hotel', hotelId: hotel.id, limit: 3 },
    ];
    let unit = 0;
    /** A hold on the next unit, counted with `first` stripes; committed unless a cap is full. */
    const hold = (network: string, first: number[]) =>
      db
        .transaction()
        .execute(async (trx) => {
          const booking = await insertBookingIfFree(
            trx,
            {
              clientId: client.id,
              hotelId: hotel.id,
              roomTypeId: roomType.id,
              roomId: rooms[unit++]!.id,
              checkIn: inDays(20),
              checkOut: inDays(21),
              guests: 1,
              totalAmount: 10_000,
              currency: 'EUR',
              expiresAt: new Date(Date.now() + 15 * 60_000),
              cancellationTerms: {
                freeCancellationHours: 24,
                lateCancellationRefundPercent: 50,
                checkInAt: new Date(),
              },
            },
            network,
          );
          const full = await takeCapStripes(trx, booking!.id, caps(network), new Date(), first);
          if (full) throw new RolledBack(full.kind);
          return trx
            .selectFrom('bookings')
            .select(['network_cap_stripe as network', 'hotel_cap_stripe as hotel'])
            .where('id', '=', booking!.id)
            .executeTakeFirstOrThrow();
        })
        .catch((error) => (error instanceof RolledBack ? { full: error.message } : Promise.reject(error)));

    // Both first stripes have room: counted there in one attempt.
    expect(await hold('192.0.2.1', [0, 0])).toEqual({ network: 0, hotel: 0 });
    // Both first stripes are full: each cap is counted stripe by stripe from its first.
    expect(await hold('192.0.2.1', [0, 0])).toEqual({ network: 1, hotel: 1 });
    // The network's two stripes are full: that cap is named, nothing is recorded.
    expect(await hold('192.0.2.1', [1, 2])).toEqual({ full: 'network' });
    // Another network has room; the hotel's stripe 0 is full, its stripe 2 is not.
    expect(await hold('192.0.2.2', [1, 0])).toEqual({ network: 1, hotel: 2 });
    // Every hotel stripe is full.
    expect(await hold('192.0.2.3', [0, 0])).toEqual({ full: 'hotel' });

    const counted = await db
      .selectFrom('bookings')
      .select(['client_network', 'network_cap_stripe', 'hotel_cap_stripe'])
      .where('hotel_id', '=', hotel.id)
      .orderBy('hotel_cap_stripe')
      .execute();
    expect(counted).toEqual([
      { client_network: '192.0.2.1', network_cap_stripe: 0, hotel_cap_stripe: 0 },
      { client_network: '192.0.2.1', network_cap_stripe: 1, hotel_cap_stripe: 1 },
      { client_network: '192.0.2.2', network_cap_stripe: 1, hotel_cap_stripe: 2 },
    ]);
  });
});
