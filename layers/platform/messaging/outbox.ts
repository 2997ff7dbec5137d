import type { Kysely, Transaction } from 'kysely';
import type { z } from 'zod';
import type { DB } from '../db/schema.js';
import {
  currentCorrelationId,
  log,
  MetricUnit,
  metrics,
  runInInvocation,
  sanitizeCorrelationId,
} from '../observability.js';
import { type FifoRow, sendableInOrder, sendFifoRows } from './fifo-relay.js';
import { type QueueContract, sendBatch } from './queues.js';

/**
 * Transactional outbox: a message is written in the same transaction as the state change it
 * announces, so a crash can never leave one without the other. `relay` sends pending rows right after
 * the commit; the relayOutbox cron picks up whatever a crash or an SQS outage left behind.
 */
export async function enqueue<S extends z.ZodType>(
  trx: Transaction<DB> | Kysely<DB>,
  queue: QueueContract<S>,
  messages: z.input<S>[],
): Promise<string[]> {
  if (messages.length === 0) return [];
  const rows = await trx
    .insertInto('outbox')
    .values(
      messages.map((message) => {
        const parsed = queue.schema.parse(message);
        return {
          queue: queue.name,
          body: JSON.stringify(parsed),
          correlation_id: currentCorrelationId() ?? null,
          // FIFO queues: the group and deduplication id travel with the row (see fifo-relay.ts).
          ...(queue.fifo && {
            message_group_id: queue.fifo.groupId(parsed),
            message_deduplication_id: queue.fifo.deduplicationId(parsed),
          }),
        };
      }),
    )
    .returning('id')
    .execute();
  return rows.map((row) => row.id);
}

/** After this many refused sends a row is set aside (kept, with its last error) and an error is logged. */
export const MAX_ATTEMPTS = 10;

/** An outbox row as the relay claims it (FIFO rows carry their group and deduplication id). */
type Claimed = FifoRow;

/**
 * Sends pending outbox rows (all, or just `ids`) and deletes each row as soon as SQS accepted it. Rows
 * are claimed with SKIP LOCKED so concurrent relays never send the same row at the same time; a crash
 * after sending but before the commit sends it again later (consumers are idempotent). A message SQS
 * refuses keeps its row with one more attempt; after MAX_ATTEMPTS it is set aside, so it neither
 * retries forever nor holds back the rows behind it.
 */
export async function relay(
  db: Kysely<DB>,
  options: { ids?: string[]; limit?: number } = {},
): Promise<{ sent: number; failed: number }> {
  if (options.ids?.length === 0) return { sent: 0, failed: 0 };
  return db.transaction().execute(async (trx) => {
    let query = trx
      .selectFrom('outbox')
      .select([
        'id',
        'queue',
        'body',
        'correlation_id',
        'attempts',
        'message_group_id',
        'message_deduplication_id',
      ])
      .where('set_aside_at', 'is', null)
      .orderBy('id')
      .limit(options.limit ?? 500)
      .forUpdate()
      .skipLocked();
    if (options.ids) query = query.where('id', 'in', options.ids);
    const rows = await query.execute();
    const sent: string[] = [];
    const refused: { row: Claimed; reason: string }[] = [];
    const standard = rows.filter((row) => row.message_group_id === null);
    for (const chunk of chunksByQueueAndCorrelation(standard)) {
      const first = chunk[0]!;
      try {
        const outcome = await runInInvocation(sanitizeCorrelationId(first.correlation_id), () =>
          sendBatch(
            first.queue,
            chunk.map((row) => row.body),
          ),
        );
        sent.push(...outcome.accepted.map((index) => chunk[index]!.id));
        refused.push(...outcome.rejected.map(({ index, reason }) => ({ row: chunk[index]!, reason })));
      } catch (error) {
        refused.push(...chunk.map((row) => ({ row, reason: String((error as Error).message ?? error) })));
      }
    }
    // FIFO rows: in order per group, never ahead of an earlier row of the group (see fifo-relay.ts).
    const fifo = await sendFifoRows(
      await sendableInOrder(
        trx,
        rows.filter((row) => row.message_group_id !== null),
      ),
    );
    sent.push(...fifo.sent);
    refused.push(...fifo.refused);
    if (sent.length > 0) await trx.deleteFrom('outbox').where('id', 'in', sent).execute();
    await recordRefusals(trx, refused);
    return { sent: sent.length, failed: refused.length };
  });
}

/** Groups rows by queue and correlation id (one SendMessageBatch each), at most ten per batch. */
function chunksByQueueAndCorrelation(rows: Claimed[]): Claimed[][] {
  const groups = new Map<string, Claimed[]>();
  for (const row of rows) {
    const key = `${row.queue}\u0000${row.correlation_id ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  return [...groups.values()].flatMap((group) =>
    Array.from({ length: Math.ceil(group.length / 10) }, (_, index) =>
      group.slice(index * 10, index * 10 + 10),
    ),
  );
}

async function recordRefusals(
  trx: Transaction<DB>,
  refused: { row: Claimed; reason: string }[],
): Promise<void> {
  for (const { row, reason } of refused) {
    const attempts = row.attempts + 1;
    const setAside = attempts >= MAX_ATTEMPTS;
    await trx
      .updateTable('outbox')
      .set({ attempts, last_error: reason.slice(0, 500), set_aside_at: setAside ? new Date() : null })
      .where('id', '=', row.id)
      .execute();
    if (setAside) {
      metrics.addMetric('OutboxMessagesSetAside', MetricUnit.Count, 1);
      log().error('outbox message set aside after repeated refusals', {
        outboxId: row.id,
        queue: row.queue,
        reason,
      });
    } else {
      log().warn('outbox message refused; it stays for the next run', {
        outboxId: row.id,
        queue: row.queue,
        attempts,
        reason,
      });
    }
  }
}

/** Relays right after a commit without failing the request: the cron retries what could not be sent. */
export async function relayQuietly(db: Kysely<DB>, ids: string[]): Promise<void> {
  try {
    const { failed } = await relay(db, { ids });
    if (failed > 0) log().warn('outbox relay deferred to the cron', { failed });
  } catch (error) {
    log().warn('outbox relay deferred to the cron', { error: error as Error, count: ids.length });
  }
}
