import type { Kysely, Transaction } from 'kysely';
import type { z } from 'zod';
import type { DB } from '../db/schema.js';
import { currentCorrelationId, log, runInInvocation, sanitizeCorrelationId } from '../observability.js';
import { publish, type QueueContract } from './queues.js';

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
      messages.map((message) => ({
        queue: queue.name,
        body: JSON.stringify(queue.schema.parse(message)),
        correlation_id: currentCorrelationId() ?? null,
      })),
    )
    .returning('id')
    .execute();
  return rows.map((row) => row.id);
}

const passthrough = { parse: (value: unknown) => value } as unknown as z.ZodType;

/**
 * Sends pending outbox rows (all, or just `ids`) and deletes each row once SQS accepted it. Rows are
 * claimed with SKIP LOCKED so concurrent relays never send the same row at the same time; a crash after
 * sending but before the commit sends it again later (consumers are idempotent). A group that SQS
 * refuses (unknown queue, outage) stays for the next run and does not hold back the other groups.
 */
export async function relay(
  db: Kysely<DB>,
  options: { ids?: string[]; limit?: number } = {},
): Promise<{ sent: number; failed: number }> {
  if (options.ids?.length === 0) return { sent: 0, failed: 0 };
  return db.transaction().execute(async (trx) => {
    let query = trx
      .selectFrom('outbox')
      .select(['id', 'queue', 'body', 'correlation_id'])
      .orderBy('id')
      .limit(options.limit ?? 500)
      .forUpdate()
      .skipLocked();
    if (options.ids) query = query.where('id', 'in', options.ids);
    const rows = await query.execute();
    const groups = new Map<string, typeof rows>();
    for (const row of rows) {
      const key = `${row.queue}\u0000${row.correlation_id ?? ''}`;
      groups.set(key, [...(groups.get(key) ?? []), row]);
    }
    const sentIds: string[] = [];
    let failed = 0;
    for (const group of groups.values()) {
      const { queue, correlation_id } = group[0]!;
      try {
        await runInInvocation(sanitizeCorrelationId(correlation_id), () =>
          publish(
            { name: queue, schema: passthrough },
            group.map((row) => ({ message: JSON.parse(row.body) })),
          ),
        );
        sentIds.push(...group.map((row) => row.id));
      } catch (error) {
        failed += group.length;
        log().error('outbox relay failed; the rows stay for the next run', {
          queue,
          count: group.length,
          error: error as Error,
        });
      }
    }
    if (sentIds.length > 0) await trx.deleteFrom('outbox').where('id', 'in', sentIds).execute();
    return { sent: sentIds.length, failed };
  });
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
