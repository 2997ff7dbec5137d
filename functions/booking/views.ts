import type { RoomType } from './adapters/catalogue.repository.js';

export const toRoomTypeView = (roomType: RoomType & { rooms?: number }) => ({
  id: roomType.id,
  hotelId: roomType.hotelId,
  name: roomType.name,
  capacity: roomType.capacity,
  basePrice: { amount: roomType.basePrice, currency: roomType.currency },
  ...(roomType.rooms === undefined ? {} : { rooms: roomType.rooms }),
});
