import type { Kysely } from 'kysely';
import type { DB } from '#platform/db/schema';
import type { FieldError } from '#platform/errors';
import { ValidationError } from '#platform/errors';
import {
  findHotel,
  freeRoomCounts,
  type Hotel,
  listRoomTypes,
  ratesFor,
  searchHotels,
} from './adapters/catalogue.repository.js';
import { toRoomTypeView } from './catalogue.js';
import { HotelNotFoundError } from './domain/errors.js';
import { priceStay, type Stay, stayProblems } from './domain/stay.js';
import type { AvailabilityInput, SearchInput } from './schemas.js';

// Queries anyone signed in may run: the catalogue is public, bookings are not.

interface Deps {
  db: Kysely<DB>;
  now?: () => Date;
  maxNights: number;
}

function assertSearchableStay(stay: Stay, rules: { timeZone: string; maxNights: number; now: Date }) {
  const problems: FieldError[] = stayProblems(stay, 1, rules).map((problem) => ({ ...problem, in: 'query' }));
  if (problems.length > 0) throw new ValidationError(problems);
}

/** Room types of these hotels sleeping `guests`, with a unit free for the whole stay, priced night by night. */
async function offersFor(db: Kysely<DB>, hotels: Hotel[], stay: Stay, guests: number) {
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

/** Hotels (optionally in a city); with dates, only those with a room type free for the whole stay, with its total. */
export async function findHotels({ db, now = () => new Date(), maxNights }: Deps, query: SearchInput) {
  const hotels = await searchHotels(db, { city: query.city, limit: query.limit });
  if (!query.checkIn || !query.checkOut) return { items: hotels };
  const stay = { checkIn: query.checkIn, checkOut: query.checkOut };
  // Past dates are judged per hotel zone at booking time; here the earliest zone (UTC+14) is lenient enough.
  assertSearchableStay(stay, { timeZone: 'Pacific/Kiritimati', maxNights, now: now() });
  const offers = await offersFor(db, hotels, stay, query.guests);
  return {
    items: hotels
      .filter((hotel) => offers.has(hotel.id))
      .map((hotel) => ({ ...hotel, offers: offers.get(hotel.id) ?? [] })),
  };
}

export async function getHotel({ db }: { db: Kysely<DB> }, hotelId: string) {
  const hotel = await findHotel(db, hotelId);
  if (!hotel) throw new HotelNotFoundError();
  const roomTypes = await listRoomTypes(db, [hotel.id]);
  return { ...hotel, roomTypes: roomTypes.map(toRoomTypeView) };
}

export async function getAvailability(
  { db, now = () => new Date(), maxNights }: Deps,
  hotelId: string,
  query: AvailabilityInput,
) {
  const hotel = await findHotel(db, hotelId);
  if (!hotel) throw new HotelNotFoundError();
  const stay = { checkIn: query.checkIn, checkOut: query.checkOut };
  assertSearchableStay(stay, { timeZone: hotel.timeZone, maxNights, now: now() });
  const offers = await offersFor(db, [hotel], stay, query.guests);
  return { hotelId: hotel.id, ...stay, guests: query.guests, offers: offers.get(hotel.id) ?? [] };
}
