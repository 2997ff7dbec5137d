import { getDb } from '#platform/db/index';
import { httpHandler } from '#platform/http/handler';
import { created } from '#platform/http/responses';
import { createHotel } from '../../catalogue.js';
import { HotelBody } from '../../schemas.js';

export const handler = httpHandler({
  auth: true,
  body: HotelBody,
  handler: async ({ user, body }) => {
    const hotel = await createHotel({ db: await getDb() }, user, body);
    return created(hotel, `/hotels/${hotel.id}`);
  },
});
