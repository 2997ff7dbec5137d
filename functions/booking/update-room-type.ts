import type { AuthUser } from '#platform/auth/tokens';
import { updateRoomType as saveRoomType } from './adapters/catalogue.repository.js';
import type { BookingDbDeps } from './deps.js';
import { ownRoomType } from './ownership.js';
import type { UpdateRoomTypeInput } from './schemas.js';
import { toRoomTypeView } from './views.js';

export async function updateRoomType(
  { db }: BookingDbDeps,
  user: AuthUser,
  roomTypeId: string,
  changes: UpdateRoomTypeInput,
) {
  await ownRoomType(db, user, roomTypeId);
  return toRoomTypeView(await saveRoomType(db, roomTypeId, changes));
}
