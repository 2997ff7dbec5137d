import type { Kysely } from 'kysely';
import { requireRole } from '#platform/auth/access';
import type { AuthUser } from '#platform/auth/tokens';
import type { DB } from '#platform/db/schema';
import {
  findHotel,
  findRoomType,
  type Hotel,
  insertHotel,
  insertRate,
  insertRooms,
  insertRoomType,
  type RoomType,
  updateHotel,
  updateRoomType,
} from './adapters/catalogue.repository.js';
import {
  HotelNotFoundError,
  NotHotelOwnerError,
  RoomLabelTakenError,
  RoomTypeNotFoundError,
} from './domain/errors.js';
import type {
  HotelInput,
  PutRateInput,
  RoomTypeInput,
  UpdateHotelInput,
  UpdateRoomTypeInput,
} from './schemas.js';

// Hotelier commands on the catalogue. Hotels are public, so a hotelier touching someone else's hotel
// gets 403 (not 404); a client gets 403 for the role before anything is looked up.

type Deps = { db: Kysely<DB> };

export const toRoomTypeView = (roomType: RoomType & { rooms?: number }) => ({
  id: roomType.id,
  hotelId: roomType.hotelId,
  name: roomType.name,
  capacity: roomType.capacity,
  basePrice: { amount: roomType.basePrice, currency: roomType.currency },
  ...(roomType.rooms === undefined ? {} : { rooms: roomType.rooms }),
});

async function ownHotel(db: Kysely<DB>, user: AuthUser, hotelId: string): Promise<Hotel> {
  requireRole(user, 'hotelier');
  const hotel = await findHotel(db, hotelId);
  if (!hotel) throw new HotelNotFoundError();
  if (hotel.ownerId !== user.id) throw new NotHotelOwnerError();
  return hotel;
}

async function ownRoomType(db: Kysely<DB>, user: AuthUser, roomTypeId: string): Promise<RoomType> {
  requireRole(user, 'hotelier');
  const found = await findRoomType(db, roomTypeId);
  if (!found) throw new RoomTypeNotFoundError();
  if (found.hotel.ownerId !== user.id) throw new NotHotelOwnerError();
  return found.roomType;
}

export async function createHotel({ db }: Deps, user: AuthUser, input: HotelInput): Promise<Hotel> {
  requireRole(user, 'hotelier');
  return insertHotel(db, user.id, input);
}

export async function changeHotel(
  { db }: Deps,
  user: AuthUser,
  hotelId: string,
  changes: UpdateHotelInput,
): Promise<Hotel> {
  await ownHotel(db, user, hotelId);
  return updateHotel(db, hotelId, changes);
}

export async function addRoomType({ db }: Deps, user: AuthUser, hotelId: string, input: RoomTypeInput) {
  await ownHotel(db, user, hotelId);
  return toRoomTypeView(await insertRoomType(db, hotelId, input));
}

export async function changeRoomType(
  { db }: Deps,
  user: AuthUser,
  roomTypeId: string,
  changes: UpdateRoomTypeInput,
) {
  await ownRoomType(db, user, roomTypeId);
  return toRoomTypeView(await updateRoomType(db, roomTypeId, changes));
}

/** Adds physical rooms; all or nothing (a label already used by this type → 409, nothing added). */
export async function addRooms({ db }: Deps, user: AuthUser, roomTypeId: string, labels: string[]) {
  await ownRoomType(db, user, roomTypeId);
  return db.transaction().execute(async (trx) => {
    const rooms = await insertRooms(trx, roomTypeId, labels);
    const taken = labels.find((label) => !rooms.some((room) => room.label === label));
    if (taken !== undefined) throw new RoomLabelTakenError(taken);
    return { rooms };
  });
}

/** Sets the nightly price for the nights [from, to); it overrides the base price and older overrides. */
export async function setRate({ db }: Deps, user: AuthUser, roomTypeId: string, input: PutRateInput) {
  const roomType = await ownRoomType(db, user, roomTypeId);
  const rate = await insertRate(db, roomTypeId, input);
  return { ...rate, price: { amount: rate.price, currency: roomType.currency } };
}
