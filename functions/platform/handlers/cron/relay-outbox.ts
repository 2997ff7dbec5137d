import { cronHandler } from '../../../../layers/platform/cron.js';
import { getDb } from '../../../../layers/platform/db/index.js';
import { relay } from '../../../../layers/platform/messaging/outbox.js';

const BATCH = 500;

/** Sends outbox messages that were not relayed right after their commit (crash, SQS outage). */
export const handler = cronHandler('relayOutbox', async () => {
  const db = await getDb();
  const total = { sent: 0, failed: 0 };
  for (let round = 0; round < 20; round++) {
    const { sent, failed } = await relay(db, { limit: BATCH });
    total.sent += sent;
    total.failed += failed;
    if (sent + failed < BATCH || sent === 0) break;
  }
  return total;
});
