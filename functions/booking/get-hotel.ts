import { findHotel, listRoomTypes } from './adapters/catalogue.repository.js';
import type { BookingDbDeps } from './deps.js';
import { HotelNotFoundError } from './domain/errors.js';
import { toRoomTypeView } from './views.js';

/** A hotel and its room types (the catalogue is public to anyone signed in). */
export async function getHotel({ db }: BookingDbDeps, hotelId: string) {
  const hotel = await findHotel(db, hotelId);
  if (!hotel) throw new HotelNotFoundError();
  const roomTypes = await listRoomTypes(db, [hotel.id]);
  return { ...hotel, roomTypes: roomTypes.map(toRoomTypeView) };
}
