import { httpHandler } from '#platform/http/handler';
import { created } from '#platform/http/responses';
import { createHotel } from '../../create-hotel.js';
import { bookingDbDeps } from '../../runtime.js';
import { HotelBody } from '../../schemas.js';

export const handler = httpHandler({
  auth: true,
  body: HotelBody,
  handler: async ({ user, body }) => {
    const hotel = await createHotel(await bookingDbDeps(), user, body);
    return created(hotel, `/hotels/${hotel.id}`);
  },
});
