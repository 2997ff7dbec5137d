import { cronHandler } from '#platform/cron';
import { cancelUnpaidOrders } from '../../cancel-unpaid-orders.js';
import { cancelUnpaidDeps } from '../../runtime.js';

export const handler = cronHandler('cancelUnpaidOrders', async () => {
  const { deps, options } = await cancelUnpaidDeps();
  return cancelUnpaidOrders(deps, options);
});
