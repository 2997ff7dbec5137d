import { cronHandler } from '#platform/cron';
import { dispatchMailings } from '../../dispatch-mailings.js';
import { dispatchDeps } from '../../runtime.js';

// Every minute: leave 10 s of the function's 60 s timeout for the expiry sweep and the commit.
export const handler = cronHandler('dispatchMailings', async () =>
  dispatchMailings(await dispatchDeps(), { budgetMs: 45_000 }),
);
