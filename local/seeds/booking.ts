import { DateTime } from 'luxon';
import type { Database } from '#platform/db/client';
import {
  insertHotel,
  insertRate,
  insertRooms,
  insertRoomType,
} from '../../functions/booking/adapters/catalogue.repository.js';
import { hashPassword } from '../../functions/identity/domain/passwords.js';

// Same shape as Seed in ./index.ts (not imported from there, so the two files do not import each other).
type Seed = (ctx: { db: Database; log: (line: string) => void }) => Promise<string[]>;

export const DEMO_PASSWORD = 'syncore-demo-1234';
export const DEMO_CLIENT_EMAIL = 'demo-client@syncore.local';
export const DEMO_HOTELIER_EMAIL = 'demo-hotelier@syncore.local';

const HOTELS = [
  {
    name: 'Spree Residence',
    city: 'Berlin',
    address: 'Friedrichstraße 100, 10117 Berlin',
    timeZone: 'Europe/Berlin',
    currency: 'EUR',
  },
  {
    name: 'Hudson Lofts',
    city: 'New York',
    address: '200 Hudson St, New York, NY 10013',
    timeZone: 'America/New_York',
    currency: 'USD',
  },
  {
    name: 'Shibuya Garden Inn',
    city: 'Tokyo',
    address: '2-1 Dogenzaka, Shibuya, Tokyo',
    timeZone: 'Asia/Tokyo',
    currency: 'JPY',
  },
  {
    name: 'Alfama Terrace',
    city: 'Lisbon',
    address: 'Rua de São Miguel 5, Lisboa',
    timeZone: 'Europe/Lisbon',
    currency: 'EUR',
  },
];
// Minor units: cents for EUR/USD; JPY has no minor unit.
const PRICES: Record<string, [number, number]> = {
  EUR: [9_900, 18_900],
  USD: [14_900, 29_900],
  JPY: [12_000, 24_000],
};

async function upsertUser(
  ctx: Parameters<Seed>[0],
  email: string,
  name: string,
  role: 'client' | 'hotelier',
  timeZone: string,
) {
  const existing = await ctx.db
    .selectFrom('users')
    .select('id')
    .where('email', '=', email)
    .executeTakeFirst();
  if (existing) return { id: existing.id, created: false };
  const row = await ctx.db
    .insertInto('users')
    .values({ email, name, role, time_zone: timeZone, password_hash: await hashPassword(DEMO_PASSWORD) })
    .onConflict((conflict) => conflict.column('email').doNothing())
    .returning('id')
    .executeTakeFirst();
  const id =
    row?.id ??
    (await ctx.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
  return { id, created: true };
}

/**
 * Demo hotels (four cities, four time zones) owned by a demo hotelier, each with two room types, rooms
 * and a weekend rate, plus a demo client. Idempotent: the demo hotelier's hotels are created once.
 */
export const seedBooking: Seed = async (ctx) => {
  await upsertUser(ctx, DEMO_CLIENT_EMAIL, 'Demo Client', 'client', 'Europe/Berlin');
  const hotelier = await upsertUser(ctx, DEMO_HOTELIER_EMAIL, 'Demo Hotelier', 'hotelier', 'Europe/Berlin');
  const hasHotels = await ctx.db
    .selectFrom('hotels')
    .select('id')
    .where('owner_id', '=', hotelier.id)
    .executeTakeFirst();
  if (!hasHotels) {
    const weekendStart = DateTime.utc().plus({ weeks: 1 }).set({ weekday: 5 }).toISODate()!;
    const weekendEnd = DateTime.fromISO(weekendStart).plus({ days: 2 }).toISODate()!;
    await ctx.db.transaction().execute(async (trx) => {
      for (const spec of HOTELS) {
        const hotel = await insertHotel(trx, hotelier.id, {
          name: spec.name,
          city: spec.city,
          address: spec.address,
          timeZone: spec.timeZone,
          checkInTime: '15:00',
          checkOutTime: '11:00',
          freeCancellationHours: 48,
          lateCancellationRefundPercent: 50,
        });
        const [standard, suite] = PRICES[spec.currency]!;
        const double = await insertRoomType(trx, hotel.id, {
          name: 'Double',
          capacity: 2,
          basePrice: standard,
          currency: spec.currency,
        });
        const family = await insertRoomType(trx, hotel.id, {
          name: 'Family Suite',
          capacity: 4,
          basePrice: suite,
          currency: spec.currency,
        });
        await insertRooms(trx, double.id, ['101', '102', '103']);
        await insertRooms(trx, family.id, ['201', '202']);
        await insertRate(trx, double.id, {
          from: weekendStart,
          to: weekendEnd,
          price: Math.round(standard * 1.3),
        });
      }
    });
    ctx.log(`booking: seeded ${HOTELS.length} demo hotels`);
  }
  return [
    `booking demo client:   ${DEMO_CLIENT_EMAIL} / ${DEMO_PASSWORD}`,
    `booking demo hotelier: ${DEMO_HOTELIER_EMAIL} / ${DEMO_PASSWORD} (owns ${HOTELS.map((h) => h.city).join(', ')})`,
  ];
};
