import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { runInInvocation, sanitizeCorrelationId } from '../observability.js';
import { classifyEntry, classifyError } from './delivery.js';
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
export async function sendableInOrder<R extends FifoRow>(db: Kysely<DB>, rows: R[]): Promise<R[]> {
  if (rows.length === 0) return [];
  const claimed = new Set(rows.map((row) => row.id));
  const maxId = rows.reduce((max, row) => (BigInt(row.id) > max ? BigInt(row.id) : max), 0n);
  // A plain read: rows other relays have claimed (leased) are visible until they delete them.
  const earlier = await db
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

export interface FifoOutcome<R> {
  sent: string[];
  /** Permanent refusals: they cost the row an attempt. */
  refused: { row: R; reason: string }[];
  /** Transient failures (throttling, SQS unreachable): the row waits, nothing counted. */
  deferred: { row: R; reason: string }[];
  /** Not tried in this run: behind a failed row of their group, after an outage, or out of time. */
  untried: R[];
  outage?: string;
}

/**
 * Sends rows (already in id order) in batches of up to ten with at most one row per group each, so a
 * failed entry can never be overtaken by a later entry of its group accepted in the same batch. After a
 * failure the group's later rows wait for the next run; after a transport failure nothing more is tried.
 */
export async function sendFifoRows<R extends FifoRow>(
  rows: R[],
  signal?: AbortSignal,
): Promise<FifoOutcome<R>> {
  const outcome: FifoOutcome<R> = { sent: [], refused: [], deferred: [], untried: [] };
  const stopped = new Set<string>();
  let pending = rows;
  while (pending.length > 0) {
    if (signal?.aborted) {
      outcome.untried.push(...pending);
      break;
    }
    const { batch, rest } = nextBatch(pending);
    const first = batch[0]!;
    try {
      const result = await runInInvocation(sanitizeCorrelationId(first.correlation_id), () =>
        sendFifoBatch(
          first.queue,
          batch.map((row) => ({
            body: row.body,
            groupId: row.message_group_id!,
            deduplicationId: row.message_deduplication_id ?? `outbox-${row.id}`,
            correlationId: row.correlation_id,
          })),
          signal,
        ),
      );
      outcome.sent.push(...result.accepted.map((index) => batch[index]!.id));
      for (const entry of result.rejected) {
        const row = batch[entry.index]!;
        (classifyEntry(entry) === 'permanent' ? outcome.refused : outcome.deferred).push({
          row,
          reason: entry.reason,
        });
        stopped.add(groupKey(row));
      }
    } catch (error) {
      const reason = String((error as Error)?.message ?? error);
      if (classifyError(error) !== 'permanent') {
        outcome.deferred.push(...batch.map((row) => ({ row, reason })));
        outcome.untried.push(...rest);
        outcome.outage = `${(error as Error)?.name ?? 'Error'}: ${reason}`;
        break;
      }
      for (const row of batch) {
        outcome.refused.push({ row, reason });
        stopped.add(groupKey(row));
      }
    }
    const [waiting, next] = partition(rest, (row) => stopped.has(groupKey(row)));
    outcome.untried.push(...waiting);
    pending = next;
  }
  return outcome;
}

function partition<T>(items: T[], test: (item: T) => boolean): [T[], T[]] {
  const yes: T[] = [];
  const no: T[] = [];
  for (const item of items) (test(item) ? yes : no).push(item);
  return [yes, no];
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
