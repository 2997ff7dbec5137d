import type { Kysely } from 'kysely';
import type { DB } from '#platform/db/schema';
import { relay } from '#platform/messaging/outbox';

export interface RelayOptions {
  /** Rows claimed per round. */
  batchSize: number;
  /** At most this many rounds per run; the next run (a minute later) takes the rest. */
  maxRounds: number;
}

/** Sends outbox messages that were not relayed right after their commit (crash, SQS outage). */
export async function relayOutbox({ db }: { db: Kysely<DB> }, options: RelayOptions) {
  const total = { sent: 0, failed: 0 };
  for (let round = 0; round < options.maxRounds; round++) {
    const { sent, failed } = await relay(db, { limit: options.batchSize });
    total.sent += sent;
    total.failed += failed;
    if (sent + failed < options.batchSize || sent === 0) break;
  }
  return total;
}
