import { contractHandler } from '#platform/contracts/invoke';
import { ListUserBookings } from '../../contract.js';
import { toBookingSummary } from '../../contract-views.js';
import { listBookings } from '../../list-bookings.js';
import { bookingDbDeps } from '../../runtime.js';

export const handler = contractHandler(ListUserBookings, async ({ userId, limit }) => {
  const { items } = await listBookings(await bookingDbDeps(), { id: userId, role: 'client' }, { limit });
  return { bookings: items.map(toBookingSummary) };
});
