import { getDb } from '#platform/db/index';
import { httpHandler } from '#platform/http/handler';
import { ok } from '#platform/http/responses';
import { listMyBookings } from '../../bookings.js';
import { ListBookingsQuery } from '../../schemas.js';

export const handler = httpHandler({
  auth: true,
  query: ListBookingsQuery,
  handler: async ({ user, query }) => ok(await listMyBookings({ db: await getDb() }, user, query)),
});
