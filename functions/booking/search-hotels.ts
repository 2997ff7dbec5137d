import { findHotels } from './adapters/catalogue.repository.js';
import type { StayQueryDeps } from './deps.js';
import { assertSearchableStay, offersFor } from './offers.js';
import type { SearchInput } from './schemas.js';

/** Hotels (optionally in a city); with dates, only those with a room type free for the whole stay, with its total. */
export async function searchHotels(
  { db, now = () => new Date(), maxNights }: StayQueryDeps,
  query: SearchInput,
) {
  const hotels = await findHotels(db, { city: query.city, limit: query.limit });
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
