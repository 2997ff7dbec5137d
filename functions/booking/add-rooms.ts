import type { AuthUser } from '#platform/auth/tokens';
import { insertRooms } from './adapters/catalogue.repository.js';
import type { BookingDbDeps } from './deps.js';
import { RoomLabelTakenError } from './domain/errors.js';
import { ownRoomType } from './ownership.js';

/** Adds physical rooms; all or nothing (a label already used by this type → 409, nothing added). */
export async function addRooms({ db }: BookingDbDeps, user: AuthUser, roomTypeId: string, labels: string[]) {
  await ownRoomType(db, user, roomTypeId);
  return db.transaction().execute(async (trx) => {
    const rooms = await insertRooms(trx, roomTypeId, labels);
    const taken = labels.find((label) => !rooms.some((room) => room.label === label));
    if (taken !== undefined) throw new RoomLabelTakenError(taken);
    return { rooms };
  });
}
