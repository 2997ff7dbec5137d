import {
  type Insertable,
  type Kysely,
  type Selectable,
  sql,
  type Transaction,
  type Updateable,
} from 'kysely';
import type { DB, Hotels, RoomTypes } from '#platform/db/schema';
import type { RateOverride, Stay } from '../domain/stay.js';
import type { HotelInput, RoomTypeInput, UpdateHotelInput, UpdateRoomTypeInput } from '../schemas.js';
import { roomFreeDuring } from './occupancy.js';

type Executor = Kysely<DB> | Transaction<DB>;

export interface Hotel {
  id: string;
  ownerId: string;
  name: string;
  city: string;
  address: string;
  timeZone: string;
  checkInTime: string;
  checkOutTime: string;
  freeCancellationHours: number;
  lateCancellationRefundPercent: number;
}

export interface RoomType {
  id: string;
  hotelId: string;
  name: string;
  capacity: number;
  basePrice: number;
  currency: string;
}

export const toHotel = (row: Selectable<Hotels>): Hotel => ({
  id: row.id,
  ownerId: row.owner_id,
  name: row.name,
  city: row.city,
  address: row.address,
  timeZone: row.time_zone,
  checkInTime: row.check_in_time,
  checkOutTime: row.check_out_time,
  freeCancellationHours: row.free_cancellation_hours,
  lateCancellationRefundPercent: row.late_cancellation_refund_percent,
});

const toRoomType = (row: Selectable<RoomTypes>): RoomType => ({
  id: row.id,
  hotelId: row.hotel_id,
  name: row.name,
  capacity: row.capacity,
  basePrice: row.base_price,
  currency: row.currency,
});

/** The columns of a whole hotel (to insert) or of a change (to update). */
function hotelColumns(input: HotelInput): Omit<Insertable<Hotels>, 'owner_id'>;
function hotelColumns(input: UpdateHotelInput): Updateable<Hotels>;
function hotelColumns(input: Partial<HotelInput>): Updateable<Hotels> {
  return {
    name: input.name,
    city: input.city,
    address: input.address,
    time_zone: input.timeZone,
    check_in_time: input.checkInTime,
    check_out_time: input.checkOutTime,
    free_cancellation_hours: input.freeCancellationHours,
    late_cancellation_refund_percent: input.lateCancellationRefundPercent,
  };
}

export async function insertHotel(db: Executor, ownerId: string, input: HotelInput): Promise<Hotel> {
  const row = await db
    .insertInto('hotels')
    .values({ ...hotelColumns(input), owner_id: ownerId })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toHotel(row);
}

