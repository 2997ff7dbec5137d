import { contractHandler } from '#platform/contracts/invoke';
import { getDb } from '#platform/db/index';
import { GetBusyIntervals } from '../../contract.js';
import { getBusyIntervals } from '../../get-busy-intervals.js';

export const handler = contractHandler(GetBusyIntervals, async (input) =>
  getBusyIntervals({ db: await getDb() }, input),
);
