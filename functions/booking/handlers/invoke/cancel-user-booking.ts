import { contractHandler } from '#platform/contracts/invoke';
import { cancelBooking } from '../../cancel-booking.js';
import { CancelUserBooking } from '../../contract.js';
import { toBookingSummary } from '../../contract-views.js';
import { contractCaller, stayQueryDeps } from '../../runtime.js';

export const handler = contractHandler(CancelUserBooking, async ({ userId, bookingId }) => {
  const result = await cancelBooking(await stayQueryDeps(), await contractCaller(userId), bookingId);
  return { booking: toBookingSummary(result.booking) };
});
