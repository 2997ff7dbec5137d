import { getDb } from '../../../../layers/platform/db/index.js';
import { httpHandler } from '../../../../layers/platform/http/handler.js';
import { ok } from '../../../../layers/platform/http/responses.js';
import { listMyBookings } from '../../bookings.js';
import { ListBookingsQuery } from '../../schemas.js';

export const handler = httpHandler({
  auth: true,
  query: ListBookingsQuery,
  handler: async ({ user, query }) => ok(await listMyBookings({ db: await getDb() }, user, query)),
});
