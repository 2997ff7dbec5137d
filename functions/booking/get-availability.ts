import { findHotel } from './adapters/catalogue.repository.js';
import type { StayQueryDeps } from './deps.js';
import { HotelNotFoundError } from './domain/errors.js';
import { assertSearchableStay, offersFor } from './offers.js';
import type { AvailabilityInput } from './schemas.js';

/** The hotel's room types free for the whole stay, priced night by night. */
export async function getAvailability(
  { db, now = () => new Date(), maxNights }: StayQueryDeps,
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
