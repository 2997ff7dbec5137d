import { getDb } from '../../../../layers/platform/db/index.js';
import { httpHandler } from '../../../../layers/platform/http/handler.js';
import { created } from '../../../../layers/platform/http/responses.js';
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
