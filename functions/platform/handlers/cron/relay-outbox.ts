import { cronHandler } from '#platform/cron';
import { getDb } from '#platform/db/index';
import { relay } from '#platform/messaging/outbox';

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
