import type { Kysely } from 'kysely';
import type { DB } from '#platform/db/schema';
import { relayQuietly } from '#platform/messaging/outbox';
import { claimExpiredHolds } from './adapters/bookings.repository.js';
import { findHotel } from './adapters/catalogue.repository.js';
import { changeStatus } from './status-change.js';

/**
 * Marks holds past their expiry as expired, which frees their rooms (the exclusion constraint only
 * covers pending and confirmed bookings). Batches are claimed with SKIP LOCKED: a hold a webhook is
 * deciding right now is left to the webhook, which re-checks the expiry under the same row lock.
 */
export async function expireHolds(
  { db, now = () => new Date() }: { db: Kysely<DB>; now?: () => Date },
  options: { batchSize: number; budgetMs: number },
) {
  const started = Date.now();
  let expired = 0;
  for (;;) {
    const { count, outboxIds } = await db.transaction().execute(async (trx) => {
      const at = now();
      const holds = await claimExpiredHolds(trx, at, options.batchSize);
      const ids: string[] = [];
      for (const hold of holds) {
        const hotel = await findHotel(trx, hold.hotelId);
        if (!hotel) continue;
        ids.push(...(await changeStatus(trx, hold, hotel, 'expired', at)).outboxIds);
      }
      return { count: holds.length, outboxIds: ids };
    });
    await relayQuietly(db, outboxIds);
    expired += count;
    if (count < options.batchSize || Date.now() - started > options.budgetMs) break;
  }
  return { expired };
}
