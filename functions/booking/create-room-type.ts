import type { AuthUser } from '#platform/auth/tokens';
import { insertRoomType } from './adapters/catalogue.repository.js';
import type { BookingDbDeps } from './deps.js';
import { ownHotel } from './ownership.js';
import type { RoomTypeInput } from './schemas.js';
import { toRoomTypeView } from './views.js';

export async function createRoomType(
  { db }: BookingDbDeps,
  user: AuthUser,
  hotelId: string,
  input: RoomTypeInput,
) {
  await ownHotel(db, user, hotelId);
  return toRoomTypeView(await insertRoomType(db, hotelId, input));
}
