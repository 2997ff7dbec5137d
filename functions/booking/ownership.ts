import type { Kysely } from 'kysely';
import { requireRole } from '#platform/auth/access';
import type { AuthUser } from '#platform/auth/tokens';
import type { DB } from '#platform/db/schema';
import { findHotel, findRoomType, type Hotel, type RoomType } from './adapters/catalogue.repository.js';
import { HotelNotFoundError, NotHotelOwnerError, RoomTypeNotFoundError } from './domain/errors.js';

// The check every hotelier command starts with. Hotels are public, so a hotelier touching someone
// else's hotel gets 403 (not 404); a client gets 403 for the role before anything is looked up.

export async function ownHotel(db: Kysely<DB>, user: AuthUser, hotelId: string): Promise<Hotel> {
  requireRole(user, 'hotelier');
  const hotel = await findHotel(db, hotelId);
  if (!hotel) throw new HotelNotFoundError();
  if (hotel.ownerId !== user.id) throw new NotHotelOwnerError();
  return hotel;
}

export async function ownRoomType(db: Kysely<DB>, user: AuthUser, roomTypeId: string): Promise<RoomType> {
  requireRole(user, 'hotelier');
  const found = await findRoomType(db, roomTypeId);
  if (!found) throw new RoomTypeNotFoundError();
  if (found.hotel.ownerId !== user.id) throw new NotHotelOwnerError();
  return found.roomType;
}
