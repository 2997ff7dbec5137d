import { contractHandler } from '#platform/contracts/invoke';
import { ListUserBookings } from '../../contract.js';
import { toBookingSummary } from '../../contract-views.js';
import { listBookings } from '../../list-bookings.js';
import { bookingDbDeps, contractCaller } from '../../runtime.js';

export const handler = contractHandler(ListUserBookings, async ({ userId, limit }) => {
  const { items } = await listBookings(await bookingDbDeps(), await contractCaller(userId), { limit });
  return { bookings: items.map(toBookingSummary) };
});
