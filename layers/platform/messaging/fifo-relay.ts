import type { Transaction } from 'kysely';
import type { DB } from '../db/schema.js';
import { runInInvocation, sanitizeCorrelationId } from '../observability.js';
import { sendFifoBatch } from './queues.js';

/**
 * The outbox relay's part for SQS FIFO queues. SQS keeps a group's messages in the order they were
 * *sent*, so the relay must send each group's rows in outbox order and never send a row while an
 * earlier row of its group is still pending: not claimed by this relay (another relay holds it, or it
 * was set aside), or refused by SQS in this run. Such rows simply stay for a later run.
 */
export interface FifoRow {
  id: string;
  queue: string;
  body: string;
  correlation_id: string | null;
  attempts: number;
  message_group_id: string | null;
  message_deduplication_id: string | null;
}

const groupKey = (row: { queue: string; message_group_id: string | null }) =>
  `${row.queue}\u0000${row.message_group_id}`;

/**
 * Of the claimed FIFO rows, those whose every earlier row of the same group (pending, locked by another
 * relay or set aside) is claimed too: a contiguous head of the group, in id order.
 */
export async function sendableInOrder<R extends FifoRow>(trx: Transaction<DB>, rows: R[]): Promise<R[]> {
  if (rows.length === 0) return [];
  const claimed = new Set(rows.map((row) => row.id));
  const maxId = rows.reduce((max, row) => (BigInt(row.id) > max ? BigInt(row.id) : max), 0n);
  // A plain read (no lock): rows other relays hold are visible until their transaction deletes them.
  const earlier = await trx
    .selectFrom('outbox')
    .select(['id', 'queue', 'message_group_id'])
    .where('queue', 'in', [...new Set(rows.map((row) => row.queue))])
    .where('message_group_id', 'in', [...new Set(rows.map((row) => row.message_group_id!))])
    .where('id', '<=', maxId.toString())
    .orderBy('id')
    .execute();
  const blocked = new Set<string>();
  const sendable = new Set<string>();
  for (const row of earlier) {
    const key = groupKey(row);
    if (blocked.has(key)) continue;
    if (claimed.has(row.id)) sendable.add(row.id);
    else blocked.add(key);
  }
  return rows.filter((row) => sendable.has(row.id)).sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
}

/**
 * Sends rows (already in id order) in batches of up to ten with at most one row per group each, so a
 * refused entry can never be overtaken by a later entry of its group accepted in the same batch. After a
 * refusal the group's later rows wait for the next run (they are not counted as refused).
 */
export async function sendFifoRows<R extends FifoRow>(
  rows: R[],
): Promise<{ sent: string[]; refused: { row: R; reason: string }[] }> {
  const sent: string[] = [];
  const refused: { row: R; reason: string }[] = [];
  const stopped = new Set<string>();
  let pending = rows;
  while (pending.length > 0) {
    const { batch, rest } = nextBatch(pending);
    const first = batch[0]!;
    try {
      const outcome = await runInInvocation(sanitizeCorrelationId(first.correlation_id), () =>
        sendFifoBatch(
          first.queue,
          batch.map((row) => ({
            body: row.body,
            groupId: row.message_group_id!,
            deduplicationId: row.message_deduplication_id ?? `outbox-${row.id}`,
            correlationId: row.correlation_id,
          })),
        ),
      );
      sent.push(...outcome.accepted.map((index) => batch[index]!.id));
      for (const { index, reason } of outcome.rejected) {
        refused.push({ row: batch[index]!, reason });
        stopped.add(groupKey(batch[index]!));
      }
    } catch (error) {
      for (const row of batch) {
        refused.push({ row, reason: String((error as Error).message ?? error) });
        stopped.add(groupKey(row));
      }
    }
    pending = rest.filter((row) => !stopped.has(groupKey(row)));
  }
  return { sent, refused };
}

/** The first queue's next batch: ≤ 10 rows, ≤ 1 per group, keeping each group's order. */
function nextBatch<R extends FifoRow>(rows: R[]): { batch: R[]; rest: R[] } {
  const queue = rows[0]!.queue;
  const batch: R[] = [];
  const rest: R[] = [];
  const inBatch = new Set<string>();
  for (const row of rows) {
    const key = groupKey(row);
    if (batch.length < 10 && row.queue === queue && !inBatch.has(key)) {
      batch.push(row);
      inBatch.add(key);
    } else {
      rest.push(row);
      // A group that had to wait keeps waiting: its later rows must not overtake it.
      inBatch.add(key);
    }
  }
  return { batch, rest };
}
