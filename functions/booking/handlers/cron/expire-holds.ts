import { cronHandler } from '../../../../layers/platform/cron.js';
import { getDb } from '../../../../layers/platform/db/index.js';
import { expireHolds } from '../../expire-holds.js';

export const handler = cronHandler('expireHolds', async () =>
  expireHolds({ db: await getDb() }, { batchSize: 100, budgetMs: 20_000 }),
);
