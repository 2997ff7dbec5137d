import type { Kysely, Transaction } from 'kysely';
import type { DB } from '#platform/db/schema';
import { enqueue } from '#platform/messaging/outbox';
import { type NotificationMessage, notificationsQueue } from '../../notifications/contract.js';

/**
 * Runs one change in a transaction; the notifications it announces go to the outbox in that same
 * transaction and are relayed right after the commit (`relay`: relayQuietly in production; the
 * relayOutbox cron sends whatever that could not).
 */
export async function commitChange<T>(
  { db, relay }: { db: Kysely<DB>; relay: (outboxIds: string[]) => Promise<void> },
  work: (trx: Transaction<DB>, notify: (messages: NotificationMessage[]) => void) => Promise<T>,
): Promise<T> {
  const { result, outboxIds } = await db.transaction().execute(async (trx) => {
    const pending: NotificationMessage[] = [];
    const value = await work(trx, (messages) => pending.push(...messages));
    return { result: value, outboxIds: await enqueue(trx, notificationsQueue, pending) };
  });
  await relay(outboxIds);
  return result;
}
