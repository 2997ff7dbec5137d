import { cronHandler } from '#platform/cron';
import { expireHolds } from '../../expire-holds.js';
import { expireHoldsOptions, stayQueryDeps } from '../../runtime.js';

export const handler = cronHandler('expireHolds', async () =>
  expireHolds(await stayQueryDeps(), expireHoldsOptions),
);