export async function updateHotel(db: Executor, id: string, changes: UpdateHotelInput): Promise<Hotel> {
  const row = await db
    .updateTable('hotels')
    .set({ ...hotelColumns(changes), updated_at: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toHotel(row);
}

export async function findHotel(db: Executor, id: string): Promise<Hotel | undefined> {
  const row = await db.selectFrom('hotels').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toHotel(row);
}

export async function findHotels(db: Executor, options: { city?: string; limit: number }): Promise<Hotel[]> {
  let query = db.selectFrom('hotels').selectAll().orderBy('name').orderBy('id').limit(options.limit);
  if (options.city) query = query.where(sql<string>`lower(city)`, '=', options.city.toLowerCase());
  return (await query.execute()).map(toHotel);
}

export async function insertRoomType(db: Executor, hotelId: string, input: RoomTypeInput): Promise<RoomType> {
  const row = await db
    .insertInto('room_types')
    .values({
      hotel_id: hotelId,
      name: input.name,
      capacity: input.capacity,
      base_price: input.basePrice,
      currency: input.currency,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toRoomType(row);
}

export async function updateRoomType(
  db: Executor,
  id: string,
  changes: UpdateRoomTypeInput,
): Promise<RoomType> {
  const row = await db
    .updateTable('room_types')
    .set({
      name: changes.name,
      capacity: changes.capacity,
      base_price: changes.basePrice,
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toRoomType(row);
}

/** A room type with its hotel (callers check ownership and that it belongs to the hotel they name). */
export async function findRoomType(
  db: Executor,
  id: string,
): Promise<{ roomType: RoomType; hotel: Hotel } | undefined> {
  const roomType = await db.selectFrom('room_types').selectAll().where('id', '=', id).executeTakeFirst();
  if (!roomType) return undefined;
  const hotel = await findHotel(db, roomType.hotel_id);
  return hotel && { roomType: toRoomType(roomType), hotel };
}

export async function listRoomTypes(
  db: Executor,
  hotelIds: string[],
  minCapacity = 1,
): Promise<(RoomType & { rooms: number })[]> {
  if (hotelIds.length === 0) return [];
  const rows = await db
    .selectFrom('room_types')
    .selectAll('room_types')
    .select((eb) =>
      eb
        .selectFrom('rooms')
        .whereRef('rooms.room_type_id', '=', 'room_types.id')
        .select(eb.fn.countAll<string>().as('n'))
        .as('rooms'),
    )
    .where('hotel_id', 'in', hotelIds)
    .where('capacity', '>=', minCapacity)
    .orderBy('base_price')
    .orderBy('id')
    .execute();
  return rows.map((row) => ({ ...toRoomType(row), rooms: Number(row.rooms ?? 0) }));
}

/** Inserts the rooms, or returns the first label that already exists for this type. */
export async function insertRooms(db: Executor, roomTypeId: string, labels: string[]) {
  const rows = await db
    .insertInto('rooms')
    .values(labels.map((label) => ({ room_type_id: roomTypeId, label })))
    .onConflict((conflict) => conflict.columns(['room_type_id', 'label']).doNothing())
    .returning(['id', 'room_type_id', 'label'])
    .execute();
  return rows.map((row) => ({ id: row.id, roomTypeId: row.room_type_id, label: row.label }));
}

export async function insertRate(
  db: Executor,
  roomTypeId: string,
  rate: { from: string; to: string; price: number },
) {
  const row = await db
    .insertInto('room_rates')
    .values({ room_type_id: roomTypeId, starts_on: rate.from, ends_on: rate.to, price: rate.price })
    .returning(['id', 'room_type_id', 'starts_on', 'ends_on', 'price'])
    .executeTakeFirstOrThrow();
  return {
    id: String(row.id),
    roomTypeId: row.room_type_id,
    from: row.starts_on,
    to: row.ends_on,
    price: row.price,
  };
}

/** Overrides of these room types that cover any night of the stay. */
export async function ratesFor(
  db: Executor,
  roomTypeIds: string[],
  stay: Stay,
): Promise<Map<string, RateOverride[]>> {
  const byType = new Map<string, RateOverride[]>();
  if (roomTypeIds.length === 0) return byType;
  const rows = await db
    .selectFrom('room_rates')
    .select(['id', 'room_type_id', 'starts_on', 'ends_on', 'price'])
    .where('room_type_id', 'in', roomTypeIds)
    .where('starts_on', '<', stay.checkOut)
    .where('ends_on', '>', stay.checkIn)
    .execute();
  for (const row of rows) {
    const list = byType.get(row.room_type_id) ?? [];
    list.push({ id: String(row.id), startsOn: row.starts_on, endsOn: row.ends_on, price: row.price });
    byType.set(row.room_type_id, list);
  }
  return byType;
}

/** Rooms of each type with no occupying booking overlapping the stay (same predicate as the constraint). */
export async function freeRoomCounts(
  db: Executor,
  roomTypeIds: string[],
  stay: Stay,
): Promise<Map<string, number>> {
  if (roomTypeIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('rooms')
    .select(['room_type_id', (eb) => eb.fn.countAll<string>().as('free')])
    .where('room_type_id', 'in', roomTypeIds)
    .where(roomFreeDuring(stay))
    .groupBy('room_type_id')
    .execute();
  return new Map(rows.map((row) => [row.room_type_id, Number(row.free)]));
}
