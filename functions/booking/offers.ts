import type { Kysely } from 'kysely';
import type { DB } from '#platform/db/schema';
import { type FieldError, ValidationError } from '#platform/errors';
import { freeRoomCounts, type Hotel, listRoomTypes, ratesFor } from './adapters/catalogue.repository.js';
import { priceStay, type Stay, stayProblems } from './domain/stay.js';

// What searchHotels and getAvailability share: a stay checked as a query, and the priced offers for it.

export function assertSearchableStay(stay: Stay, rules: { timeZone: string; maxNights: number; now: Date }) {
  const problems: FieldError[] = stayProblems(stay, 1, rules).map((problem) => ({ ...problem, in: 'query' }));
  if (problems.length > 0) throw new ValidationError(problems);
}

/** Room types of these hotels sleeping `guests`, with a unit free for the whole stay, priced night by night. */
export async function offersFor(db: Kysely<DB>, hotels: Hotel[], stay: Stay, guests: number) {
  const roomTypes = await listRoomTypes(
    db,
    hotels.map((hotel) => hotel.id),
    guests,
  );
  const ids = roomTypes.map((roomType) => roomType.id);
  const [free, rates] = await Promise.all([freeRoomCounts(db, ids, stay), ratesFor(db, ids, stay)]);
  const offers = new Map<string, ReturnType<typeof toOffer>[]>();
  function toOffer(roomType: (typeof roomTypes)[number]) {
    const price = priceStay(stay, roomType.basePrice, rates.get(roomType.id) ?? []);
    return {
      roomTypeId: roomType.id,
      name: roomType.name,
      capacity: roomType.capacity,
      availableRooms: free.get(roomType.id) ?? 0,
      total: { amount: price.total, currency: roomType.currency },
      nightly: price.nightly,
    };
  }
  for (const roomType of roomTypes) {
    const offer = toOffer(roomType);
    if (offer.availableRooms === 0) continue;
    offers.set(roomType.hotelId, [...(offers.get(roomType.hotelId) ?? []), offer]);
  }
  return offers;
}
