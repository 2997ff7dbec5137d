import type { Kysely } from 'kysely';
import type { DB } from '#platform/db/schema';
import { relayQuietly } from '#platform/messaging/outbox';
import { claimUnpaidOrders } from './adapters/orders.repository.js';
import { cancelLocked } from './cancel-order.js';

/**
 * Cancels orders that have been awaiting payment for `timeoutMinutes` and releases their stock, one
 * batch per transaction. Batches are claimed with SKIP LOCKED: an order being paid or cancelled right
 * now is left to that request (and re-checked by the next run), and two cron runs never take the same one.
 */
export async function cancelUnpaidOrders(
  { db, now }: { db: Kysely<DB>; now: () => Date },
  options: { timeoutMinutes: number; batchSize: number; budgetMs: number },
): Promise<{ cancelled: number }> {
  const started = Date.now();
  let cancelled = 0;
  for (;;) {
    const { count, outboxIds } = await db.transaction().execute(async (trx) => {
      const at = now();
      const cutoff = new Date(at.getTime() - options.timeoutMinutes * 60_000);
      const orders = await claimUnpaidOrders(trx, cutoff, options.batchSize);
      const ids: string[] = [];
      for (const order of orders) ids.push(...(await cancelLocked(trx, order, at)).outboxIds);
      return { count: orders.length, outboxIds: ids };
    });
    await relayQuietly(db, outboxIds);
    cancelled += count;
    if (count < options.batchSize || Date.now() - started > options.budgetMs) break;
  }
  return { cancelled };
}
