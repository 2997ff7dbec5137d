import type { AuthUser } from '#platform/auth/tokens';
import { type Hotel, updateHotel as saveHotel } from './adapters/catalogue.repository.js';
import type { BookingDbDeps } from './deps.js';
import { ownHotel } from './ownership.js';
import type { UpdateHotelInput } from './schemas.js';

export async function updateHotel(
  { db }: BookingDbDeps,
  user: AuthUser,
  hotelId: string,
  changes: UpdateHotelInput,
): Promise<Hotel> {
  await ownHotel(db, user, hotelId);
  return saveHotel(db, hotelId, changes);
}
