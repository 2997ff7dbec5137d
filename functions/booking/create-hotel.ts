import { requireRole } from '#platform/auth/access';
import type { AuthUser } from '#platform/auth/tokens';
import { type Hotel, insertHotel } from './adapters/catalogue.repository.js';
import type { BookingDbDeps } from './deps.js';
import type { HotelInput } from './schemas.js';

/** A hotelier creates a hotel they own. */
export async function createHotel({ db }: BookingDbDeps, user: AuthUser, input: HotelInput): Promise<Hotel> {
  requireRole(user, 'hotelier');
  return insertHotel(db, user.id, input);
}
