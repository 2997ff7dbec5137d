import { httpHandler } from '#platform/http/handler';
import { ok } from '#platform/http/responses';
import { listBookings } from '../../list-bookings.js';
import { bookingDbDeps } from '../../runtime.js';
import { ListBookingsQuery } from '../../schemas.js';

export const handler = httpHandler({
  auth: true,
  query: ListBookingsQuery,
  handler: async ({ user, query }) => ok(await listBookings(await bookingDbDeps(), user, query)),
});
