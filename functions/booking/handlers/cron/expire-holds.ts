import { cronHandler } from '#platform/cron';
import { getDb } from '#platform/db/index';
import { expireHolds } from '../../expire-holds.js';

export const handler = cronHandler('expireHolds', async () =>
  expireHolds({ db: await getDb() }, { batchSize: 100, budgetMs: 20_000 }),
);
